import { sql, type Insertable, type Kysely } from 'kysely';
import { hashPassword } from '../../src/gateway/auth/password-hash.js';
import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import type { DatabaseSchema } from '../../src/gateway/db/database-schema.js';
import { DEMO_ORG_ID, DEMO_RESPONSIBILITIES, publishDemoPackage } from '../../src/gateway/demo/seed-database.js';
import { keyHashColumns } from '../../src/gateway/records/key-hash-columns.js';
import { findObject, userKeyEntries, type PackageFile } from '../../src/metadata/index.js';
import { loadRecord, loadUser, type LoadRecord } from './load-dataset.js';

export const LOAD_PASSWORD = 'load-bench';

/**
 * Bind parameters one statement may carry: PostgreSQL's protocol counts them in 16 bits
 * (65,535), SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32,766. A multi-row INSERT
 * takes as many rows as fit, with a margin.
 */
const PARAMETER_LIMIT = { postgres: 65_535, sqlite: 32_766 } as const;
/** Records generated and written per transaction: big enough to amortise commits, small enough to keep memory flat. */
const CHUNK_RECORDS = 10_000;
/** Concurrent transactions of the PostgreSQL seed (the database needs a pool of at least this many connections). */
export const SEED_WORKERS = 2;

export interface SeedLoadOptions {
  readonly users: number;
  readonly records: number;
  readonly todayMs: number;
  readonly now: number;
  readonly packageFiles: readonly PackageFile[];
  readonly engine: 'postgres' | 'sqlite';
  readonly onProgress?: (done: number) => void;
}

export interface SeedLoadResult {
  readonly records: number;
  readonly userKeys: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
}

type SeededTable = 'users' | 'records' | 'record_user_keys';

/** Inserts `rows` in multi-row statements, each as many rows as the engine's parameter limit takes (a row binds one parameter per column). */
async function insertInBatches<T extends SeededTable>(
  trx: Kysely<DatabaseSchema>,
  engine: SeedLoadOptions['engine'],
  table: T,
  rows: readonly Insertable<DatabaseSchema[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const perStatement = Math.floor((PARAMETER_LIMIT[engine] * 0.95) / Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += perStatement) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + perStatement))
      .execute();
  }
}

/**
 * Writes the load data set into an empty, migrated gateway database: the demo
 * responsibilities, `users` load users (one password hashed once: scrypt per user would
 * take a minute for 1,000 of them, and every user may share it here), the records in
 * multi-row INSERTs sized to the engine's parameter limit, their user keys, the demo
 * package for every responsibility, and the seed marker that stops a gateway from
 * seeding its own demo data on start.
 */
export async function seedLoadData(db: Kysely<DatabaseSchema>, options: SeedLoadOptions): Promise<SeedLoadResult> {
  const started = performance.now();
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  let userKeys = 0;

  await db.transaction().execute(async (trx) => {
    for (const r of DEMO_RESPONSIBILITIES) await trx.insertInto('responsibilities').values(r).execute();
    const users = Array.from({ length: options.users }, (_, i) => loadUser(i));
    await insertInBatches(
      trx,
      options.engine,
      'users',
      users.map((u) => ({
        user_id: u.userId,
        user_name: u.userName,
        display_name: `Load ${u.role} ${u.index + 1}`,
        password_hash: passwordHash,
        responsibility_id: u.role === 'manager' ? 'R-SALES-MANAGER' : 'R-SALES-REP',
        team_id: u.teamId,
        org_id: DEMO_ORG_ID,
        created_at: options.now,
      })),
    );
    await publishDemoPackage(trx, DEMO_CATALOG, options.packageFiles, options.now);
    await trx
      .insertInto('gateway_meta')
      .values({ key: 'demo_seed', value: JSON.stringify({ load: true, users: options.users, records: options.records }) })
      .execute();
  });

  const chunks = Math.ceil(options.records / CHUNK_RECORDS);
  let nextChunk = 0;
  let done = 0;
  // A worker builds a chunk's statements in Node while another's run in PostgreSQL: the two
  // cores overlap instead of taking turns. better-sqlite3 is synchronous, so SQLite gets one.
  const worker = async () => {
    while (nextChunk < chunks) {
      const from = nextChunk++ * CHUNK_RECORDS;
      const to = Math.min(options.records, from + CHUNK_RECORDS);
      const keys = await insertChunk(db, from, to, options);
      userKeys += keys;
      done += to - from;
      options.onProgress?.(done);
    }
  };
  await withIndexesDeferred(db, options.engine, async () => {
    await Promise.all(Array.from({ length: options.engine === 'postgres' ? SEED_WORKERS : 1 }, worker));
  });
  const ms = performance.now() - started;
  return { records: options.records, userKeys, ms, recordsPerSecond: options.records / (ms / 1000) };
}

/** Records [from, to) and their user keys in one transaction; answers the number of user keys. */
async function insertChunk(db: Kysely<DatabaseSchema>, from: number, to: number, options: SeedLoadOptions): Promise<number> {
  const chunk: LoadRecord[] = [];
  for (let i = from; i < to; i++) chunk.push(loadRecord(i, options.users, options.todayMs));
  const keys = chunk.flatMap((r) => {
    const object = findObject(DEMO_CATALOG, r.objectType);
    if (!object) throw new Error(`unknown object type ${r.objectType}`);
    return userKeyEntries(object, r.fields).map((e) => ({
      object_type: r.objectType,
      key_name: e.keyName,
      key_value: e.keyValue,
      row_id: r.rowId,
    }));
  });
  await db.transaction().execute(async (trx) => {
    await insertInBatches(
      trx,
      options.engine,
      'records',
      chunk.map((r) => ({
        row_id: r.rowId,
        object_type: r.objectType,
        db_last_upd: r.lastUpd,
        ...keyHashColumns(r.rowId, r.lastUpd),
        mod_num: 1,
        owner_id: r.owner.userId,
        team_id: r.owner.teamId,
        org_id: DEMO_ORG_ID,
        updated_by: r.owner.userName,
        fields: JSON.stringify(r.fields),
      })),
    );
    await insertInBatches(trx, options.engine, 'record_user_keys', keys);
  });
  return keys.length;
}

/** The tables the bulk insert fills. */
const BULK_TABLES = ['records', 'record_user_keys'];

/**
 * Runs the bulk insert with the secondary (non-unique) indexes of the bulk tables
 * dropped, then creates them again from their own definitions as the migrations left
 * them: building an index once over sorted data is several times cheaper than updating
 * five of them row by row. Primary keys and unique indexes stay, so every constraint is
 * still checked as rows arrive. Only for a database whose bulk tables start empty.
 */
async function withIndexesDeferred(
  db: Kysely<DatabaseSchema>,
  engine: SeedLoadOptions['engine'],
  work: () => Promise<void>,
): Promise<void> {
  const tables = sql.join(BULK_TABLES.map((t) => sql.lit(t)));
  const indexes =
    engine === 'postgres'
      ? (
          await sql<{ name: string; definition: string }>`
            select i.indexname as name, i.indexdef as definition from pg_indexes i
            join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid
            where i.schemaname = current_schema() and i.tablename in (${tables}) and not x.indisunique`.execute(db)
        ).rows
      : (
          await sql<{ name: string; definition: string }>`
            select name, sql as definition from sqlite_master
            where type = 'index' and tbl_name in (${tables}) and sql is not null and sql not like 'CREATE UNIQUE%'`.execute(db)
        ).rows;
  for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(db);
  try {
    await work();
  } finally {
    for (const index of indexes) await sql.raw(index.definition).execute(db);
  }
}
