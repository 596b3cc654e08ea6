import type { Kysely } from 'kysely';
import { ProtocolError } from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { isSiteOutOfService, siteRevokedError } from '../sites/site-revoked-error.js';
import type { Caller } from './caller.js';
import { hashToken } from './session-token.js';
import { callerOf } from './user-caller.js';

export interface Credentials {
  readonly sessionToken?: string | undefined;
  readonly databaseId?: string | undefined;
}

/**
 * Resolves the session token to its user, and the database id (if sent) to the
 * caller's registered site. A revoked site is refused with SITE_REVOKED before
 * anything else happens, so a replaced device can neither read nor write.
 */
export async function authenticate(db: Kysely<DatabaseSchema>, now: number, credentials: Credentials): Promise<Caller> {
  if (!credentials.sessionToken) throw new ProtocolError('UNAUTHENTICATED', 'Log in first: this call needs a session token');
  const tokenHash = hashToken(credentials.sessionToken);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.user_id', 'sessions.user_id')
    .innerJoin('responsibilities', 'responsibilities.responsibility_id', 'users.responsibility_id')
    .select([
      'sessions.expires_at',
      'sessions.ended_at',
      'users.user_id',
      'users.user_name',
      'users.team_id',
      'users.org_id',
      'users.responsibility_id',
      'responsibilities.visibility',
      'responsibilities.is_admin',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.ended_at !== null)
    throw new ProtocolError('UNAUTHENTICATED', 'The session is not valid; log in again', { reason: 'invalid' });
  if (Number(row.expires_at) <= now)
    throw new ProtocolError('UNAUTHENTICATED', 'The session has expired; log in again', { reason: 'expired' });

  let siteId: string | null = null;
  if (credentials.databaseId) {
    const site = await findSite(db, credentials.databaseId);
    if (!site || site.user_id !== row.user_id) {
      throw new ProtocolError('FORBIDDEN', 'This database id is not registered for your user; register the device again');
    }
    siteId = site.site_id;
  }
  return callerOf(row, tokenHash, siteId);
}

/** Looks up a site by database id, refusing a revoked one (or one replacement has since marked replaced). */
export async function findSite(db: Kysely<DatabaseSchema>, databaseId: string) {
  const site = await db
    .selectFrom('sites')
    .select(['site_id', 'user_id', 'status', 'revoked_at'])
    .where('database_id', '=', databaseId)
    .executeTakeFirst();
  if (site && isSiteOutOfService(site.status)) throw siteRevokedError(site);
  return site;
}
