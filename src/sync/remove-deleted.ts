import type { ObjectDefinition } from '../metadata/index.js';
import type { LocalRecord, LocalStore } from '../store/index.js';
import { issueId } from './new-issue.js';

/** Removes a record the rep deleted (and its issue), if it is still deleted and `also` holds. */
export async function removeDeleted(
  store: LocalStore,
  object: ObjectDefinition,
  record: LocalRecord,
  also: (current: LocalRecord) => boolean,
): Promise<void> {
  await store.updateRecords({ records: [record], issueIds: [issueId(record)] }, (seen) => {
    const current = seen.record(object.name, record.localId);
    if (current === undefined || current.state !== 'deleted' || !also(current)) return { result: undefined };
    return { remove: [record], deleteIssues: [issueId(record)], result: undefined };
  });
}
