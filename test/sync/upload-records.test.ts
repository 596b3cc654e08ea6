import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import type { CustomizationPackage, ObjectDefinition } from '../../src/metadata/index.js';
import {
  ProtocolError,
  type Change,
  type ChangeResult,
  type CrmRecord,
  type FieldValue,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../../src/protocol/index.js';
import { openLocalStore, type LocalRecord, type LocalStore } from '../../src/store/index.js';
import type { Transport } from '../../src/sync/index.js';
import type { SyncSession } from '../../src/sync/sync-session.js';
import { tableSpecs } from '../../src/sync/table-specs.js';
import { uploadGroups } from '../../src/sync/upload-groups.js';
import { uploadRecords } from '../../src/sync/upload-records.js';
import { demoPackage } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';
import { keeping } from '../store/store-fixtures.js';
import { testSession } from '../support/test-session.js';

/**
 * Issue 12, "Batched uploads": uploadRecords against the real store (fake-indexeddb) and
 * a gateway kept in memory that answers ApplyChanges and the single writes as the real
 * one does (one result per change, replay by operation id, tempIds in reference fields).
 */

/** An Account that may name a parent Account: the reference a batch's tempId serves. */
const ACCOUNT: ObjectDefinition = {
  name: 'Account',
  label: 'Accounts',
  titleField: 'Name',
  userKeys: [['Name']],
  fields: [
    { name: 'Name', type: 'text', required: true, maxLength: 100, label: 'Name' },
    { name: 'Phone', type: 'text', maxLength: 40, label: 'Phone' },
    { name: 'ParentId', type: 'reference', references: 'Account', label: 'Parent' },
  ],
};
const LAST_UPD = '2026-01-01T00:00:00.000Z';

interface Row {
  fields: Record<string, FieldValue>;
  modNum: number;
}

/** The gateway in memory. `refuse` refuses a change whose Name (insert) or row id (update, delete) it lists. */
class MemoryGateway implements Transport {
  readonly rows = new Map<string, Row>();
  readonly calls: { operation: OperationName; request: unknown }[] = [];
  readonly refuse = new Map<string, 'DUPLICATE_USER_KEY' | 'INVALID_REQUEST'>();
  /** The next upload call fails: before it reaches the gateway, or after it applied it (the answer lost). */
  lose: 'before' | 'after' | null = null;
  /** Refuses ApplyChanges as a gateway that does not know it. */
  withoutApplyChanges = false;
  /** Refuses the next ApplyChanges as a whole with this code. */
  refuseNextBatch: 'INVALID_REQUEST' | 'PAYLOAD_TOO_LARGE' | null = null;
  private readonly log = new Map<string, { ok: { rowId: string; lastUpd?: string; modNum?: number } } | { error: ProtocolError }>();
  private seq = 0;

  row(rowId: string, fields: Record<string, FieldValue>, modNum = 1): void {
    this.rows.set(rowId, { fields, modNum });
  }

  async call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    this.calls.push({ operation, request });
    if (operation === 'QueryRecords') {
      const { rowIds } = request as RequestOf<'QueryRecords'>;
      const records: CrmRecord[] = rowIds.flatMap((rowId) => {
        const row = this.rows.get(rowId);
        return row ? [{ rowId, lastUpd: LAST_UPD, modNum: row.modNum, owner: 'alice', updatedBy: 'dave', fields: row.fields }] : [];
      });
      return Promise.resolve({ records } as ResponseOf<N>);
    }
    const lose = this.lose;
    this.lose = null;
    if (lose === 'before') throw new ProtocolError('CONNECTIVITY', 'injected: the request was lost');
    const answer = await this.answer(operation, request);
    if (lose === 'after') throw new ProtocolError('CONNECTIVITY', 'injected: the answer was lost');
    return answer as ResponseOf<N>;
  }

  private answer(operation: OperationName, request: unknown): Promise<unknown> {
    if (operation === 'ApplyChanges') {
      if (this.withoutApplyChanges) {
        return Promise.reject(new ProtocolError('INVALID_REQUEST', 'Unknown operation "ApplyChanges"', { operation: 'ApplyChanges' }));
      }
      const wholeBatch = this.refuseNextBatch;
      this.refuseNextBatch = null;
      if (wholeBatch) return Promise.reject(new ProtocolError(wholeBatch, 'refused as a whole'));
      const temps = new Map<string, string | null>();
      const results: ChangeResult[] = (request as RequestOf<'ApplyChanges'>).changes.map((change) => {
        const body = change.insert ?? change.update ?? change.delete;
        const answer = this.apply(change, temps);
        const tempId = change.insert?.tempId;
        if (tempId !== undefined) temps.set(tempId, 'ok' in answer ? answer.ok.rowId : null);
        const operationId = body?.operationId ?? '';
        return 'ok' in answer ? { operationId, ok: answer.ok } : { operationId, error: answer.error.toWire() as ChangeResult['error'] };
      });
      return Promise.resolve({ results });
    }
    const change: Change =
      operation === 'InsertRecord'
        ? { insert: request as RequestOf<'InsertRecord'> }
        : operation === 'UpdateRecord'
          ? { update: request as RequestOf<'UpdateRecord'> }
          : { delete: request as RequestOf<'DeleteRecord'> };
    const answer = this.apply(change, new Map());
    return 'ok' in answer ? Promise.resolve(answer.ok) : Promise.reject(answer.error);
  }

  /** One change, or the answer logged under its operation id. */
  private apply(change: Change, temps: ReadonlyMap<string, string | null>) {
    const body = change.insert ?? change.update ?? change.delete;
    if (body === undefined) throw new Error('empty change');
    const logged = this.log.get(body.operationId);
    if (logged) return logged;
    const answer = this.write(change, temps);
    this.log.set(body.operationId, answer);
    return answer;
  }

  private write(change: Change, temps: ReadonlyMap<string, string | null>) {
    const refused = (code: ProtocolError['code'], message: string) => ({ error: new ProtocolError(code, message) });
    const withTemps = (fields: Record<string, FieldValue>) => {
      const parent = fields['ParentId'];
      if (typeof parent !== 'string' || !temps.has(parent)) return fields;
      const rowId = temps.get(parent);
      return rowId ? { ...fields, ParentId: rowId } : null;
    };
    if (change.insert) {
      const fields = withTemps(change.insert.fields);
      if (fields === null) return refused('INVALID_REQUEST', 'ParentId refers to a refused insert');
      const refusal = this.refuse.get(String(fields['Name']));
      if (refusal) return refused(refusal, `refused ${String(fields['Name'])}`);
      const rowId = `1-${String(++this.seq).padStart(13, '0')}`;
      this.rows.set(rowId, { fields, modNum: 0 });
      return { ok: { rowId, lastUpd: LAST_UPD, modNum: 0 } };
    }
    const target = change.update ?? change.delete;
    if (target === undefined) throw new Error('empty change');
    const row = this.rows.get(target.rowId);
    if (row === undefined) return refused('NOT_FOUND', `no ${target.rowId}`);
    if (row.modNum !== target.modNum) return refused('COLLISION', `${target.rowId} changed`);
    const refusal = this.refuse.get(target.rowId);
    if (refusal) return refused(refusal, `refused ${target.rowId}`);
    if (change.delete) {
      this.rows.delete(target.rowId);
      return { ok: { rowId: target.rowId } };
    }
    const fields = withTemps(change.update?.fields ?? {});
    if (fields === null) return refused('INVALID_REQUEST', 'ParentId refers to a refused insert');
    row.fields = { ...row.fields, ...fields };
    row.modNum += 1;
    return { ok: { rowId: target.rowId, lastUpd: LAST_UPD, modNum: row.modNum } };
  }

  /** The calls that upload, as "ApplyChanges(3)" or the single operation's name. */
  uploads(): string[] {
    return this.calls
      .filter((c) => c.operation !== 'QueryRecords')
      .map((c) =>
        c.operation === 'ApplyChanges' ? `ApplyChanges(${(c.request as RequestOf<'ApplyChanges'>).changes.length})` : c.operation,
      );
  }

  /** The changes of every ApplyChanges call so far. */
  batches(): Change[][] {
    return this.calls.filter((c) => c.operation === 'ApplyChanges').map((c) => (c.request as RequestOf<'ApplyChanges'>).changes);
  }
}

let store: LocalStore;
let gateway: MemoryGateway;
let opSeq = 0;
beforeEach(async () => {
  store = await openLocalStore({ gatewayUrl: 'https://crm.example.com', userName: 'alice', indexedDB: new IDBFactory() });
  await store.reinstall(
    { packageId: 'p', responsibilityId: 'R', hashValue: 'h', files: [], appliedAt: 1 },
    tableSpecs([ACCOUNT]),
    keeping([]),
  );
  gateway = new MemoryGateway();
});
afterEach(() => store.close());

function session(maxCommandsPerBatch: number, transport: Transport = gateway): SyncSession {
  const demo = demoPackage();
  const pkg: CustomizationPackage = { ...demo, objects: [ACCOUNT], sync: { ...demo.sync, maxCommandsPerBatch } };
  return testSession(store, transport, pkg, { newOperationId: () => `op-${String(++opSeq).padStart(4, '0')}` });
}

/** A record created here. */
const created = (localId: string, fields: Record<string, FieldValue>) => localRecord('Account', localId, { changedAt: 1 }, fields);
/** A synced record the rep changed (`fields`) since `base`, last seen at `modNum`. */
const changed = (rowId: string, base: Record<string, FieldValue>, fields: Record<string, FieldValue>, modNum = 1) =>
  localRecord('Account', rowId, { state: 'updated', base, modNum }, { ...base, ...fields });
/** A synced record the rep deleted. */
const deleted = (rowId: string, modNum = 1) =>
  localRecord('Account', rowId, { state: 'deleted', base: { Name: rowId }, modNum }, { Name: rowId });

async function stored(records: LocalRecord[]): Promise<LocalRecord[]> {
  await store.updateRecords({ records }, () => ({ put: records, result: undefined }));
  return records;
}
const get = async (localId: string) => (await store.getRecord('Account', localId)) as LocalRecord;
const kinds = (changes: Change[]) => changes.map((c) => (c.insert ? 'insert' : c.update ? 'update' : 'delete'));
const operationIds = (changes: Change[]) => changes.map((c) => (c.insert ?? c.update ?? c.delete)?.operationId);

describe('uploadRecords (issue 12, batched uploads)', () => {
  test('batches of at most maxCommandsPerBatch, in the given order, with progress after each batch', async () => {
    gateway.row('1-U1', { Name: 'U1' });
    gateway.row('1-U2', { Name: 'U2' });
    gateway.row('1-D1', { Name: '1-D1' });
    const records = await stored([
      created('L-1', { Name: 'One' }),
      created('L-2', { Name: 'Two' }),
      created('L-3', { Name: 'Three' }),
      created('L-4', { Name: 'Four' }),
      changed('1-U1', { Name: 'U1' }, { Phone: '1' }),
      changed('1-U2', { Name: 'U2' }, { Phone: '2' }),
      deleted('1-D1'),
    ]);
    const s = session(3);
    const progress: number[] = [];
    await uploadRecords(s, ACCOUNT, records, undefined, (n) => progress.push(n));

    expect(gateway.uploads()).toEqual(['ApplyChanges(3)', 'ApplyChanges(3)', 'ApplyChanges(1)']);
    expect(gateway.batches().map(kinds)).toEqual([['insert', 'insert', 'insert'], ['insert', 'update', 'update'], ['delete']]);
    expect(gateway.batches()[0]?.map((c) => c.insert?.fields['Name'])).toEqual(['One', 'Two', 'Three']);
    expect(progress).toEqual([3, 6, 7]);
    expect(s.counts.uploaded).toBe(7);
    for (const id of ['L-1', 'L-2', 'L-3', 'L-4', '1-U1', '1-U2']) expect(await get(id)).toMatchObject({ state: 'clean', pending: null });
    expect((await get('L-1')).rowId).toMatch(/^1-/);
    expect(s.insertedRowIds.size).toBe(4);
    expect([...s.uploadedLocalIds].sort()).toEqual(['1-U1', '1-U2', 'L-1', 'L-2', 'L-3', 'L-4']);
    expect(await get('1-D1')).toBeUndefined();
    expect(gateway.rows.get('1-U2')).toEqual({ fields: { Name: 'U2', Phone: '2' }, modNum: 2 });
    expect(gateway.rows.has('1-D1')).toBe(false);
    expect(await store.listIssues()).toEqual([]);
  });

  test('each result of a mixed batch is applied as the single answer: conflicts, duplicates, gone, failed', async () => {
    gateway.row('1-OK', { Name: 'Fine' });
    gateway.row('1-COL', { Name: 'Collides' }, 5); // dave changed it: modNum 5, the device saw 1
    gateway.row('1-DELCOL', { Name: 'Changed there' }, 3);
    gateway.refuse.set('Taken', 'DUPLICATE_USER_KEY');
    gateway.refuse.set('Bad', 'INVALID_REQUEST');
    const records = await stored([
      created('L-ok', { Name: 'New' }),
      created('L-dup', { Name: 'Taken' }),
      created('L-bad', { Name: 'Bad' }),
      changed('1-OK', { Name: 'Fine' }, { Phone: '9' }),
      changed('1-COL', { Name: 'Collides' }, { Phone: '9' }),
      changed('1-GONE', { Name: 'Gone' }, { Phone: '9' }),
      deleted('1-DELGONE'),
      deleted('1-DELCOL'),
    ]);
    const s = session(250);
    await uploadRecords(s, ACCOUNT, records, undefined);

    expect(gateway.uploads()).toEqual(['ApplyChanges(8)']);
    const issues = new Map((await store.listIssues()).map((i) => [i.localId, i]));
    expect([...issues.keys()].sort()).toEqual(['1-COL', '1-DELCOL', '1-GONE', 'L-bad', 'L-dup']);
    expect(issues.get('1-COL')).toMatchObject({ kind: 'bothUpdated', server: { rowId: '1-COL', modNum: 5 } });
    expect(issues.get('1-GONE')).toMatchObject({ kind: 'updatedVsDeleted', server: null });
    expect(issues.get('1-DELCOL')).toMatchObject({ kind: 'deletedVsUpdated', server: { modNum: 3 } });
    expect(issues.get('L-dup')).toMatchObject({ kind: 'duplicate', code: 'DUPLICATE_USER_KEY', message: 'refused Taken' });
    expect(issues.get('L-bad')).toMatchObject({ kind: 'failed', code: 'INVALID_REQUEST' });
    expect(s.counts).toMatchObject({ uploaded: 2, conflicts: 3, issues: 2 });
    // Every request is spent; the refused records keep their state for the rep.
    for (const r of await store.listRecords('Account')) expect(r.pending).toBeNull();
    expect(await get('L-dup')).toMatchObject({ state: 'created', rowId: null });
    expect(await get('1-COL')).toMatchObject({ state: 'updated', modNum: 1 });
    expect(await get('1-OK')).toMatchObject({ state: 'clean', modNum: 2 });
    expect(await get('L-ok')).toMatchObject({ state: 'clean' });
    expect(await get('1-DELGONE')).toBeUndefined(); // already gone on the server: simply gone
  });

  test('a reference to an insert earlier in the batch is sent as its tempId (the local id), and written back as its ROW_ID', async () => {
    gateway.row('1-OLD', { Name: 'Old' });
    const records = await stored([
      created('L-parent', { Name: 'Parent' }),
      created('L-child', { Name: 'Child', ParentId: 'L-parent' }),
      changed('1-OLD', { Name: 'Old' }, { ParentId: 'L-parent' }),
    ]);
    const s = session(250);
    await uploadRecords(s, ACCOUNT, records, undefined);

    const [batch] = gateway.batches();
    expect(batch).toEqual([
      { insert: { operationId: expect.any(String), objectType: 'Account', fields: { Name: 'Parent' }, tempId: 'L-parent' } },
      { insert: { operationId: expect.any(String), objectType: 'Account', fields: { Name: 'Child', ParentId: 'L-parent' } } },
      {
        update: { operationId: expect.any(String), objectType: 'Account', rowId: '1-OLD', modNum: 1, fields: { ParentId: 'L-parent' } },
      },
    ]);
    const parent = await get('L-parent');
    expect(parent.rowId).toMatch(/^1-/);
    // Clean, with the ROW_ID in the fields and in the base: nothing left to upload next sync.
    expect(await get('L-child')).toMatchObject({
      state: 'clean',
      fields: { Name: 'Child', ParentId: parent.rowId },
      base: { Name: 'Child', ParentId: parent.rowId },
    });
    expect(await get('1-OLD')).toMatchObject({ state: 'clean', fields: { ParentId: parent.rowId }, base: { ParentId: parent.rowId } });
    expect(gateway.rows.get((await get('L-child')).rowId as string)?.fields['ParentId']).toBe(parent.rowId);
    expect(s.counts.uploaded).toBe(3);
  });

  test('across a batch boundary the reference is the ROW_ID already; a refused parent leaves its child waiting, without an issue', async () => {
    gateway.refuse.set('Refused parent', 'DUPLICATE_USER_KEY');
    const records = await stored([
      created('L-a', { Name: 'A' }),
      created('L-r', { Name: 'Refused parent' }),
      created('L-b', { Name: 'B', ParentId: 'L-a' }),
      created('L-c', { Name: 'C', ParentId: 'L-r' }),
    ]);
    await uploadRecords(session(2), ACCOUNT, records, undefined);

    const a = await get('L-a');
    const [first, second] = gateway.batches();
    expect(first?.[0]).not.toHaveProperty('insert.tempId');
    expect(second?.map((c) => c.insert?.fields['ParentId'])).toEqual([a.rowId, undefined]);
    expect(second).toHaveLength(1); // L-c waits: its parent has no ROW_ID and is not in this batch
    expect(await get('L-b')).toMatchObject({ state: 'clean' });
    expect(await get('L-c')).toMatchObject({ state: 'created', pending: null });
    expect((await store.listIssues()).map((i) => [i.localId, i.kind])).toEqual([['L-r', 'duplicate']]);

    // In one batch the child goes along, is refused with its parent, and waits just the same.
    gateway.calls.length = 0;
    await stored([created('L-r2', { Name: 'Refused parent' }), created('L-c2', { Name: 'C2', ParentId: 'L-r2' })]);
    await uploadRecords(session(250), ACCOUNT, [await get('L-r2'), await get('L-c2')], undefined);
    expect(gateway.batches().map((b) => b.length)).toEqual([2]);
    expect(await get('L-c2')).toMatchObject({ state: 'created', pending: null, fields: { ParentId: 'L-r2' } });
    expect((await store.listIssues()).map((i) => i.localId).sort()).toEqual(['L-r', 'L-r2']);
  });

  test.each(['before', 'after'] as const)(
    'a batch lost %s the gateway stops the upload; resent, it carries the same operation ids and writes nothing twice',
    async (lose) => {
      gateway.row('1-U', { Name: 'U' });
      const records = await stored([
        created('L-parent', { Name: 'Parent' }),
        created('L-child', { Name: 'Child', ParentId: 'L-parent' }),
        changed('1-U', { Name: 'U' }, { Phone: '5' }),
      ]);
      gateway.lose = lose;
      await expect(uploadRecords(session(250), ACCOUNT, records, undefined)).rejects.toMatchObject({ code: 'CONNECTIVITY' });
      const [sent] = gateway.batches();
      for (const r of await store.listRecords('Account')) expect(r.pending).not.toBeNull();
      expect(gateway.rows.size).toBe(lose === 'after' ? 3 : 1);

      // The next sync finds them pending, in store order (the child first), with a batch of one allowed:
      // the child and its parent still go together, the parent first, as they were sent.
      const pending = (await store.listRecords('Account')).filter((r) => r.pending !== null);
      expect(pending.map((r) => r.localId)).toEqual(['1-U', 'L-child', 'L-parent']);
      const s = session(1);
      await uploadRecords(s, ACCOUNT, pending, undefined);
      const resent = gateway.batches().slice(1);
      expect(resent.map(operationIds).flat().sort()).toEqual(operationIds(sent ?? []).sort());
      expect(resent.map(kinds)).toEqual([['update'], ['insert', 'insert']]);
      expect(resent[1]).toEqual([sent?.[0], sent?.[1]]);
      expect(gateway.rows.size).toBe(3);
      expect(gateway.rows.get('1-U')?.modNum).toBe(2);
      const parent = await get('L-parent');
      expect(await get('L-child')).toMatchObject({ state: 'clean', base: { Name: 'Child', ParentId: parent.rowId } });
      expect(s.counts.uploaded).toBe(3);
      expect(await store.listIssues()).toEqual([]);
    },
  );

  test('a gateway without ApplyChanges: single requests for the rest of the sync, a tempId reference prepared again', async () => {
    gateway.withoutApplyChanges = true;
    gateway.row('1-U', { Name: 'U' });
    const records = await stored([
      created('L-parent', { Name: 'Parent' }),
      created('L-child', { Name: 'Child', ParentId: 'L-parent' }),
      changed('1-U', { Name: 'U' }, { Phone: '5' }),
    ]);
    const s = session(2);
    await uploadRecords(s, ACCOUNT, records, undefined);
    expect(gateway.uploads()).toEqual(['ApplyChanges(2)', 'InsertRecord', 'InsertRecord', 'UpdateRecord']);
    expect(s.lacking.has('ApplyChanges')).toBe(true);
    const [parentCall, childCall] = gateway.calls.filter((c) => c.operation === 'InsertRecord');
    const parent = await get('L-parent');
    // The parent's request is the one prepared for the batch; the child's refers to the ROW_ID now.
    expect((parentCall?.request as RequestOf<'InsertRecord'>).operationId).toBe(gateway.batches()[0]?.[0]?.insert?.operationId);
    expect((childCall?.request as RequestOf<'InsertRecord'>).fields).toEqual({ Name: 'Child', ParentId: parent.rowId });
    expect(await get('L-child')).toMatchObject({ state: 'clean' });
    expect(s.counts.uploaded).toBe(3);
    expect(await store.listIssues()).toEqual([]);

    // The same session sends nothing more as a batch.
    await stored([created('L-more', { Name: 'More' })]);
    await uploadRecords(s, ACCOUNT, [await get('L-more')], undefined);
    expect(gateway.uploads().slice(-1)).toEqual(['InsertRecord']);
  });

  test.each(['INVALID_REQUEST', 'PAYLOAD_TOO_LARGE'] as const)(
    'a batch refused as a whole (%s) goes one record per request, a tempId reference prepared again; the next batch is a batch',
    async (code) => {
      gateway.refuseNextBatch = code;
      const records = await stored([
        created('L-1', { Name: 'One' }),
        created('L-2', { Name: 'Two', ParentId: 'L-1' }),
        created('L-3', { Name: 'Three' }),
      ]);
      const s = session(2);
      await uploadRecords(s, ACCOUNT, records, undefined);
      expect(gateway.uploads()).toEqual(['ApplyChanges(2)', 'InsertRecord', 'InsertRecord', 'ApplyChanges(1)']);
      const [, second] = gateway.calls.filter((c) => c.operation === 'InsertRecord');
      expect((second?.request as RequestOf<'InsertRecord'>).fields).toEqual({ Name: 'Two', ParentId: (await get('L-1')).rowId });
      expect(s.lacking.has('ApplyChanges')).toBe(false);
      expect(s.counts.uploaded).toBe(3);
      expect(await store.listIssues()).toEqual([]);
    },
  );

  test('a record too large by itself stops the sync, its request kept', async () => {
    gateway.refuseNextBatch = 'PAYLOAD_TOO_LARGE';
    const records = await stored([created('L-big', { Name: 'Big' })]);
    await expect(uploadRecords(session(2), ACCOUNT, records, undefined)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await get('L-big')).toMatchObject({ pending: { kind: 'insert' } });
  });

  test('a cancelled sync stops between batches, the next batch unprepared', async () => {
    const records = await stored([created('L-1', { Name: 'One' }), created('L-2', { Name: 'Two' })]);
    const abort = new AbortController();
    await expect(uploadRecords(session(1), ACCOUNT, records, abort.signal, () => abort.abort())).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(gateway.uploads()).toEqual(['ApplyChanges(1)']);
    expect(await get('L-2')).toMatchObject({ pending: null, rowId: null });
  });
});

describe('uploadGroups (what stays in one batch)', () => {
  const pending = (r: LocalRecord, kind: 'insert' | 'update', fields: Record<string, FieldValue>): LocalRecord => ({
    ...r,
    pending: { kind, operationId: `op-${r.localId}`, fields, modNum: kind === 'update' ? 1 : null },
  });
  const ids = (groups: LocalRecord[][]) => groups.map((g) => g.map((r) => r.localId));
  const a = pending(created('L-a', { Name: 'A' }), 'insert', { Name: 'A' });
  const b = pending(created('L-b', { Name: 'B', ParentId: 'L-a' }), 'insert', { Name: 'B', ParentId: 'L-a' });
  const c = pending(created('L-c', { Name: 'C', ParentId: 'L-b' }), 'insert', { Name: 'C', ParentId: 'L-b' });
  const u = pending(changed('1-U', { Name: 'U' }, { ParentId: 'L-a' }), 'update', { ParentId: 'L-a' });
  const plain = created('L-plain', { Name: 'Plain', ParentId: 'L-a' }); // not pending: prepared later, alone

  test.each([
    ['nothing pending: one record a group, in order', [plain, created('L-x', { Name: 'X' })], [['L-plain'], ['L-x']]],
    ['a chain resent in reverse: referenced first, one group', [c, b, a], [['L-a', 'L-b', 'L-c']]],
    ['an update referring to a pending insert joins its group', [u, plain, a], [['L-a', '1-U'], ['L-plain']]],
    ['a reference to an insert not among them is no link', [b], [['L-b']]],
    [
      'records not yet pending: an insert before those referring to it, each alone',
      [created('L-2', { Name: 'Branch', ParentId: 'L-1' }), created('L-x', { Name: 'X' }), created('L-1', { Name: 'Parent' })],
      [['L-1'], ['L-2'], ['L-x']],
    ],
  ])('%s', (_, records, expected) => {
    expect(ids(uploadGroups(ACCOUNT, records))).toEqual(expected);
  });
});
