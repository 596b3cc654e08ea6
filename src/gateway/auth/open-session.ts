import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { hashToken, newSessionToken } from './session-token.js';

/** Opens a session for a user (Login, ClaimReplacement): the token is answered once and stored only as its hash. */
export async function openSession(
  db: Kysely<DatabaseSchema>,
  userId: string,
  now: number,
  ttlMs: number,
): Promise<{ sessionToken: string; expiresAt: number }> {
  const sessionToken = newSessionToken();
  const expiresAt = now + ttlMs;
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(sessionToken), user_id: userId, created_at: now, expires_at: expiresAt, ended_at: null })
    .execute();
  return { sessionToken, expiresAt };
}
