// `npm run cluster -- --gateways N [--port P]`: N gateway processes on consecutive ports,
// all on one PostgreSQL database, as they run behind a load balancer in production
// (README, "Several gateways behind a load balancer"). The database is DATABASE_URL's, or
// a throwaway cluster removed at the end. Ctrl-C (or SIGTERM) stops every gateway, then
// that cluster, so nothing is left running.
import { isIP } from 'node:net';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../postgres/throwaway-postgres.js';
import { startGatewayProcess, type GatewayExit, type GatewayProcess } from './gateway-process.js';
import { CLUSTER_USAGE, parseClusterArgs } from './parse-cluster-args.js';
import { probePostgres } from './probe-postgres.js';
import { redactDatabaseUrl } from './redact-database-url.js';
import { portIsFree, waitForPort } from './tcp-port.js';

// Long enough for a gateway to finish its requests and close its pool; then it is killed.
const STOP_GRACE_MS = 8_000;
// The first gateway migrates and seeds an empty database before it listens.
const LISTEN_TIMEOUT_MS = 180_000;
// The gateway's own default (DATABASE_POOL_SIZE, README "Configuration").
const DEFAULT_POOL_SIZE = 10;

const gateways: GatewayProcess[] = [];
let postgresStart: Promise<ThrowawayPostgres> | undefined;
let stopping = false;
let unexpectedExits = 0;
/** Gateways that have listened: one that ends before is a failed start-up, reported by `launch`. */
const listening = new Set<GatewayProcess>();

function log(message: string): void {
  console.log(`[cluster] ${message}`);
}

function describeExit(exit: GatewayExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code ?? '?'}`;
}

/**
 * Stops every gateway (SIGTERM, SIGKILL after the grace period), then the throwaway
 * PostgreSQL, then exits. In that order: a gateway closing its pool against a server
 * already gone would only print errors. A second signal kills the gateways at once.
 */
async function shutdown(reason: string, code: number): Promise<void> {
  if (stopping) {
    log(`${reason} again: killing the gateways now`);
    for (const gateway of gateways) gateway.kill();
    return;
  }
  stopping = true;
  const running = gateways.filter((gateway) => !gateway.exit());
  log(running.length > 0 ? `${reason}: stopping ${running.length} gateway${running.length === 1 ? '' : 's'}…` : `${reason}: stopping`);
  await Promise.all(running.map((gateway) => gateway.stop(STOP_GRACE_MS)));
  // Started or still starting: wait for it, so that a Ctrl-C during initdb leaves no server behind.
  const throwaway = await postgresStart?.catch(() => undefined);
  if (throwaway) {
    log('stopping and removing the throwaway PostgreSQL…');
    try {
      await throwaway.stop();
    } catch (error) {
      console.error(`[cluster] PostgreSQL did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      code = 1;
    }
  }
  process.exit(unexpectedExits > 0 ? Math.max(code, 1) : code);
}

/** A gateway that ends while the cluster runs: said loudly, the others keep serving (a load balancer would route around it). */
function watch(gateway: GatewayProcess): void {
  void gateway.ended.then((exit) => {
    if (stopping || !listening.has(gateway)) return;
    unexpectedExits++;
    const left = gateways.filter((other) => !other.exit());
    console.error(
      `[cluster] ${gateway.name} (port ${gateway.port}) EXITED UNEXPECTEDLY (${describeExit(exit)}); ` +
        (left.length > 0
          ? `still running: ${left.map((other) => other.name).join(', ')}. Ctrl-C stops them; the exit status will be 1.`
          : 'no gateway is left.'),
    );
    if (left.length === 0) void shutdown('every gateway has exited', 1);
  });
}

async function main(): Promise<void> {
  const parsed = parseClusterArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    console.log(CLUSTER_USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    console.error(`${parsed.message}\n${CLUSTER_USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { options } = parsed;
  // The gateway listens on HOST (default 127.0.0.1); a wildcard address is reached through loopback.
  const host = process.env['HOST']?.trim() || '127.0.0.1';
  const reachAt = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const scheme = process.env['TLS_CERT_FILE'] && process.env['TLS_KEY_FILE'] ? 'https' : 'http';
  // Shown as the gateway prints its own URL (localhost), which is also the name a development certificate covers.
  const shown = reachAt === '127.0.0.1' ? 'localhost' : isIP(reachAt) === 6 ? `[${reachAt}]` : reachAt;
  const origin = (port: number) => `${scheme}://${shown}:${port}`;
  const plan = Array.from({ length: options.gateways }, (_, i) => ({ name: `g${i + 1}`, port: options.port + i }));

  for (const { name, port } of plan) {
    if (!(await portIsFree(host, port))) {
      console.error(
        `Port ${port} on ${host} (for ${name}) is already in use: stop what listens there, or choose another first port with --port`,
      );
      process.exitCode = 2;
      return;
    }
  }

  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  const poolText = process.env['DATABASE_POOL_SIZE']?.trim();
  const poolSize = poolText && /^\d+$/.test(poolText) ? Number(poolText) : DEFAULT_POOL_SIZE;
  const ownUrl = process.env['DATABASE_URL']?.trim() || undefined;
  if (!ownUrl) {
    log('DATABASE_URL is not set: starting a throwaway PostgreSQL (removed at the end)…');
    // Room for every gateway's pool plus the start-up connections and a psql or two.
    postgresStart = startThrowawayPostgres({ maxConnections: Math.max(200, options.gateways * poolSize + 20) });
  }
  const url = ownUrl ?? (await postgresStart!).url;
  if (stopping) return;

  let version: string;
  try {
    const facts = await probePostgres(url);
    version = facts.version;
    const wanted = options.gateways * poolSize;
    if (wanted > facts.usableConnections) {
      console.error(
        `[cluster] warning: ${options.gateways} gateways × pool ${poolSize} = ${wanted} connections, but the server gives ordinary roles ${facts.usableConnections}: ` +
          'lower DATABASE_POOL_SIZE or --gateways, or raise max_connections (docs/scale-out.md, "Connection pools")',
      );
    }
  } catch (error) {
    console.error(
      `[cluster] PostgreSQL at ${redactDatabaseUrl(url)} did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
    await shutdown('no database', 1);
    return;
  }
  if (stopping) return;

  const env = { ...process.env, DATABASE_URL: url };
  const launch = async ({ name, port }: { name: string; port: number }) => {
    const gateway = startGatewayProcess(name, port, { ...env, PORT: String(port) });
    gateways.push(gateway);
    watch(gateway);
    try {
      await waitForPort(reachAt, port, LISTEN_TIMEOUT_MS, () => gateway.exit() !== null || stopping);
      listening.add(gateway);
    } catch (error) {
      if (stopping) return;
      throw new Error(`${name} did not come up: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  try {
    // The first one alone: it migrates and seeds an empty database. The others would wait
    // on the same advisory locks anyway (db/startup-lock.ts, Kysely's migration lock), but
    // one at a time a bad DATABASE_URL or migration failure is reported once, not N times.
    const [first, ...rest] = plan as [(typeof plan)[number], ...typeof plan];
    log(`starting ${first.name}, which migrates and seeds the database if it is empty…`);
    await launch(first);
    if (rest.length > 0 && !stopping) {
      log(`${first.name} is up: starting ${rest.map((g) => g.name).join(', ')}…`);
      await Promise.all(rest.map(launch));
    }
  } catch (error) {
    if (stopping) return;
    console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
    await shutdown('start-up failed', 1);
    return;
  }
  if (stopping) return;

  const throwaway = postgresStart ? await postgresStart : undefined;
  log(`${gateways.length} gateway${gateways.length === 1 ? '' : 's'} up, sharing one database:`);
  for (const gateway of gateways) {
    log(
      `  ${gateway.name}  ${origin(gateway.port)}/pane/taskpane.html   JSON API ${origin(gateway.port)}/api/<Operation>   (pid ${gateway.pid})`,
    );
  }
  log(
    `Database: PostgreSQL ${version} at ${redactDatabaseUrl(url)}` +
      (throwaway ? ` (throwaway, in ${throwaway.dataDir}, removed at the end)` : ' (DATABASE_URL)'),
  );
  log(`Health check: GET <url>/health on each. Demo users alice, bob, carol, dave, admin — password "demo". Ctrl-C stops all of it.`);
}

main().catch((error: unknown) => {
  console.error(`[cluster] ${error instanceof Error ? error.message : String(error)}`);
  void shutdown('error', 1);
});
