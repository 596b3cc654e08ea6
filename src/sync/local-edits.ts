import { findField, normalizeFields, withoutNulls, type ObjectDefinition } from '../metadata/index.js';
import { ProtocolError, type FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore } from '../store/index.js';

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
    // The gateway's rules, applied before anything is stored.
    const values = withoutNulls(normalizeFields(object, fields, true));
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
    const current = await this.editable(objectType, localId);
    for (const name of Object.keys(changes)) {
      if (findField(object, name)?.readOnly) throw new ProtocolError('INVALID_REQUEST', `${name} is read-only`, { field: name });
    }
    const merged: Record<string, FieldValue> = { ...current.fields };
    for (const [name, value] of Object.entries(normalizeFields(object, changes, false))) {
      if (value === null) delete merged[name];
      else merged[name] = value;
    }
    normalizeFields(object, merged, true);
    const record: LocalRecord = {
      ...current,
      fields: merged,
      state: current.state === 'created' ? 'created' : 'updated',
      updatedBy: this.user,
      changedAt: this.now(),
    };
    await this.store.putRecords([record]);
    await this.reopenAnswered(record);
    return record;
  }

  async delete(objectType: string, localId: string): Promise<void> {
    const current = await this.editable(objectType, localId);
    // A record never uploaded and with nothing in flight simply goes; otherwise the delete is uploaded.
    if (current.state === 'created' && current.pending === null) {
      await this.store.deleteRecords(objectType, [localId]);
      return;
    }
    const deleted: LocalRecord = { ...current, state: 'deleted', changedAt: this.now() };
    await this.store.putRecords([deleted]);
    await this.reopenAnswered(deleted);
  }

  /**
   * An edit made after the rep answered a conflict but before a sync applied the
   * answer would be overwritten by "keep theirs" without a trace. The newer edit
   * withdraws the answer instead: the conflict is open again, showing this version.
   */
  private async reopenAnswered(record: LocalRecord): Promise<void> {
    const issue = (await this.store.listIssues()).find(
      (i) => i.objectType === record.objectType && i.localId === record.localId && i.resolution !== null,
    );
    if (!issue) return;
    await this.store.putIssues([{ ...issue, resolution: null, local: record.state === 'deleted' ? null : record.fields }]);
  }

  private object(objectType: string): ObjectDefinition {
    const object = this.objects.find((o) => o.name === objectType);
    if (!object) throw new ProtocolError('INVALID_REQUEST', `Unknown object type "${objectType}"`, { objectType });
    return object;
  }

  private async editable(objectType: string, localId: string): Promise<LocalRecord> {
    const current = await this.store.getRecord(objectType, localId);
    if (!current || current.state === 'deleted')
      throw new ProtocolError('NOT_FOUND', `${objectType} ${localId} does not exist`, { objectType, localId });
    if (current.readOnly)
      throw new ProtocolError('FORBIDDEN', `This ${objectType} is shown read-only because it is outside your filters`, {
        objectType,
        localId,
      });
    return current;
  }
}
