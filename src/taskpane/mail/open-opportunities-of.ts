import type { LocalRecord, LocalStore } from '../../store/index.js';
import { isOpenOpportunity } from './is-open-opportunity.js';

/**
 * The account's opportunities still being worked on, by name: those whose AccountId
 * holds the account's ROW_ID or its local id (before upload), not deleted, not closed.
 */
export async function openOpportunitiesOf(
  store: Pick<LocalStore, 'findByField'>,
  account: Pick<LocalRecord, 'rowId' | 'localId'>,
): Promise<LocalRecord[]> {
  const ids = [...new Set([account.rowId, account.localId].filter((id): id is string => typeof id === 'string' && id !== ''))];
  const found = (await Promise.all(ids.map((id) => store.findByField('Opportunity', 'AccountId', id)))).flat();
  return found
    .filter((o, i) => found.findIndex((other) => other.localId === o.localId) === i)
    .filter((o) => o.state !== 'deleted' && isOpenOpportunity(o.fields))
    .sort((a, b) => name(a).localeCompare(name(b)) || (a.localId < b.localId ? -1 : 1));
}

function name(record: LocalRecord): string {
  const value = record.fields['Name'];
  return typeof value === 'string' ? value : '';
}
