import type { IDBFactory } from 'fake-indexeddb';
import { localStoreName, SYNC_LOG_MAX_ENTRIES, type LocalStore, type SyncLogEntry } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  alterRawDatabase,
  appliedPackage,
  freshIndexedDb,
  GATEWAY,
  keeping,
  openStore,
  rawStoreNames,
  record,
} from './store-fixtures.js';

function entry(n: number, patch: Partial<SyncLogEntry> = {}): SyncLogEntry {
  return {
    at: 1_700_000_000_000 + n,
    syncStartedAt: 1_700_000_000_000,
    step: 'download',
    objectType: 'Contact',
    durationMs: n,
    counts: { inserted: n },
    code: null,
    message: null,
    details: {},
    ...patch,
  };
}

describe('LocalStore sync log', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;
  const name = localStoreName(GATEWAY, 'jsmith');

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
  });

  afterEach(() => store.close());

  it('is off and empty in a new store', async () => {
    expect((await store.getSettings()).keepSyncLog).toBeUndefined();
    expect(await store.listSyncLog()).toEqual([]);
    expect(await store.countSyncLog()).toBe(0);
  });

  it('keeps the switch in the settings, across close and reopen', async () => {
    await store.updateSettings({ keepSyncLog: true });
    await store.close();
    store = await openStore(indexedDB);
    expect((await store.getSettings()).keepSyncLog).toBe(true);
  });

  it('lists entries oldest first, numbered in append order, and clears them', async () => {
    await store.appendSyncLog([entry(1), entry(2)]);
    await store.appendSyncLog([entry(3, { step: 'failed', code: 'CONNECTIVITY', details: { operation: 'Login' } })]);
    const listed = await store.listSyncLog();
    expect(listed.map((e) => e.durationMs)).toEqual([1, 2, 3]);
    expect(listed[2]).toMatchObject({ step: 'failed', code: 'CONNECTIVITY', details: { operation: 'Login' } });
    expect(listed.map((e) => e.seq)).toEqual([...listed.map((e) => e.seq)].sort((a, b) => a - b));
    await store.clearSyncLog();
    expect(await store.listSyncLog()).toEqual([]);
  });

  it(`keeps at most ${SYNC_LOG_MAX_ENTRIES} entries, dropping the oldest first, on every append`, async () => {
    await store.appendSyncLog(Array.from({ length: SYNC_LOG_MAX_ENTRIES - 1 }, (_, i) => entry(i)));
    expect(await store.countSyncLog()).toBe(SYNC_LOG_MAX_ENTRIES - 1);
    await store.appendSyncLog([entry(100_000), entry(100_001), entry(100_002)]);
    const listed = await store.listSyncLog();
    expect(listed).toHaveLength(SYNC_LOG_MAX_ENTRIES);
    // Entries 0 and 1 went; the three new ones are the newest.
    expect(listed[0]?.durationMs).toBe(2);
    expect(listed.slice(-3).map((e) => e.durationMs)).toEqual([100_000, 100_001, 100_002]);
    // One append larger than the cap keeps its newest entries only.
    await store.appendSyncLog(Array.from({ length: SYNC_LOG_MAX_ENTRIES + 5 }, (_, i) => entry(200_000 + i)));
    const after = await store.listSyncLog();
    expect(after).toHaveLength(SYNC_LOG_MAX_ENTRIES);
    expect(after[0]?.durationMs).toBe(200_005);
  });

  it('survives a reinstall, which clears records and issues but not the log', async () => {
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await store.appendSyncLog([entry(1)]);
    await store.reinstall(appliedPackage('pkg-2'), ACCOUNT_CONTACT, keeping([]));
    expect(await store.countSyncLog()).toBe(1);
  });

  it('reaches a store from before the sync log at its next open, keeping records and structure', async () => {
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    const account = record('Account', '1-A');
    await store.putRecords([account]);
    await store.updateSettings({ intervalMinutes: 30 });
    await store.close();
    // What the previous version left: the same database without the syncLog table.
    await alterRawDatabase(indexedDB, name, (db) => db.deleteObjectStore('syncLog'));
    expect(await rawStoreNames(indexedDB, name)).not.toContain('syncLog');

    store = await openStore(indexedDB);
    expect(await rawStoreNames(indexedDB, name)).toContain('syncLog');
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    expect(await store.listRecords('Account')).toEqual([account]);
    expect((await store.getSettings()).intervalMinutes).toBe(30);
    expect((await store.getSettings()).keepSyncLog).toBeUndefined();
    await store.appendSyncLog([entry(1)]);
    expect(await store.countSyncLog()).toBe(1);
  });
});
