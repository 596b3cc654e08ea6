import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './database-schema.js';
import { migrate, type GatewayDatabase } from './open-database.js';
import { postgresDialect } from './sql-dialect.js';

/** PostgreSQL type ids whose text pg would hand over as strings. */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Collations tried, in order, for case folding: the client folds with JavaScript's
 * toLowerCase (full Unicode case mapping); ICU's root locale folds the same way,
 * glibc's C.UTF-8 and en_US.UTF-8 fold single characters. A database with none of
 * them folds with its own default collation.
 */
const FOLD_COLLATIONS = ['und-x-icu', 'C.utf8', 'C.UTF-8', 'en_US.utf8', 'en_US.UTF-8'];

export interface PostgresOptions {
  /** Connections the pool may open (default 10): what one gateway process may use at once. */
  readonly poolSize?: number;
}

/**
 * Opens the PostgreSQL database at `url` (DATABASE_URL) through a pool, checks that it
 * answers, and brings its schema up to date: the same migrations as the embedded
 * database, one process at a time (Kysely's migrator holds an advisory lock while it
 * migrates). 64-bit integers and numerics come back as numbers, as from SQLite: epoch
 * milliseconds and counts are far below 2^53.
 *
 * Throws an Error naming DATABASE_URL (never the password) when the URL is not a
 * PostgreSQL URL or the server refuses or cannot be reached.
 */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<GatewayDatabase> {
  const where = describeUrl(url);
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', (value: string) => Number(value));
  types.setTypeParser(NUMERIC_OID, 'text', (value: string) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000 });
  // An idle connection the server dropped must not take the process down.
  pool.on('error', (error) => console.error(`[gateway] PostgreSQL connection error (${where}):`, error.message));
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new Error(
      `DATABASE_URL: could not connect to PostgreSQL at ${where}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  try {
    await migrate(db);
    const found = await sql<{
      collname: string;
    }>`select collname from pg_collation where collname in (${sql.join(FOLD_COLLATIONS)})`.execute(db);
    const names = new Set(found.rows.map((r) => r.collname));
    const fold = FOLD_COLLATIONS.find((name) => names.has(name)) ?? null;
    return { db, dialect: postgresDialect(fold), close: () => db.destroy() };
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

/** host:port/database of a URL for messages, without user or password. */
export function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a URL: expected postgres://user:password@host:port/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}//…`);
  }
  return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
}
