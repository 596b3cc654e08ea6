import { startThrowawayPostgres } from './throwaway-postgres.js';

/**
 * `npm run postgres`: a throwaway PostgreSQL cluster for a developer, the same one the
 * tests start (scripts/postgres/throwaway-postgres.ts). Prints its DATABASE_URL, runs
 * until Ctrl-C, then stops and removes it.
 */
async function main(): Promise<void> {
  const cluster = await startThrowawayPostgres();
  console.log(`PostgreSQL is running in ${cluster.dataDir}`);
  console.log(`DATABASE_URL=${cluster.url}`);
  console.log('For the tests: TEST_DATABASE_URL=<that URL> npm test. Press Ctrl-C to stop and remove it.');
  // The server is another process: this one stays until Ctrl-C, to stop and remove it.
  const alive = setInterval(() => undefined, 60_000);
  const stop = () => {
    clearInterval(alive);
    cluster.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('PostgreSQL could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
