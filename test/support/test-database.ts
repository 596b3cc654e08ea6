import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The engines the gateway runs on; integration suites run on each (as they do on each encoding). */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/** A database of its own for one test gateway on the test PostgreSQL server, dropped after. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on TEST_DATABASE_URL's server (set by the tests' global
 * set-up): every test gateway on PostgreSQL gets its own, as every SQLite one gets its
 * own file.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = process.env['TEST_DATABASE_URL'];
  if (!admin) throw new Error('TEST_DATABASE_URL is not set: the tests start PostgreSQL in test/support/global-setup.ts');
  const name = `fieldbook_test_${randomBytes(6).toString('hex')}`;
  await withClient(admin, (c) => c.query(`create database ${name} template template0 encoding 'UTF8'`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(admin, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
