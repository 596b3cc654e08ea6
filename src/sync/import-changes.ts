import type { FieldProblem, ObjectDefinition } from '../metadata/index.js';
import { normalizeFields } from '../metadata/index.js';
import { ProtocolError } from '../protocol/index.js';
import type { LocalStore } from '../store/index.js';
import { parseChangesFile, type ImportedChange } from './changes-file.js';
import { issueId } from './new-issue.js';
import { planImportedChange, type ImportOutcomeKind } from './plan-imported-change.js';
import { requireInService } from './revoked-error.js';

/** One line of an import's report. */
export interface ImportedLine {
  readonly objectType: string;
  readonly title: string;
  readonly outcome: ImportOutcomeKind;
  readonly message: string;
  readonly problems: readonly FieldProblem[];
}

const MAX_NAMED_PROBLEMS = 5;

/**
 * Issues → Archive → Import: the changes another device of the same rep exported (a
 * replaced device's unsent work, SAP replacement step 1 when the old device could not
 * send them itself) re-enter this device as local edits, each planned by
 * planImportedChange (a change the server has overtaken becomes a conflict). The next
 * sync sends them like any edit.
 *
 * The whole file is checked first — its format, whose changes they are, every object
 * type and field against this device's package — and a file with any problem is
 * refused with INVALID_REQUEST naming them, before anything is written. Then each
 * change is read and written in its own store transaction, so a sync running at the
 * same time never overwrites it. Importing the same file again changes nothing more
 * ('already').
 */
export async function importChanges(
  store: LocalStore,
  objects: readonly ObjectDefinition[],
  userName: string,
  text: string,
  now: number,
): Promise<ImportedLine[]> {
  await requireInService(store);
  const file = parseChangesFile(text);
  if (file.userName !== null && file.userName.trim().toLowerCase() !== userName.trim().toLowerCase()) {
    throw new ProtocolError(
      'INVALID_REQUEST',
      `This file holds the changes of ${file.userName}; you are signed in as ${userName}. Import it on ${file.userName}'s device.`,
      { userName: file.userName },
    );
  }
  const byName = new Map(objects.map((o) => [o.name, o]));
  const problems: string[] = [];
  file.changes.forEach((change, i) => {
    const object = byName.get(change.objectType);
    const which = `Change ${i + 1} (${titleOf(change)})`;
    if (!object) problems.push(`${which}: this configuration has no object type "${change.objectType}"`);
    else {
      try {
        normalizeFields(object, change.fields, change.state === 'created');
      } catch (error) {
        problems.push(`${which}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_NAMED_PROBLEMS ? ` (and ${problems.length - MAX_NAMED_PROBLEMS} more)` : '';
    throw new ProtocolError('INVALID_REQUEST', `Nothing was imported. ${problems.slice(0, MAX_NAMED_PROBLEMS).join('. ')}${more}.`, {
      problems,
    });
  }

  const lines: ImportedLine[] = [];
  for (const change of file.changes) {
    const object = byName.get(change.objectType) as ObjectDefinition;
    // A record created on the old device keeps its local id; one from the CRM is found by its ROW_ID.
    const found = change.rowId === null ? undefined : await store.getRecordByRowId(object.name, change.rowId);
    const localId = found?.localId ?? change.rowId ?? change.localId;
    const id = issueId({ objectType: object.name, localId });
    const plan = await store.updateRecords({ records: [{ objectType: object.name, localId }], issueIds: [id] }, (seen) => {
      const planned = planImportedChange(change, seen.record(object.name, localId), { object, userName, now });
      return { put: planned.put ? [planned.put] : [], putIssues: planned.issue ? [planned.issue] : [], result: planned };
    });
    lines.push({ objectType: object.name, title: titleOf(change), outcome: plan.outcome, message: plan.message, problems: plan.problems });
  }
  return lines;
}

function titleOf(change: ImportedChange): string {
  return change.title ?? `${change.objectType} ${change.rowId ?? change.localId}`;
}
