// Extensionless: Jest loads its global set-up without the moduleNameMapper that maps .js to .ts.
import { startThrowawayPostgres, type ThrowawayPostgres } from '../../scripts/postgres/throwaway-postgres';

declare global {
  var fieldbookPostgres: ThrowawayPostgres | undefined;
}

/**
 * Jest's global set-up: the gateway tests run on both engines, so PostgreSQL must be
 * there. TEST_DATABASE_URL names a server of your own (each test gateway creates and
 * drops a database of its own in it); without it, a throwaway cluster is started for
 * the run (scripts/postgres/throwaway-postgres.ts) and stopped in global-teardown.ts.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['TEST_DATABASE_URL']) return;
  const cluster = await startThrowawayPostgres({ fast: true });
  globalThis.fieldbookPostgres = cluster;
  // Inherited by the test workers, which start after this.
  process.env['TEST_DATABASE_URL'] = cluster.url;
}
