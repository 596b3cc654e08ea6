import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { Caller } from './caller.js';

/**
 * A user as visibility sees them, without a request (the replacement extract is
 * built for the job's user while no session of theirs is calling).
 */
export async function loadUserCaller(db: Kysely<DatabaseSchema>, userId: string): Promise<Caller | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('responsibilities', 'responsibilities.responsibility_id', 'users.responsibility_id')
    .select([
      'users.user_id',
      'users.user_name',
      'users.team_id',
      'users.org_id',
      'users.responsibility_id',
      'responsibilities.visibility',
      'responsibilities.is_admin',
    ])
    .where('users.user_id', '=', userId)
    .executeTakeFirst();
  return row ? callerOf(row, '', null) : undefined;
}

/** The columns a caller is made of (users joined with their responsibility). */
export interface CallerRow {
  readonly user_id: string;
  readonly user_name: string;
  readonly team_id: string | null;
  readonly org_id: string;
  readonly responsibility_id: string;
  readonly visibility: Caller['visibility'];
  readonly is_admin: number | boolean | string;
}

export function callerOf(row: CallerRow, tokenHash: string, siteId: string | null): Caller {
  return {
    userId: row.user_id,
    userName: row.user_name,
    responsibilityId: row.responsibility_id,
    visibility: row.visibility,
    isAdmin: Number(row.is_admin) === 1,
    teamId: row.team_id,
    orgId: row.org_id,
    tokenHash,
    siteId,
  };
}
