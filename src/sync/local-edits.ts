import {
  assertNoFieldProblems,
  checkRecordFields,
  findField,
  normalizeFields,
  withoutNulls,
  type ObjectDefinition,
} from '../metadata/index.js';
import { ProtocolError, type FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore } from '../store/index.js';
import { requireInService } from './revoked-error.js';

/**
 * The rep's offline edits. They only touch the store; the next sync uploads them
 * (Siebel: "the user works with data locally … Siebel CRM Desktop sends these
 * changes to the Siebel Server during an incremental synchronization").
 */
export class LocalEdits {
  constructor(
    private readonly store: LocalStore,
    private readonly objects: readonly ObjectDefinition[],
    private readonly user: string,
    private readonly now: () => number = () => Date.now(),
    private readonly newLocalId: () => string = () => `L-${crypto.randomUUID()}`,
  ) {}

  async create(objectType: string, fields: Readonly<Record<string, FieldValue>>): Promise<LocalRecord> {
    const object = this.object(objectType);
    await requireInService(this.store);
    // The gateway's rules, applied before anything is stored.
    const normalized = normalizeFields(object, fields, true);
    assertNoFieldProblems(object, checkRecordFields(object, normalized));
    const values = withoutNulls(normalized);
    const record: LocalRecord = {
      localId: this.newLocalId(),
      objectType,
      rowId: null,
      lastUpd: null,
      modNum: null,
      owner: this.user,
      updatedBy: this.user,
      fields: values,
      base: null,
      state: 'created',
      origin: 'local',
      readOnly: false,
      changedAt: this.now(),
      pending: null,
    };
    await this.store.putRecords([record]);
    return record;
  }

  async update(objectType: string, localId: string, changes: Readonly<Record<string, FieldValue>>): Promise<LocalRecord> {
    const object = this.object(objectType);
    await requireInService(this.store);
    for (const name of Object.keys(changes)) {
      if (findField(object, name)?.readOnly) throw new ProtocolError('INVALID_REQUEST', `${name} is read-only`, { field: name });
    }
    const normalized = normalizeFields(object, changes, false);
    // The package's field rules on the fields changed only, as the gateway checks them:
    // a record holding a value from before a rule existed stays editable.
    assertNoFieldProblems(object, checkRecordFields(object, normalized));
    return this.edit(objectType, localId, (current) => {
      const merged: Record<string, FieldValue> = { ...current.fields };
      for (const [name, value] of Object.entries(normalized)) {
        if (value === null) delete merged[name];
        else merged[name] = value;
      }
      normalizeFields(object, merged, true);
      return {
        ...current,
        fields: merged,
        state: current.state === 'created' ? 'created' : 'updated',
        updatedBy: this.user,
        changedAt: this.now(),
      };
    });
  }

  async delete(objectType: string, localId: string): Promise<void> {
    this.object(objectType);
    await requireInService(this.store);
    // A record never uploaded and with nothing in flight simply goes (null); otherwise the delete is uploaded.
    await this.edit(objectType, localId, (current) =>
      current.state === 'created' && current.pending === null ? null : { ...current, state: 'deleted', changedAt: this.now() },
    );
  }

  /**
   * One edit, read and written in one store transaction, so a sync writing the same
   * record at that moment either comes before (and the edit applies to its version)
   * or after (and finds the edit: it never overwrites it). `change` returns the new
   * version, or null to remove the record.
   *
   * An edit made after the rep answered a conflict but before a sync applied the
   * answer would be overwritten by "keep theirs" without a trace. The newer edit
   * withdraws the answer instead, in the same transaction: the conflict is open
   * again, showing this version.
   */
  private edit<R extends LocalRecord | null>(objectType: string, localId: string, change: (current: LocalRecord) => R): Promise<R> {
    const issueId = `${objectType}/${localId}`;
    return this.store.updateRecords({ records: [{ objectType, localId }], issueIds: [issueId] }, (seen) => {
      const current = editable(seen.record(objectType, localId), objectType, localId);
      const next = change(current);
      const issue = seen.issue(issueId);
      // A record that never reached the server and is now gone leaves nothing to resolve.
      if (next === null) return { remove: [{ objectType, localId }], deleteIssues: issue ? [issueId] : [], result: next };
      const reopened =
        issue !== undefined && issue.resolution !== null
          ? [{ ...issue, resolution: null, local: next.state === 'deleted' ? null : next.fields }]
          : [];
      return { put: [next], putIssues: reopened, result: next };
    });
  }

  private object(objectType: string): ObjectDefinition {
    const object = this.objects.find((o) => o.name === objectType);
    if (!object) throw new ProtocolError('INVALID_REQUEST', `Unknown object type "${objectType}"`, { objectType });
    return object;
  }
}

/** The record as it may be edited, or why not. */
function editable(current: LocalRecord | undefined, objectType: string, localId: string): LocalRecord {
  if (!current || current.state === 'deleted')
    throw new ProtocolError('NOT_FOUND', `${objectType} ${localId} does not exist`, { objectType, localId });
  if (current.readOnly)
    throw new ProtocolError('FORBIDDEN', `This ${objectType} is shown read-only because it is outside your filters`, {
      objectType,
      localId,
    });
  return current;
}
