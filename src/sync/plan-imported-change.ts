import { checkRecordFields, normalizeFields, type FieldProblem, type ObjectDefinition } from '../metadata/index.js';
import type { CrmRecord, FieldValue } from '../protocol/index.js';
import type { LocalRecord, SyncIssue } from '../store/index.js';
import type { ImportedChange } from './changes-file.js';
import { newIssue } from './new-issue.js';

type Fields = Readonly<Record<string, FieldValue>>;

/** What importing one change does; `put` and `issue` are written in one store transaction. */
export interface ImportPlan {
  readonly outcome: ImportOutcomeKind;
  /** In the rep's words, for the import's report. */
  readonly message: string;
  readonly put?: LocalRecord;
  readonly issue?: SyncIssue;
  /** The package's field rules the change breaks: imported, but it cannot be sent until the rep fixes them. */
  readonly problems: readonly FieldProblem[];
}

export type ImportOutcomeKind =
  /** Re-entered as a local edit; the next sync sends it. */
  | 'imported'
  /** The server changed the record since the old device's edit: a conflict for the rep, nothing overwritten. */
  | 'conflict'
  /** This device already holds exactly this change (the file was imported before) or the server already has it. */
  | 'already'
  /** Not imported; the message says why (the file keeps it). */
  | 'skipped';

export interface ImportContext {
  readonly object: ObjectDefinition;
  readonly userName: string;
  readonly now: number;
}

/**
 * Siebel's rule for offline work — a change the server has overtaken is a conflict
 * for the rep, never a blind overwrite — applied to a change carried over from
 * another device (a replaced one) in a changes file. `current` is this device's copy
 * of the record (by row id, or by local id for a record created there), read in the
 * same transaction the plan is written in.
 *
 * - created: a new local record under the old device's local id (a second import
 *   finds it by that id: 'already').
 * - updated / deleted with a row id: the fields the rep changed (their values
 *   against the base the old device had) go onto this device's copy when its
 *   modification number is still the one the edit was based on. When the server has
 *   moved on (another modification number, or none known), the record gets the rep's
 *   version and a bothUpdated / deletedVsUpdated issue holding the server's, resolved
 *   in Issues like any conflict. A record not on this device (outside the filters)
 *   is entered with the old device's modification number: the gateway refuses it
 *   with COLLISION if the server moved on, which becomes the same conflict.
 * - a copy already changed on this device is left alone ('skipped'), unless it
 *   already holds exactly this change ('already').
 *
 * Field values are checked as an edit would be (normalizeFields throws
 * INVALID_REQUEST for an unknown field or a value of the wrong type: the caller
 * refuses the file); the package's rules (min, max, kind…) are reported as
 * `problems` and the change is entered anyway, to be fixed before it can be sent,
 * as for any record that breaks a rule (it is never lost).
 */
export function planImportedChange(change: ImportedChange, current: LocalRecord | undefined, context: ImportContext): ImportPlan {
  const { object, userName, now } = context;
  const fields = normalizeFields(object, change.fields, change.state === 'created');
  const problems = change.state === 'deleted' ? [] : checkRecordFields(object, changedValues(fields, change.base));

  if (change.state === 'clean') return { outcome: 'skipped', message: 'Nothing was changed in it.', problems: [] };

  if (change.rowId === null) {
    // Never on the server: deleted, there is nothing to send; otherwise (an issue's record) it is new there.
    if (change.state === 'deleted') return { outcome: 'skipped', message: 'It never reached the server and was deleted.', problems: [] };
    if (current !== undefined) {
      return sameFields(current.fields, fields)
        ? { outcome: 'already', message: 'Already on this device.', problems }
        : { outcome: 'skipped', message: 'Imported before and changed on this device since.', problems: [] };
    }
    const put: LocalRecord = {
      localId: change.localId,
      objectType: object.name,
      rowId: null,
      lastUpd: null,
      modNum: null,
      owner: userName,
      updatedBy: userName,
      fields,
      base: null,
      state: 'created',
      origin: 'local',
      readOnly: false,
      changedAt: now,
      pending: null,
    };
    return { outcome: 'imported', message: 'Entered as a new record; the next sync sends it.', put, problems };
  }

  const changes = changedValues(fields, change.base);
  if (current === undefined) {
    if (change.modNum === null) {
      return {
        outcome: 'skipped',
        message: 'The record is not on this device and the file does not say which version the change was made to; enter it by hand.',
        problems: [],
      };
    }
    // Not here (outside the filters, or gone): the gateway's check of the modification number decides.
    const put: LocalRecord = {
      localId: change.rowId,
      objectType: object.name,
      rowId: change.rowId,
      lastUpd: change.lastUpd,
      modNum: change.modNum,
      owner: userName,
      updatedBy: userName,
      fields: change.state === 'deleted' ? { ...(change.base ?? fields) } : fields,
      base: change.base ?? null,
      state: change.state === 'deleted' ? 'deleted' : 'updated',
      origin: 'crm',
      readOnly: false,
      changedAt: now,
      pending: null,
    };
    return {
      outcome: 'imported',
      message: 'Entered as a change; the next sync sends it, unless the server has changed the record since.',
      put,
      problems,
    };
  }

  const target = change.state === 'deleted' ? null : withChanges(current.fields, changes);
  if (current.state !== 'clean' || current.pending !== null) {
    const same =
      change.state === 'deleted' ? current.state === 'deleted' : current.state === 'updated' && sameFields(current.fields, target ?? {});
    return same
      ? { outcome: 'already', message: 'This change is already on this device.', problems }
      : {
          outcome: 'skipped',
          message: 'The record was changed on this device since; enter this change by hand if it still applies.',
          problems: [],
        };
  }
  if (target !== null && sameFields(current.fields, target)) {
    return { outcome: 'already', message: 'The server already has these values.', problems: [] };
  }

  const overtaken = change.modNum === null || current.modNum !== change.modNum;
  const put: LocalRecord = {
    ...current,
    fields: target ?? current.fields,
    state: change.state === 'deleted' ? 'deleted' : 'updated',
    updatedBy: userName,
    changedAt: now,
    // The conflict shows what the server changed since the version the rep's edit was made to.
    ...(overtaken && change.base !== null ? { base: change.base } : {}),
  };
  if (!overtaken) {
    return {
      outcome: 'imported',
      message: change.state === 'deleted' ? 'Deleted here; the next sync sends it.' : 'Entered as a change; the next sync sends it.',
      put,
      problems,
    };
  }
  const server: CrmRecord = {
    rowId: change.rowId,
    lastUpd: current.lastUpd ?? new Date(0).toISOString(),
    modNum: current.modNum ?? 0,
    owner: current.owner,
    updatedBy: current.updatedBy,
    fields: current.fields,
  };
  return {
    outcome: 'conflict',
    message: 'The record was changed on the server after this edit: choose in Issues which version to keep.',
    put,
    issue: newIssue(now, put, change.state === 'deleted' ? 'deletedVsUpdated' : 'bothUpdated', server, null),
    problems,
  };
}

/** The rep's changes: fields whose value differs from the base (a field emptied is null); without a base, every field. */
function changedValues(fields: Fields, base: Fields | null): Record<string, FieldValue> {
  if (base === null) return { ...fields };
  const out: Record<string, FieldValue> = {};
  for (const name of new Set([...Object.keys(fields), ...Object.keys(base)])) {
    const now = fields[name] ?? null;
    if (now !== (base[name] ?? null)) out[name] = now;
  }
  return out;
}

function withChanges(fields: Fields, changes: Fields): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = { ...fields };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}

function sameFields(a: Fields, b: Fields): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) if ((a[name] ?? null) !== (b[name] ?? null)) return false;
  return true;
}
