import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { GatewayDatabase } from './open-database.js';

/** The advisory lock key of start-up work (seeding): any constant the gateway uses for nothing else. */
const STARTUP_LOCK = 720_261_121;

/**
 * Runs `work` (start-up work such as seeding the demo data) while no other gateway
 * process runs its own: several processes started at once on one PostgreSQL database
 * would otherwise all find it empty and all seed it. On PostgreSQL a session advisory
 * lock on one pinned connection; the embedded database has one process anyway.
 */
export async function withStartupLock<T>(database: GatewayDatabase, work: (db: Kysely<DatabaseSchema>) => Promise<T>): Promise<T> {
  if (database.dialect.name !== 'postgres') return work(database.db);
  return database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${STARTUP_LOCK})`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${STARTUP_LOCK})`.execute(connection);
    }
  });
}
