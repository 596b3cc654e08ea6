import type { LocalStore } from '../store/index.js';
import { applyResolution } from './resolve-conflict.js';

/** Applies the rep's decisions on conflicts; the resulting changes are uploaded by this sync. Answers how many were applied. */
export async function applyResolutions(store: LocalStore, now: () => number): Promise<number> {
  const resolved = (await store.listIssues()).filter((i) => i.resolution !== null);
  let applied = 0;
  for (const { id, objectType, localId } of resolved) {
    // Read and applied in one transaction: an edit saved meanwhile withdrew the answer
    // (LocalEdits reopens the issue in its own transaction), and then nothing is applied.
    await store.updateRecords({ records: [{ objectType, localId }], issueIds: [id] }, (seen) => {
      const issue = seen.issue(id);
      if (issue === undefined || issue.resolution === null) return { result: undefined };
      const outcome = applyResolution(issue, seen.record(objectType, localId), now());
      applied += 1;
      return {
        put: outcome.put ? [outcome.put] : [],
        remove: outcome.remove ? [{ objectType, localId }] : [],
        deleteIssues: [id],
        result: undefined,
      };
    });
  }
  return applied;
}
