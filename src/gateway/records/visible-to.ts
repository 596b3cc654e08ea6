import { sql, type RawBuilder } from 'kysely';
import type { Caller } from '../auth/caller.js';

/**
 * The server visibility filter, the first layer of Siebel's "How Filters Reduce
 * the Data": personal sees own records, team the team's, organization the
 * organization's, all everything. Every record query goes through it, so a record
 * outside it behaves exactly as a record that does not exist.
 */
export function visibleTo(caller: Caller): RawBuilder<boolean> {
  switch (caller.visibility) {
    case 'personal':
      return sql<boolean>`records.owner_id = ${caller.userId}`;
    case 'team':
      return caller.teamId === null ? sql<boolean>`records.owner_id = ${caller.userId}` : sql<boolean>`records.team_id = ${caller.teamId}`;
    case 'organization':
      return sql<boolean>`records.org_id = ${caller.orgId}`;
    case 'all':
      return sql<boolean>`1 = 1`;
  }
}
