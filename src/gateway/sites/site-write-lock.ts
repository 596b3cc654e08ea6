import { sql, type Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { SqlDialect } from '../db/sql-dialect.js';
import { isSiteOutOfService, siteRevokedError } from './site-revoked-error.js';

/**
 * A device's writes and its site's revocation are ordered by the site's row, so that
 * it holds whichever gateway process serves each (SAP: "the inbound queue is kept
 * empty" before the database id is deleted):
 *
 * - every write of a device takes a shared lock on its site row inside the write's
 *   transaction and checks the site is still in service ({@link lockSiteForWrite});
 * - the revocation updates the row, which waits for those shared locks; a write that
 *   starts after the revocation committed reads the new status and is refused.
 *
 * So no write of a device lands after its site was revoked, and replacement step 2
 * can wait for the writes in flight ({@link waitForSiteWrites}) without counting
 * requests in any one process's memory. On the embedded database one connection runs
 * one transaction at a time: a write either committed before the revocation or reads
 * the revoked status, and nothing needs locking.
 */
export async function lockSiteForWrite(db: Kysely<DatabaseSchema>, dialect: SqlDialect, siteId: string): Promise<void> {
  const query = db.selectFrom('sites').select(['site_id', 'status', 'revoked_at']).where('site_id', '=', siteId);
  const site = await (dialect.name === 'postgres' ? query.forShare() : query).executeTakeFirst();
  if (site && isSiteOutOfService(site.status)) throw siteRevokedError(site);
}

/** PostgreSQL's lock_not_available: a lock wait ran past lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';
/** How long one attempt waits for the lock: a stopping gateway is never held up longer than this. */
const ATTEMPT_MS = 250;

export type SiteWritesOutcome =
  { readonly outcome: 'idle'; readonly waitedMs: number } | { readonly outcome: 'busy' } | { readonly outcome: 'aborted' };

/**
 * Waits (at most `timeoutMs`, real time) until no write of the site is in flight on any
 * gateway process: takes the site row's exclusive lock, which waits for every shared
 * lock a write holds, then lets it go at once. 'busy' when writes kept it locked that
 * long, 'aborted' when `signal` fired (the gateway is stopping).
 */
export async function waitForSiteWrites(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  siteId: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<SiteWritesOutcome> {
  const started = performance.now();
  if (dialect.name !== 'postgres') return { outcome: 'idle', waitedMs: 0 };
  for (;;) {
    if (signal.aborted) return { outcome: 'aborted' };
    const left = timeoutMs - (performance.now() - started);
    if (left <= 0) return { outcome: 'busy' };
    try {
      await db.transaction().execute(async (trx) => {
        await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.ceil(Math.min(ATTEMPT_MS, left)))}ms`}, true)`.execute(trx);
        await trx.selectFrom('sites').select('site_id').where('site_id', '=', siteId).forUpdate().execute();
      });
      return { outcome: 'idle', waitedMs: Math.round(performance.now() - started) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== LOCK_NOT_AVAILABLE) throw error;
    }
  }
}
