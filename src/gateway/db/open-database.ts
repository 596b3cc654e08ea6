import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import { migrationProvider } from './migrations.js';
import { sqliteDialect, type SqlDialect } from './sql-dialect.js';

/** The database port: a Kysely instance plus the dialect-specific expressions. */
export interface GatewayDatabase {
  readonly db: Kysely<DatabaseSchema>;
  readonly dialect: SqlDialect;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the embedded SQLite database at `file` and brings
 * its schema up to date. `:memory:` gives a private in-memory database.
 */
export async function openSqliteDatabase(file: string): Promise<GatewayDatabase> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const native = new BetterSqlite3(file);
  // WAL lets readers go on while a write commits; NORMAL sync is durable across
  // process crashes (the failure we design for) at a fraction of FULL's cost.
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  native.function('fb_casefold', { deterministic: true }, (value: string | number | bigint | null) =>
    value === null ? null : String(value).toLowerCase(),
  );
  const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: native }) });
  await migrate(db);
  return {
    db,
    dialect: sqliteDialect,
    close: () => db.destroy(),
  };
}

export async function migrate(db: Kysely<DatabaseSchema>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
