import type { IDBFactory } from 'fake-indexeddb';
import { deleteLocalStore, localStoreName, type LocalStore, type TableSpec } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  appliedPackage,
  freshIndexedDb,
  GATEWAY,
  openStore,
  rawStoreNames,
  record,
  keeping,
  NAME_LIST,
} from './store-fixtures.js';

const ACCOUNT_ONLY: readonly TableSpec[] = [{ objectType: 'Account', indexedFields: ['Name'], list: NAME_LIST }];

describe('LocalStore databases and connections', () => {
  let indexedDB: IDBFactory;
  const opened: LocalStore[] = [];
  const open = async (options: { userName?: string; deviceTag?: string } = {}) => {
    const store = await openStore(indexedDB, options);
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    indexedDB = freshIndexedDb();
  });

  const cleanups: Array<() => void> = [];
  const onCleanup = (cleanup: () => void) => cleanups.push(cleanup);

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('keeps one database per user, and per device tag', async () => {
    const jsmith = await open({ userName: 'jsmith' });
    const adoe = await open({ userName: 'adoe' });
    const jsmithLaptop = await open({ userName: 'jsmith', deviceTag: 'laptop' });
    expect(new Set([jsmith.databaseName, adoe.databaseName, jsmithLaptop.databaseName]).size).toBe(3);

    for (const store of [jsmith, adoe, jsmithLaptop]) await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await jsmith.putRecords([record('Account', '1-J')]);
    await adoe.putRecords([record('Account', '1-A')]);
    await adoe.updateSettings({ presetId: 'team' });

    expect((await jsmith.listRecords('Account')).map((r) => r.localId)).toEqual(['1-J']);
    expect((await adoe.listRecords('Account')).map((r) => r.localId)).toEqual(['1-A']);
    expect(await jsmithLaptop.listRecords('Account')).toEqual([]);
    expect((await jsmith.getSettings()).presetId).toBeNull();
    expect((await adoe.getSettings()).userName).toBe('adoe');
  });

  it('names the database after the normalised gateway URL', async () => {
    const store = await open();
    expect(store.databaseName).toBe(localStoreName('HTTPS://CRM.Example.com:443/gateway/', ' jsmith '));
  });

  it('lets a second connection (a second pane) see the first one’s writes', async () => {
    const first = await open();
    const second = await open();
    await first.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await first.putRecords([record('Account', '1-A')]);
    await first.updateSettings({ intervalMinutes: 10 });

    expect(await second.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    expect((await second.listRecords('Account')).map((r) => r.localId)).toEqual(['1-A']);
    expect((await second.getSettings()).intervalMinutes).toBe(10);

    await second.putRecords([record('Contact', '1-C')]);
    expect((await first.listRecords('Contact')).map((r) => r.localId)).toEqual(['1-C']);
  });

  it('keeps a second connection working across a reinstall done by the first (no deadlock)', async () => {
    const first = await open();
    const second = await open();
    await first.reinstall(appliedPackage('pkg-1'), ACCOUNT_CONTACT, keeping([]));
    await second.putRecords([record('Contact', '1-C')]); // the second connection is open and has used the old structure

    // Reads on the second connection race with the upgrade; none may hang or fail.
    const racing = Promise.all([second.listRecords('Account'), second.getSettings(), second.listOutbox()]);
    await first.reinstall(appliedPackage('pkg-2'), ACCOUNT_ONLY, keeping([record('Account', 'L-1')]));
    await racing;

    expect(await second.checkStructure(ACCOUNT_ONLY)).toBeNull();
    expect(await second.getAppliedPackage()).toEqual(appliedPackage('pkg-2'));
    expect((await second.listRecords('Account')).map((r) => r.localId)).toEqual(['L-1']);
    await expect(second.listRecords('Contact')).rejects.toMatchObject({ code: 'STRUCTURE_DAMAGED' });

    // And the other way round: the second reinstalls, the first follows.
    await second.reinstall(appliedPackage('pkg-3'), ACCOUNT_CONTACT, keeping([]));
    expect(await first.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    await first.putRecords([record('Contact', '1-D')]);
    expect((await second.listRecords('Contact')).map((r) => r.localId)).toEqual(['1-D']);
  });

  it('lets two connections reinstall at the same moment and ends with one of the two structures, whole', async () => {
    const first = await open();
    const second = await open();
    await first.reinstall(appliedPackage('pkg-1'), ACCOUNT_CONTACT, keeping([]));
    // The loser of the race opens at a version the winner already took; Dexie then
    // patches the schema (and says so) before the store retries with a higher version.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    onCleanup(() => warn.mockRestore());
    await Promise.all([
      first.reinstall(appliedPackage('pkg-a'), ACCOUNT_ONLY, keeping([])),
      second.reinstall(appliedPackage('pkg-b'), [{ objectType: 'Lead', indexedFields: [], list: NAME_LIST }], keeping([])),
    ]);
    const pkg = await first.getAppliedPackage();
    const tables = pkg?.packageId === 'pkg-a' ? ACCOUNT_ONLY : [{ objectType: 'Lead', indexedFields: [], list: NAME_LIST }];
    expect(await first.checkStructure(tables)).toBeNull();
    expect(await second.checkStructure(tables)).toBeNull();
  });

  it('deletes a database; an open store then starts again empty', async () => {
    const store = await open();
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await store.putRecords([record('Account', '1-A')]);

    await deleteLocalStore({ gatewayUrl: GATEWAY, userName: 'jsmith', indexedDB });

    expect(await store.checkStructure([])).toBe('The copy of the applied package is missing.');
    expect(await rawStoreNames(indexedDB, store.databaseName)).toEqual(['archive', 'issues', 'meta', 'syncLog']);
    const reopened = await open();
    expect(await reopened.getAppliedPackage()).toBeNull();
  });
});
