import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_CATALOG } from './catalog/demo-catalog.js';
import { openSqliteDatabase } from './db/open-database.js';
import { describeUrl, openPostgresDatabase } from './db/open-postgres-database.js';
import { seedDatabase } from './demo/seed-database.js';
import { DEFAULT_DEMO_RECORDS, DEFAULT_DEMO_SEED } from './start-gateway.js';

/**
 * `npm run seed -- --records 100000 [--seed N] [--data-dir DIR]`: replaces the
 * records of the database (the embedded one, or PostgreSQL when DATABASE_URL is set)
 * with a generated demo data set (users are kept). Stop the gateway first.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: String(DEFAULT_DEMO_RECORDS) },
      seed: { type: 'string', default: String(DEFAULT_DEMO_SEED) },
      'data-dir': { type: 'string', default: process.env['DATA_DIR'] ?? 'data' },
    },
  });
  const records = Number(values.records);
  const seed = Number(values.seed);
  if (!Number.isInteger(records) || records < 0) throw new Error(`--records must be a whole number, got "${values.records}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be a whole number, got "${values.seed}"`);
  const dataDir = resolve(values['data-dir']);
  const databaseUrl = process.env['DATABASE_URL']?.trim() || undefined;
  const database = databaseUrl ? await openPostgresDatabase(databaseUrl) : await openSqliteDatabase(join(dataDir, 'fieldbook.sqlite'));
  const where = databaseUrl ? `PostgreSQL at ${describeUrl(databaseUrl)}` : dataDir;
  try {
    const started = performance.now();
    const now = Date.now();
    const result = await seedDatabase(database.db, DEMO_CATALOG, { seed, records, today: new Date(now).toISOString().slice(0, 10), now });
    const seconds = (performance.now() - started) / 1000;
    console.log(`Seeded ${result.records} records for ${result.users} users in ${where} (seed ${seed}) in ${seconds.toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error('Seeding failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
