import { ProtocolError } from '../protocol/index.js';
import type { LocalStore, Resolution, SyncIssue } from '../store/index.js';
import { requireInService } from './revoked-error.js';

/**
 * The rep's answers in the conflicts panel. They are only recorded here; the next
 * sync applies them (before it uploads), or at once when the rep asks to sync now.
 */
export async function resolveIssue(store: LocalStore, issueId: string, resolution: Resolution): Promise<SyncIssue> {
  await requireInService(store);
  // Read and answered in one transaction: a sync logging a newer version of the issue meanwhile is not overwritten.
  return store.updateRecords({ records: [], issueIds: [issueId] }, (seen) => {
    const issue = seen.issue(issueId);
    if (!issue) throw new ProtocolError('NOT_FOUND', `There is no open issue ${issueId}`, { issueId });
    const resolved = { ...issue, resolution };
    return { putIssues: [resolved], result: resolved };
  });
}

/** "Resolve all the same way", optionally only the issues of one kind. */
export async function resolveAll(store: LocalStore, resolution: Resolution, kind?: SyncIssue['kind']): Promise<number> {
  await requireInService(store);
  const open = (await store.listIssues()).filter((i) => i.resolution === null && (kind === undefined || i.kind === kind));
  return store.updateRecords({ records: [], issueIds: open.map((i) => i.id) }, (seen) => {
    // As stored now: an issue resolved or gone meanwhile is left as it is.
    const answered = open.flatMap((i) => {
      const current = seen.issue(i.id);
      return current !== undefined && current.resolution === null ? [{ ...current, resolution }] : [];
    });
    return { putIssues: answered, result: answered.length };
  });
}
