import { resolve } from 'node:path';
import { describeUrl } from './db/open-postgres-database.js';
import { databasePoolSizeFromEnv, gatewayConfigFromEnv } from './gateway-config-from-env.js';
import { readTlsOptions } from './read-tls-options.js';
import { startGateway } from './start-gateway.js';

/**
 * `npm start`: the gateway on the embedded database in ./data (or DATA_DIR), or on
 * PostgreSQL when DATABASE_URL is set (postgres://user:password@host:port/database),
 * seeded with the demo data on first start, on PORT (default 3000), serving the
 * built pane. HTTPS when TLS_CERT_FILE and TLS_KEY_FILE name a PEM certificate
 * and its key (Outlook loads add-ins only over HTTPS). Ctrl-C closes the server
 * and the database cleanly.
 */
async function main(): Promise<void> {
  const port = Number(process.env['PORT'] ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got "${process.env['PORT']}"`);
  // Checked before anything opens or listens: a bad certificate leaves no database touched and no port taken.
  const tls = readTlsOptions(process.env);
  const config = gatewayConfigFromEnv(process.env);
  const poolSize = databasePoolSizeFromEnv(process.env);
  const dataDir = resolve(process.env['DATA_DIR'] ?? 'data');
  const databaseUrl = process.env['DATABASE_URL']?.trim() || undefined;
  const gateway = await startGateway({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(poolSize ? { databasePoolSize: poolSize } : {}),
    port,
    config,
    ...(process.env['HOST'] ? { host: process.env['HOST'] } : {}),
    paneDir: resolve(__dirname, '..', 'pane'),
    ...(tls ? { tls } : {}),
  });
  const where = databaseUrl ? `PostgreSQL at ${describeUrl(databaseUrl)} (DATABASE_URL)` : `embedded SQLite in ${dataDir}`;
  console.log(`Fieldbook gateway ${gateway.seededNow ? 'created and seeded' : 'opened'} its database: ${where}`);
  if (!tls) console.log('Plain HTTP: Outlook needs HTTPS (TLS_CERT_FILE and TLS_KEY_FILE, see README "Sideload into Outlook")');
  console.log(`Task pane:   ${gateway.url}/pane/taskpane.html`);
  console.log(`Admin page:  ${gateway.url}/pane/admin.html`);
  console.log(`JSON API:    POST ${gateway.url}/api/<Operation>`);
  console.log(`SOAP 1.1:    POST ${gateway.url}/soap   (WSDL: ${gateway.url}/soap?wsdl)`);
  console.log('Demo users: alice, bob, carol, dave, admin — password "demo". Press Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the gateway…`);
    gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Failed to stop cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('The gateway could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
