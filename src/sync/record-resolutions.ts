import { ProtocolError } from '../protocol/index.js';
import type { LocalStore, Resolution, SyncIssue } from '../store/index.js';

/**
 * The rep's answers in the conflicts panel. They are only recorded here; the next
 * sync applies them (before it uploads), or at once when the rep asks to sync now.
 */
export async function resolveIssue(store: LocalStore, issueId: string, resolution: Resolution): Promise<SyncIssue> {
  const issue = (await store.listIssues()).find((i) => i.id === issueId);
  if (!issue) throw new ProtocolError('NOT_FOUND', `There is no open issue ${issueId}`, { issueId });
  const resolved = { ...issue, resolution };
  await store.putIssues([resolved]);
  return resolved;
}

/** "Resolve all the same way", optionally only the issues of one kind. */
export async function resolveAll(store: LocalStore, resolution: Resolution, kind?: SyncIssue['kind']): Promise<number> {
  const open = (await store.listIssues()).filter((i) => i.resolution === null && (kind === undefined || i.kind === kind));
  await store.putIssues(open.map((i) => ({ ...i, resolution })));
  return open.length;
}
