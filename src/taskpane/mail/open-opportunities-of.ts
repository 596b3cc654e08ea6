import type { LocalRecord, LocalStore } from '../../store/index.js';
import { isOpenOpportunity } from './is-open-opportunity.js';
import type { OpportunityRole } from './mail-object-roles.js';

/**
 * The account's opportunities still being worked on, by name: those whose account
 * reference holds the account's ROW_ID or its local id (before upload), not deleted,
 * not closed. None when the package's opportunities have no account reference.
 */
export async function openOpportunitiesOf(
  store: Pick<LocalStore, 'findByField'>,
  role: Pick<OpportunityRole, 'object' | 'name' | 'account' | 'stage' | 'closedStages'>,
  account: Pick<LocalRecord, 'rowId' | 'localId'>,
): Promise<LocalRecord[]> {
  const reference = role.account;
  if (reference === null) return [];
  const ids = [...new Set([account.rowId, account.localId].filter((id): id is string => typeof id === 'string' && id !== ''))];
  const found = (await Promise.all(ids.map((id) => store.findByField(role.object.name, reference, id)))).flat();
  const name = (record: LocalRecord): string => {
    const value = record.fields[role.name];
    return typeof value === 'string' ? value : '';
  };
  return found
    .filter((o, i) => found.findIndex((other) => other.localId === o.localId) === i)
    .filter((o) => o.state !== 'deleted' && isOpenOpportunity(o.fields, role))
    .sort((a, b) => name(a).localeCompare(name(b)) || (a.localId < b.localId ? -1 : 1));
}
