import type { ObjectDefinition } from '../metadata/index.js';
import type { LocalStore, SyncIssue } from '../store/index.js';
import { applyResolution } from './resolve-conflict.js';
import { referenceFieldsTo, repointReferences, type ReferenceField } from './repoint-references.js';

/**
 * Applies the rep's decisions on conflicts; the resulting changes are uploaded by this sync. Answers how many were applied.
 * `objects` (the package's) lets "use the existing record" for a duplicate move the rep's references from the
 * removed new record to the existing one.
 */
export async function applyResolutions(store: LocalStore, now: () => number, objects: readonly ObjectDefinition[] = []): Promise<number> {
  const resolved = (await store.listIssues()).filter((i) => i.resolution !== null);
  let applied = 0;
  for (const listed of resolved) {
    const { id, objectType, localId } = listed;
    const existingRowId = existingOf(listed);
    const fields = existingRowId === null ? [] : referenceFieldsTo(objects, objectType);
    const referrers = await findReferrers(store, fields, localId);
    // Read and applied in one transaction: an edit saved meanwhile withdrew the answer
    // (LocalEdits reopens the issue in its own transaction), and then nothing is applied.
    await store.updateRecords({ records: [{ objectType, localId }, ...referrers], issueIds: [id] }, (seen) => {
      const issue = seen.issue(id);
      if (issue === undefined || issue.resolution === null) return { result: undefined };
      const at = now();
      const outcome = applyResolution(issue, seen.record(objectType, localId), at);
      applied += 1;
      // "Use the existing record": what referred to the rep's copy refers to the existing record.
      const existing = outcome.remove ? existingOf(issue) : null;
      const repointed =
        existing === null
          ? []
          : referrers.flatMap((r) => {
              const current = seen.record(r.objectType, r.localId);
              const names = fields.filter((f) => f.objectType === r.objectType).map((f) => f.field);
              const next = current ? repointReferences(current, names, localId, existing, at) : null;
              return next ? [next] : [];
            });
      return {
        put: [...(outcome.put ? [outcome.put] : []), ...repointed],
        remove: outcome.remove ? [{ objectType, localId }] : [],
        deleteIssues: [id],
        result: undefined,
      };
    });
  }
  return applied;
}

/** The ROW_ID of the record a duplicate answered with "use the existing record" keeps, when known. */
function existingOf(issue: SyncIssue): string | null {
  return issue.kind === 'duplicate' && issue.resolution?.choice === 'server' ? (issue.server?.rowId ?? null) : null;
}

async function findReferrers(
  store: LocalStore,
  fields: readonly ReferenceField[],
  localId: string,
): Promise<{ objectType: string; localId: string }[]> {
  const found = new Map<string, { objectType: string; localId: string }>();
  for (const { objectType, field } of fields) {
    for (const record of await store.findByField(objectType, field, localId))
      found.set(`${objectType}/${record.localId}`, { objectType, localId: record.localId });
  }
  return [...found.values()];
}
