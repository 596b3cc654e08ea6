import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from './database-schema.js';
import type { SqlDialect } from './sql-dialect.js';

/** Advisory lock keys of work that must run one transaction at a time across gateway processes (any constants used for nothing else). */
export const TRANSACTION_LOCKS = {
  /** Granting the gateway-wide restore slot (handle-begin-restore.ts). */
  restoreSlot: 720_261_122,
  /** Requesting a site's replacement (handle-request-replacement.ts), one lock per site id. */
  siteReplacement: 720_261_123,
} as const;

/**
 * Makes the rest of the transaction run alone among those taking the same lock, on
 * whichever gateway process: a PostgreSQL transaction-scoped advisory lock, released at
 * commit or rollback. The embedded database runs one transaction at a time anyway.
 */
export async function lockForTransaction(trx: Kysely<DatabaseSchema>, dialect: SqlDialect, key: number): Promise<void> {
  if (dialect.name === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/**
 * {@link lockForTransaction} for each of `names` within the lock space `key` (a name's
 * lock is its hash in that space: two names sharing a hash only wait for each other).
 * Taken in sorted order, so two transactions locking overlapping names cannot deadlock.
 */
export async function lockNamesForTransaction(
  trx: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  key: number,
  names: readonly string[],
): Promise<void> {
  if (dialect.name !== 'postgres') return;
  for (const name of [...new Set(names)].sort()) await sql`select pg_advisory_xact_lock(${key}, hashtext(${name}))`.execute(trx);
}
