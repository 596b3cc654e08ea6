import type { IDBFactory } from 'fake-indexeddb';
import { localStoreName, type LocalStore, type TableSpec } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  alterRawDatabase,
  appliedPackage,
  archiveEntry,
  freshIndexedDb,
  GATEWAY,
  issue,
  nativeVersion,
  openStore,
  rawStoreNames,
  record,
  keeping,
  NAME_LIST,
} from './store-fixtures.js';

const ACCOUNT_OPPORTUNITY: readonly TableSpec[] = [
  { objectType: 'Account', indexedFields: ['Name', 'ParentId'], list: NAME_LIST },
  { objectType: 'Opportunity', indexedFields: ['AccountId'], list: NAME_LIST },
];

describe('LocalStore structure', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;
  const name = localStoreName(GATEWAY, 'jsmith');

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
  });

  afterEach(() => store.close());

  it('starts with the fixed tables only and reports the missing package copy', async () => {
    expect(await rawStoreNames(indexedDB, name)).toEqual(['archive', 'issues', 'meta', 'syncLog']);
    expect(await store.checkStructure([])).toBe('The copy of the applied package is missing.');
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toMatch(/table for Account .* is missing/);
  });

  it('installs one table per object type, and a healthy store reports nothing', async () => {
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    expect(await rawStoreNames(indexedDB, name)).toEqual(['archive', 'issues', 'meta', 'rec_Account', 'rec_Contact', 'syncLog']);
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    // Index order and duplicate fields in the specs do not matter.
    expect(
      await store.checkStructure([
        { objectType: 'Contact', indexedFields: ['Email', 'AccountId', 'Email'], list: NAME_LIST },
        ACCOUNT_CONTACT[0]!,
      ]),
    ).toBeNull();
  });

  it('reinstall drops removed object types, creates new ones, keeps `keep`, the archive and the settings, and clears issues', async () => {
    await store.reinstall(appliedPackage('pkg-1'), ACCOUNT_CONTACT, keeping([]));
    const localAccount = record('Account', 'L-1', { fields: { Name: 'New here', ParentId: '1-P' } });
    await store.putRecords([record('Account', '1-A'), localAccount, record('Contact', '1-C'), record('Contact', 'L-2')]);
    await store.putIssues([issue('Account', '1-A')]);
    await store.addToArchive([archiveEntry('kept', 1)]);
    const settings = await store.updateSettings({ presetId: 'mine', siteId: 'site-1' });
    const checkpoint = { syncId: 's', startedAt: 1, completed: ['session'] };
    await store.setCheckpoint(checkpoint);

    await store.reinstall(appliedPackage('pkg-2'), ACCOUNT_OPPORTUNITY, keeping([localAccount]));

    expect(await rawStoreNames(indexedDB, name)).toEqual(['archive', 'issues', 'meta', 'rec_Account', 'rec_Opportunity', 'syncLog']);
    expect(await store.listRecords('Account')).toEqual([localAccount]);
    expect(await store.listRecords('Opportunity')).toEqual([]);
    await expect(store.listRecords('Contact')).rejects.toMatchObject({ code: 'STRUCTURE_DAMAGED' });
    expect(await store.listIssues()).toEqual([]);
    expect((await store.listArchive()).map((e) => e.id)).toEqual(['kept']);
    expect(await store.getSettings()).toEqual(settings);
    expect(await store.getCheckpoint()).toEqual(checkpoint);
    expect(await store.getAppliedPackage()).toEqual(appliedPackage('pkg-2'));
    expect(await store.checkStructure(ACCOUNT_OPPORTUNITY)).toBeNull();
    expect(await store.checkStructure(ACCOUNT_CONTACT)).not.toBeNull();
    // The new index works.
    expect(await store.findByField('Account', 'ParentId', '1-P')).toEqual([localAccount]);
    expect(await store.listOutbox()).toEqual([localAccount]);
  });

  it('reinstall with the same structure clears the data without a schema upgrade', async () => {
    await store.reinstall(appliedPackage('pkg-1'), ACCOUNT_CONTACT, keeping([]));
    const version = await nativeVersion(indexedDB, name);
    const kept = record('Contact', 'L-9');
    await store.putRecords([record('Account', '1-A'), record('Contact', '1-C'), kept]);
    await store.putIssues([issue('Contact', '1-C')]);

    await store.reinstall(appliedPackage('pkg-1b'), ACCOUNT_CONTACT, keeping([kept]));

    expect(await nativeVersion(indexedDB, name)).toBe(version);
    expect(await store.listRecords('Account')).toEqual([]);
    expect(await store.listRecords('Contact')).toEqual([kept]);
    expect(await store.listIssues()).toEqual([]);
    expect(await store.getAppliedPackage()).toEqual(appliedPackage('pkg-1b'));
  });

  it('refuses to keep a record the new structure has no table for, changing nothing', async () => {
    await store.reinstall(appliedPackage('pkg-1'), ACCOUNT_CONTACT, keeping([]));
    await store.putRecords([record('Contact', 'L-1')]);
    await expect(store.reinstall(appliedPackage('pkg-2'), ACCOUNT_OPPORTUNITY, keeping([record('Contact', 'L-1')]))).rejects.toMatchObject({
      code: 'STRUCTURE_DAMAGED',
      details: { objectType: 'Contact' },
    });
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    expect(await store.getAppliedPackage()).toEqual(appliedPackage('pkg-1'));
    expect(await store.listRecords('Contact')).toEqual([record('Contact', 'L-1')]);
  });

  it('keeps everything, structure included, across close and reopen', async () => {
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    const account = record('Account', '1-A');
    await store.putRecords([account]);
    await store.putIssues([issue('Account', '1-A')]);
    await store.addToArchive([archiveEntry('x', 5)]);
    await store.updateSettings({ intervalMinutes: 15 });
    await store.setCheckpoint({ syncId: 's', startedAt: 2, completed: [] });
    await store.close();

    store = await openStore(indexedDB);
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    expect(await store.listRecords('Account')).toEqual([account]);
    expect(await store.listIssues()).toEqual([issue('Account', '1-A')]);
    expect(await store.listArchive()).toEqual([archiveEntry('x', 5)]);
    expect((await store.getSettings()).intervalMinutes).toBe(15);
    expect(await store.getCheckpoint()).toEqual({ syncId: 's', startedAt: 2, completed: [] });
    expect(await store.findByField('Account', 'Name', account.fields.Name ?? null)).toEqual([account]);
  });

  describe('checkStructure reports damage', () => {
    beforeEach(async () => {
      await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([record('Contact', 'L-1')]));
    });

    it('a deleted table (the store reopens after the foreign upgrade) and a reinstall repairs it', async () => {
      await alterRawDatabase(indexedDB, name, (db) => db.deleteObjectStore('rec_Contact'));
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBe('The local table for Contact ("rec_Contact") is missing.');
      await expect(store.getRecord('Contact', 'L-1')).rejects.toMatchObject({ code: 'STRUCTURE_DAMAGED' });

      await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    });

    it('a deleted package copy', async () => {
      await alterRawDatabase(indexedDB, name, (_db, tx) => tx.objectStore('meta').delete('package'));
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBe('The copy of the applied package is missing.');
    });

    it('a deleted index', async () => {
      await alterRawDatabase(indexedDB, name, (_db, tx) => tx.objectStore('rec_Contact').deleteIndex('fields.Email'));
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBe(
        'The index fields.Email of the local table for Contact ("rec_Contact") is missing.',
      );
    });

    it('a table the package does not define', async () => {
      await alterRawDatabase(indexedDB, name, (db) => db.createObjectStore('rec_Lead', { keyPath: 'localId' }));
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBe('The local table for Lead ("rec_Lead") is not part of the applied package.');
    });

    it('a deleted fixed table, which the next open puts back (empty)', async () => {
      await alterRawDatabase(indexedDB, name, (db) => db.deleteObjectStore('issues'));
      expect(await store.listIssues()).toEqual([]);
      expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    });
  });
});
