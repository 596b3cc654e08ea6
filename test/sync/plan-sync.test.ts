import type { ChangeKey } from '../../src/protocol/index.js';
import type { LocalRecord, LocalState } from '../../src/store/local-record.js';
import { planSync, type SyncPlan } from '../../src/sync/plan-sync.js';

const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-02T10:30:00.000Z';

/** A Deal as the store holds it; records from the CRM use their ROW_ID as localId. */
const rec = (rowId: string | null, state: LocalState, over: Partial<LocalRecord> = {}): LocalRecord => ({
  localId: rowId ?? 'L-?',
  objectType: 'Deal',
  rowId,
  lastUpd: rowId === null ? null : T1,
  modNum: rowId === null ? null : 3,
  owner: 'alice',
  updatedBy: 'alice',
  fields: { Name: `Deal ${rowId ?? 'new'}` },
  base: rowId === null ? null : { Name: `Deal ${rowId}` },
  state,
  origin: rowId === null ? 'local' : 'crm',
  readOnly: false,
  changedAt: state === 'clean' ? null : 1_000,
  pending: null,
  ...over,
});
const created = (localId: string) => rec(null, 'created', { localId });
const key = (rowId: string, lastUpd = T1): ChangeKey => ({ rowId, lastUpd });

const EMPTY: SyncPlan = {
  serverInserts: [],
  serverUpdates: [],
  serverDeletes: [],
  localInserts: [],
  localUpdates: [],
  localDeletes: [],
  conflicts: [],
  awaiting: [],
  unchanged: 0,
};
const NO_ISSUES: ReadonlySet<string> = new Set();

describe('planSync (Siebel: compare the sets of ids and timestamps)', () => {
  it('sorts every difference of a mixed set into its list', () => {
    const local = [
      rec('1-CLEAN-SAME', 'clean'),
      rec('1-CLEAN-OTHER', 'clean'),
      rec('1-CLEAN-GONE', 'clean'),
      created('L-NEW'),
      rec('1-UPD-SAME', 'updated'),
      rec('1-UPD-OTHER', 'updated'),
      rec('1-UPD-GONE', 'updated'),
      rec('1-DEL-SAME', 'deleted'),
      rec('1-DEL-OTHER', 'deleted'),
      rec('1-DEL-GONE', 'deleted'),
      rec('1-WAITING', 'updated'),
    ];
    const server = [
      key('1-CLEAN-SAME'),
      key('1-CLEAN-OTHER', T2),
      key('1-UPD-SAME'),
      key('1-UPD-OTHER', T2),
      key('1-DEL-SAME'),
      key('1-DEL-OTHER', T2),
      key('1-WAITING', T2),
      key('1-SERVER-ONLY'),
    ];
    expect(planSync(local, server, new Set(['1-WAITING']))).toEqual<SyncPlan>({
      serverInserts: ['1-SERVER-ONLY'],
      serverUpdates: ['1-CLEAN-OTHER'],
      serverDeletes: ['1-CLEAN-GONE'],
      localInserts: ['L-NEW'],
      localUpdates: ['1-UPD-GONE', '1-UPD-SAME'],
      localDeletes: ['1-DEL-GONE', '1-DEL-SAME'],
      conflicts: [
        { localId: '1-DEL-OTHER', rowId: '1-DEL-OTHER', kind: 'deletedVsUpdated' },
        { localId: '1-UPD-OTHER', rowId: '1-UPD-OTHER', kind: 'bothUpdated' },
      ],
      awaiting: ['1-WAITING'],
      unchanged: 1,
    });
  });

  it('initial sync: nothing local, every server key is a Siebel insert', () => {
    expect(planSync([], [key('1-B'), key('1-A')], NO_ISSUES)).toEqual({ ...EMPTY, serverInserts: ['1-A', '1-B'] });
  });

  it('nothing on the server: clean records go, local changes are uploaded', () => {
    const local = [rec('1-A', 'clean'), rec('1-B', 'updated'), rec('1-C', 'deleted'), created('L-1')];
    expect(planSync(local, [], NO_ISSUES)).toEqual({
      ...EMPTY,
      serverDeletes: ['1-A'],
      localInserts: ['L-1'],
      localUpdates: ['1-B'],
      localDeletes: ['1-C'],
    });
  });

  it('created records have no row id and pair with no server key', () => {
    const local = [created('L-2'), created('L-1')];
    expect(planSync(local, [key('1-X')], NO_ISSUES)).toEqual({ ...EMPTY, serverInserts: ['1-X'], localInserts: ['L-1', 'L-2'] });
  });

  it('a record created here keeps its L- id after the upload; the plan pairs it by row id', () => {
    const uploaded = rec('1-NEW', 'clean', { localId: 'L-7', origin: 'crm' });
    expect(planSync([uploaded], [key('1-NEW', T2)], NO_ISSUES)).toEqual({ ...EMPTY, serverUpdates: ['1-NEW'] });
    const edited = rec('1-NEW', 'updated', { localId: 'L-7' });
    expect(planSync([edited], [key('1-NEW', T2)], NO_ISSUES)).toEqual({
      ...EMPTY,
      conflicts: [{ localId: 'L-7', rowId: '1-NEW', kind: 'bothUpdated' }],
    });
  });

  it('a record with an open conflict is left alone, whatever the server says', () => {
    const local = [rec('1-A', 'updated'), rec('1-B', 'deleted'), created('L-1')];
    const open = new Set(['1-A', '1-B', 'L-1']);
    expect(planSync(local, [key('1-A', T2)], open)).toEqual({ ...EMPTY, awaiting: ['1-A', '1-B', 'L-1'] });
  });

  it('the plan is the same whatever order the store and the gateway listed things in', () => {
    const local = [rec('1-C', 'clean'), rec('1-A', 'updated'), rec('1-E', 'clean'), rec('1-B', 'clean'), rec('1-D', 'updated')];
    const server = ['1-Z', '1-A', '1-Y', '1-C', '1-B'].map((id) => key(id, T2));
    const plan = planSync(local, server, NO_ISSUES);
    expect(planSync([...local].reverse(), [...server].reverse(), NO_ISSUES)).toEqual(plan);
    expect(plan).toEqual({
      ...EMPTY,
      serverInserts: ['1-Y', '1-Z'],
      serverUpdates: ['1-B', '1-C'],
      serverDeletes: ['1-E'],
      localUpdates: ['1-D'],
      conflicts: [{ localId: '1-A', rowId: '1-A', kind: 'bothUpdated' }],
    });
  });

  it('orders by code units, not by locale', () => {
    const plan = planSync([], [key('b'), key('B'), key('a'), key('1'), key('_')], NO_ISSUES);
    expect(plan.serverInserts).toEqual(['1', 'B', '_', 'a', 'b']);
  });

  it('refuses inputs a pairing would have to guess at', () => {
    expect(() => planSync([], [key('1-A'), key('1-A', T2)], NO_ISSUES)).toThrow(RangeError);
    expect(() => planSync([rec('1-A', 'clean'), rec('1-A', 'updated', { localId: 'L-1' })], [], NO_ISSUES)).toThrow(RangeError);
    expect(() => planSync([rec('1-A', 'clean'), rec('1-B', 'clean', { objectType: 'Account' })], [], NO_ISSUES)).toThrow(RangeError);
  });

  it('plans 100,000 records', () => {
    const n = 100_000;
    const id = (i: number) => `1-${String(i).padStart(6, '0')}`;
    const local: LocalRecord[] = [];
    const server: ChangeKey[] = [];
    // Per block of 10 local records: 6 unchanged, 1 server update, 1 server delete, 1 local update, 1 created;
    // then 10,000 keys of records only the server has.
    for (let i = 0; i < n; i++) {
      const r = i % 10;
      if (r === 9) {
        local.push(created(`L-${i}`));
        continue;
      }
      local.push(rec(id(i), r === 8 ? 'updated' : 'clean'));
      if (r !== 7) server.push(key(id(i), r === 6 ? T2 : T1));
    }
    for (let i = n; i < n + 10_000; i++) server.push(key(id(i)));
    // The gateway pages keys in row-id order; reversed, the sorts have real work to do.
    server.reverse();

    const started = performance.now();
    const plan = planSync(local, server, NO_ISSUES);
    const ms = performance.now() - started;
    console.log(
      `planSync: ${local.length} local records, ${server.length} server keys in ${ms.toFixed(0)} ms (expected well under a second; not asserted)`,
    );

    expect(plan.unchanged).toBe(60_000);
    expect(plan.serverUpdates).toHaveLength(10_000);
    expect(plan.serverDeletes).toHaveLength(10_000);
    expect(plan.localUpdates).toHaveLength(10_000);
    expect(plan.serverInserts).toHaveLength(10_000);
    expect(plan.localInserts).toHaveLength(10_000);
    expect(plan.conflicts).toEqual([]);
    expect(plan.serverInserts[0]).toBe(id(n));
    expect(plan.serverInserts.at(-1)).toBe(id(n + 9_999));
    expect(plan.serverUpdates.slice(0, 2)).toEqual([id(6), id(16)]);
  });
});
