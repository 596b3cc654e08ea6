import type { IDBFactory } from 'fake-indexeddb';
import { ProtocolError, type FilterExpr } from '../../src/protocol/index.js';
import type { LocalStore } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  appliedPackage,
  archiveEntry,
  dexieTablePrototype,
  freshIndexedDb,
  GATEWAY,
  issue,
  openStore,
  record,
  keeping,
} from './store-fixtures.js';

describe('LocalStore round trips', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });

  afterEach(() => store.close());

  it('starts with default settings naming the gateway and user', async () => {
    expect(await store.getSettings()).toEqual({
      gatewayUrl: GATEWAY,
      userName: 'jsmith',
      presetId: null,
      disabledObjects: [],
      personalFilters: {},
      personalPresets: [],
      intervalMinutes: null,
      packageId: null,
      responsibilityId: null,
      hashValue: null,
      siteId: null,
      databaseId: null,
      registerOperationId: null,
      lastSyncAt: null,
      lastSyncResult: null,
    });
  });

  it('merges settings patches and returns the result', async () => {
    const filter: FilterExpr = { and: [{ field: 'Name', op: 'startsWith', value: 'Acme' }, { mine: true }] };
    const first = await store.updateSettings({
      presetId: 'my-accounts',
      disabledObjects: ['Activity'],
      personalFilters: { Account: filter },
    });
    expect(first.presetId).toBe('my-accounts');
    const second = await store.updateSettings({ intervalMinutes: 30, presetId: undefined });
    expect(second).toEqual({ ...first, intervalMinutes: 30 });
    expect(await store.getSettings()).toEqual(second);
  });

  it('keeps the applied package and replaces it', async () => {
    expect(await store.getAppliedPackage()).toEqual(appliedPackage());
    await store.replaceAppliedPackage(appliedPackage('pkg-2'));
    expect(await store.getAppliedPackage()).toEqual(appliedPackage('pkg-2'));
  });

  it('answers null for the package of a store nothing was installed in', async () => {
    const other = await openStore(indexedDB, { userName: 'nobody' });
    expect(await other.getAppliedPackage()).toBeNull();
    expect(await other.getCheckpoint()).toBeNull();
    await other.close();
  });

  it('stores records of two object types apart and reads them back', async () => {
    const account = record('Account', '1-ACC', { fields: { Name: 'Acme' } });
    const contact = record('Contact', '1-CON', { fields: { LastName: 'Doe', AccountId: '1-ACC' } });
    await store.putRecords([account, contact]);

    expect(await store.getRecord('Account', '1-ACC')).toEqual(account);
    expect(await store.getRecord('Contact', '1-CON')).toEqual(contact);
    expect(await store.getRecord('Account', '1-CON')).toBeUndefined();
    expect(await store.listRecords('Account')).toEqual([account]);
    expect(await store.listRecords('Contact')).toEqual([contact]);
  });

  it('finds a record by its server row id', async () => {
    const uploaded = record('Contact', 'L-7', { rowId: '1-NEW', state: 'clean' });
    await store.putRecords([uploaded, record('Contact', 'L-8')]);
    expect(await store.getRecordByRowId('Contact', '1-NEW')).toEqual(uploaded);
    expect(await store.getRecordByRowId('Contact', '1-NONE')).toBeUndefined();
  });

  it('deletes records', async () => {
    await store.putRecords([record('Account', '1-A'), record('Account', '1-B'), record('Account', '1-C')]);
    await store.deleteRecords('Account', ['1-A', '1-C', '1-MISSING']);
    expect((await store.listRecords('Account')).map((r) => r.localId)).toEqual(['1-B']);
  });

  it('applies a sync batch of puts and removes across object types', async () => {
    await store.putRecords([record('Account', '1-A'), record('Contact', '1-C')]);
    await store.applyBatch({
      put: [record('Account', '1-B'), record('Contact', '1-D')],
      remove: [
        { objectType: 'Account', localId: '1-A' },
        { objectType: 'Contact', localId: '1-C' },
      ],
    });
    expect((await store.listRecords('Account')).map((r) => r.localId)).toEqual(['1-B']);
    expect((await store.listRecords('Contact')).map((r) => r.localId)).toEqual(['1-D']);
  });

  it('lists the outbox: records not clean or with a pending upload, across tables', async () => {
    const pending = { kind: 'update' as const, operationId: 'op-12345678', fields: { Name: 'Acme Ltd' }, modNum: 3 };
    await store.putRecords([
      record('Account', '1-CLEAN'),
      record('Account', '1-EDITED', { state: 'updated', changedAt: 5 }),
      record('Account', '1-SENT', { state: 'clean', pending }),
      record('Contact', 'L-NEW'),
      record('Contact', '1-GONE', { state: 'deleted' }),
      record('Contact', '1-CLEAN'),
      record('Contact', '1-BOTH', { state: 'updated', pending }),
    ]);
    const outbox = await store.listOutbox();
    expect(outbox.map((r) => `${r.objectType}/${r.localId}`)).toEqual([
      'Account/1-EDITED',
      'Account/1-SENT',
      'Contact/1-BOTH',
      'Contact/1-GONE',
      'Contact/L-NEW',
    ]);
    expect(outbox.find((r) => r.localId === '1-SENT')?.pending).toEqual(pending);
  });

  it('finds records by an indexed field, and by other fields and null by scanning', async () => {
    await store.putRecords([
      record('Contact', '1-C1', { fields: { AccountId: '1-ACC', LastName: 'Doe' } }),
      record('Contact', '1-C2', { fields: { AccountId: '1-ACC', LastName: 'Roe' } }),
      record('Contact', '1-C3', { fields: { AccountId: '1-OTHER', LastName: 'Doe' } }),
      record('Contact', '1-C4', { fields: { AccountId: null, LastName: 'Poe' } }),
      record('Contact', '1-C5', { fields: { LastName: 'Zoe' } }),
    ]);
    const ids = (records: { localId: string }[]) => records.map((r) => r.localId).sort();
    expect(ids(await store.findByField('Contact', 'AccountId', '1-ACC'))).toEqual(['1-C1', '1-C2']);
    expect(ids(await store.findByField('Contact', 'AccountId', 'L-UNKNOWN'))).toEqual([]);
    expect(ids(await store.findByField('Contact', 'LastName', 'Doe'))).toEqual(['1-C1', '1-C3']);
    expect(ids(await store.findByField('Contact', 'AccountId', null))).toEqual(['1-C4', '1-C5']);
  });

  it('uses the index for an indexed field', async () => {
    await store.putRecords([record('Contact', '1-C1', { fields: { Email: 'a@example.com' } })]);
    // The scan path starts with Table.filter; an index lookup never calls it.
    const filter = jest.spyOn(dexieTablePrototype(), 'filter');
    try {
      expect((await store.findByField('Contact', 'Email', 'a@example.com')).map((r) => r.localId)).toEqual(['1-C1']);
      expect(filter).not.toHaveBeenCalled();
      await store.findByField('Contact', 'LastName', 'x');
      expect(filter).toHaveBeenCalledTimes(1);
    } finally {
      filter.mockRestore();
    }
  });

  it('keeps, replaces and deletes sync issues', async () => {
    const a = issue('Account', '1-A');
    const b = issue('Contact', '1-B', { kind: 'failed', code: 'FORBIDDEN', server: null, local: null });
    await store.putIssues([b, a]);
    expect(await store.listIssues()).toEqual([a, b]);
    const resolved = { ...a, resolution: { choice: 'fields' as const, pick: { Name: 'server' as const } } };
    await store.putIssues([resolved]);
    expect(await store.listIssues()).toEqual([resolved, b]);
    await store.deleteIssues([b.id, 'Contact/none']);
    expect(await store.listIssues()).toEqual([resolved]);
  });

  it('keeps archive entries, oldest first', async () => {
    await store.addToArchive([archiveEntry('b', 20), archiveEntry('a', 30)]);
    await store.addToArchive([archiveEntry('c', 10)]);
    expect((await store.listArchive()).map((e) => e.id)).toEqual(['c', 'b', 'a']);
    expect((await store.listArchive())[0]).toEqual(archiveEntry('c', 10));
  });

  it('keeps and clears the sync checkpoint', async () => {
    const checkpoint = { syncId: 'sync-1', startedAt: 42, completed: ['session', 'package', 'data:Account'] };
    await store.setCheckpoint(checkpoint);
    expect(await store.getCheckpoint()).toEqual(checkpoint);
    await store.setCheckpoint(null);
    expect(await store.getCheckpoint()).toBeNull();
  });

  it('rejects records of an object type that has no table, writing nothing', async () => {
    const attempt = store.putRecords([record('Account', '1-A'), record('Lead', '1-L')]);
    await expect(attempt).rejects.toBeInstanceOf(ProtocolError);
    await expect(attempt).rejects.toMatchObject({ code: 'STRUCTURE_DAMAGED', details: { objectType: 'Lead' } });
    expect(await store.listRecords('Account')).toEqual([]);
    await expect(store.listRecords('Lead')).rejects.toMatchObject({ code: 'STRUCTURE_DAMAGED' });
  });

  it('refuses calls after close', async () => {
    const other = await openStore(indexedDB);
    await other.close();
    await expect(other.getSettings()).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
  });

  it('tells watchers about committed writes to this store only, until they unsubscribe', async () => {
    const other = await openStore(indexedDB, { userName: 'someone-else' });
    await other.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    let calls = 0;
    const stop = store.watchChanges(() => (calls += 1));
    await other.putRecords([record('Account', 'A-other')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(0);
    await store.putRecords([record('Account', 'A-1')]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBeGreaterThan(0);
    const seen = calls;
    stop();
    await store.updateSettings({ presetId: 'my-team' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(seen);
    await other.close();
  });
});
