import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { keyHashColumns, type KeyHashColumns } from '../records/key-hash-columns.js';

/**
 * Versioned schema migrations, applied in name order and recorded by Kysely's
 * migrator. Written with the schema builder only (no engine-specific DDL) so the
 * same list creates the PostgreSQL schema.
 */
const migrations: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('responsibilities')
        .addColumn('responsibility_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('responsibility_id', 'text', (c) => c.notNull().references('responsibilities.responsibility_id'))
        .addColumn('team_id', 'text')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createTable('login_throttle')
        .addColumn('user_name', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sites')
        .addColumn('site_id', 'text', (c) => c.primaryKey())
        .addColumn('database_id', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('device_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'bigint', (c) => c.notNull())
        .addColumn('last_sync_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema
        .createTable('records')
        .addColumn('row_id', 'text', (c) => c.primaryKey())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('db_last_upd', 'bigint', (c) => c.notNull())
        .addColumn('mod_num', 'integer', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .execute();
      // GetChangeKeys pages by (object_type, row_id); visibility narrows by owner or team first.
      await db.schema.createIndex('records_type_row').on('records').columns(['object_type', 'row_id']).execute();
      await db.schema.createIndex('records_type_owner_row').on('records').columns(['object_type', 'owner_id', 'row_id']).execute();
      await db.schema.createIndex('records_type_team_row').on('records').columns(['object_type', 'team_id', 'row_id']).execute();
      await db.schema
        .createTable('record_user_keys')
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('key_name', 'text', (c) => c.notNull())
        .addColumn('key_value', 'text', (c) => c.notNull())
        .addColumn('row_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_user_keys_pk', ['object_type', 'key_name', 'key_value'])
        .execute();
      await db.schema.createIndex('record_user_keys_row').on('record_user_keys').column('row_id').execute();
      await db.schema
        .createTable('operation_log')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('operation_id', 'text', (c) => c.notNull())
        .addColumn('operation', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('operation_log_pk', ['user_id', 'operation_id'])
        .execute();
      await db.schema
        .createTable('gateway_meta')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_packages': {
    async up(db: Kysely<unknown>) {
      // One row per publication; the active package of a responsibility is its highest revision.
      await db.schema
        .createTable('packages')
        .addColumn('responsibility_id', 'text', (c) => c.notNull().references('responsibilities.responsibility_id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('package_id', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('structure_hash', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addColumn('published_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('packages_pk', ['responsibility_id', 'revision'])
        .execute();
    },
  },
  '0003_replacement': {
    async up(db: Kysely<unknown>) {
      // Device replacement (docs/architecture.md, Device replacement). A job's state is derived
      // from its steps (replacement/next-replacement-step.ts), never stored twice.
      await db.schema
        .createTable('replacement_jobs')
        .addColumn('job_id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        // The one-time code in plain text: administrators read it to the rep. It is
        // cleared when the code is claimed or replaced; claims are checked against the hash.
        .addColumn('claim_code', 'text')
        .addColumn('claim_code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('claim_expires_at', 'bigint', (c) => c.notNull())
        .addColumn('claimed_at', 'bigint')
        .addColumn('claim_device_name', 'text')
        .addColumn('claim_operation_id', 'text')
        .addColumn('new_site_id', 'text')
        // The gateway-wide restore slot: queue order, the last time the device asked, the holder's lease.
        .addColumn('restore_requested_at', 'bigint')
        .addColumn('restore_polled_at', 'bigint')
        .addColumn('restore_lease_until', 'bigint')
        // The package the extract was built under (a row of packages).
        .addColumn('extract_responsibility_id', 'text')
        .addColumn('extract_package_revision', 'integer')
        .addColumn('extract_record_count', 'integer')
        .addColumn('finished_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('replacement_jobs_site').on('replacement_jobs').columns(['site_id', 'requested_at']).execute();
      await db.schema
        .createTable('replacement_steps')
        .addColumn('job_id', 'text', (c) => c.notNull().references('replacement_jobs.job_id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('message', 'text')
        .addPrimaryKeyConstraint('replacement_steps_pk', ['job_id', 'step'])
        .execute();
      await db.schema
        .createTable('replacement_extract_records')
        .addColumn('job_id', 'text', (c) => c.notNull().references('replacement_jobs.job_id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('row_id', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('bulk_omitted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('replacement_extract_records_pk', ['job_id', 'seq'])
        .execute();
      // A record is in an extract once, whatever happens to the step that builds it.
      await db.schema
        .createIndex('replacement_extract_records_row')
        .on('replacement_extract_records')
        .columns(['job_id', 'row_id'])
        .unique()
        .execute();
      // Failed claim codes, gateway-wide (a claim has no user name to count per).
      await db.schema
        .createTable('claim_throttle')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'bigint', (c) => c.notNull())
        .execute();
      // Which site sent a logged operation, so that replacement can drop the old site's entries.
      await db.schema.alterTable('operation_log').addColumn('site_id', 'text').execute();
      await db.schema.createIndex('operation_log_site').on('operation_log').column('site_id').execute();
    },
  },
  '0004_record_key_hash': {
    async up(db: Kysely<unknown>) {
      // The change-key hash of each record in four 30-bit parts (protocol key-fingerprint.ts), so that
      // ReconcileKeys sums a range's fingerprint in SQL. Integers below 2^30 fit PostgreSQL's integer.
      for (const column of KEY_HASH_COLUMN_NAMES) {
        await db.schema
          .alterTable('records')
          .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      }
      await backfillKeyHashes(db.withTables<{ records: BackfillRow }>());
      // Covers the range aggregates: a fingerprint of (object_type, row_id range) is read from the index alone.
      await db.schema
        .createIndex('records_type_row_hash')
        .on('records')
        .columns(['object_type', 'row_id', ...KEY_HASH_COLUMN_NAMES])
        .execute();
    },
  },
  '0005_record_last_upd': {
    async up(db: Kysely<unknown>) {
      // ReconcileKeys' recent keys: an object type's keys with db_last_upd after a moment, oldest
      // first, read as a range of this index in its own order (no sort); row_id last breaks ties.
      await db.schema.createIndex('records_type_last_upd').on('records').columns(['object_type', 'db_last_upd', 'row_id']).execute();
    },
  },
  '0006_device_report': {
    async up(db: Kysely<unknown>) {
      // ReportDevice: what a device last said it held unsent (SAP replacement step 1) and its
      // filter choice (JSON FilterChoice), which the replacement extract uses; the extract
      // keeps the choice it was built with for the new device. One column per statement:
      // SQLite adds one column per ALTER TABLE.
      await db.schema.alterTable('sites').addColumn('unsent_changes', 'integer').execute();
      await db.schema.alterTable('sites').addColumn('unsent_reported_at', 'bigint').execute();
      await db.schema.alterTable('sites').addColumn('filter_choice', 'text').execute();
      await db.schema.alterTable('replacement_jobs').addColumn('extract_filters', 'text').execute();
    },
  },
  '0007_postgres_byte_order': {
    async up(db: Kysely<unknown>) {
      // Row ids are ordered in byte order everywhere (ReconcileKeys ranges, pages, the client's
      // row-id-order.ts). SQLite's BINARY collation already is; on PostgreSQL the column takes
      // COLLATE "C", whatever the database's default, so that its indexes serve the queries'
      // `row_id collate "C"` order and ranges.
      if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
      await sql`alter table records alter column row_id type text collate "C"`.execute(db);
      await sql`alter table records alter column object_type type text collate "C"`.execute(db);
    },
  },
  '0008_replacement_runner_lease': {
    async up(db: Kysely<unknown>) {
      // Several gateway processes share the jobs: a job's steps run on the process holding its
      // lease (replacement-runner.ts); a lease that ran out is taken over by another process.
      await db.schema.alterTable('replacement_jobs').addColumn('runner_id', 'text').execute();
      await db.schema.alterTable('replacement_jobs').addColumn('runner_lease_until', 'bigint').execute();
    },
  },
};

const KEY_HASH_COLUMN_NAMES = ['key_hash_0', 'key_hash_1', 'key_hash_2', 'key_hash_3'] as const satisfies ReadonlyArray<
  keyof KeyHashColumns
>;

type BackfillRow = { row_id: string; db_last_upd: number } & KeyHashColumns;

const BACKFILL_PAGE = 1_000;

/**
 * Sets the hash of every record written before migration 0004, page by page in row id
 * order. SQLite runs migrations outside a transaction (no transactional DDL in Kysely's
 * adapter), so each page commits as one transaction instead of one per row.
 */
async function backfillKeyHashes(db: Kysely<{ records: BackfillRow }>): Promise<void> {
  let after: string | null = null;
  for (;;) {
    let query = db.selectFrom('records').select(['row_id', 'db_last_upd']);
    if (after !== null) query = query.where('row_id', '>', after);
    const page = await query.orderBy('row_id').limit(BACKFILL_PAGE).execute();
    if (page.length === 0) return;
    const write = async (trx: Kysely<{ records: BackfillRow }>) => {
      for (const row of page) {
        await trx
          .updateTable('records')
          .set(keyHashColumns(row.row_id, Number(row.db_last_upd)))
          .where('row_id', '=', row.row_id)
          .execute();
      }
    };
    if (db.isTransaction) await write(db);
    else await db.transaction().execute(write);
    after = (page[page.length - 1] as { row_id: string }).row_id;
  }
}

export const migrationProvider: MigrationProvider = {
  getMigrations() {
    return Promise.resolve(migrations);
  },
};
