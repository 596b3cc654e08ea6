import type { IDBFactory } from 'fake-indexeddb';
import { localStoreName, type LocalStore } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  alterRawDatabase,
  appliedPackage,
  freshIndexedDb,
  GATEWAY,
  keeping,
  openStore,
  record,
} from './store-fixtures.js';

describe('the change keys, read from their index without the records', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;
  const name = localStoreName(GATEWAY, 'jsmith');

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });

  afterEach(() => store.close());

  it('lists every record with a row id, in row id order, with its localId; records created here are not in it', async () => {
    await store.putRecords([
      record('Account', '1-B', { lastUpd: '2026-11-01T00:00:00.000Z' }),
      record('Account', 'L-7', { rowId: '1-A', lastUpd: '2026-11-02T00:00:00.000Z' }),
      record('Account', 'L-8', { rowId: null, lastUpd: null, state: 'created' }),
      record('Contact', '1-C'),
    ]);
    expect(await store.listChangeKeys('Account')).toEqual([
      { localId: 'L-7', rowId: '1-A', lastUpd: '2026-11-02T00:00:00.000Z' },
      { localId: '1-B', rowId: '1-B', lastUpd: '2026-11-01T00:00:00.000Z' },
    ]);
  });

  it('follows every write: an update moves the key, a delete removes it', async () => {
    await store.putRecords([record('Account', '1-A', { lastUpd: '2026-11-01T00:00:00.000Z' }), record('Account', '1-B')]);
    await store.putRecords([record('Account', '1-A', { lastUpd: '2026-11-03T00:00:00.000Z' })]);
    await store.deleteRecords('Account', ['1-B']);
    expect(await store.listChangeKeys('Account')).toEqual([{ localId: '1-A', rowId: '1-A', lastUpd: '2026-11-03T00:00:00.000Z' }]);
  });

  it('finds records by row id, whether their localId is the row id or a local one; unknown row ids are left out', async () => {
    await store.putRecords([
      record('Account', '1-B'),
      record('Account', 'L-7', { rowId: '1-A' }),
      record('Account', 'L-8', { rowId: null }),
    ]);
    const found = await store.getRecordsByRowId('Account', ['1-A', '1-B', '1-Z', '1-A']);
    expect(found.map((r) => r.localId)).toEqual(['L-7', '1-B']);
  });

  it('keeps the sync hints until they are replaced', async () => {
    expect(await store.getSyncHints()).toEqual({ readOnlyRowIds: {} });
    await store.setSyncHints({ readOnlyRowIds: { Account: ['1-A'] } });
    expect(await store.getSyncHints()).toEqual({ readOnlyRowIds: { Account: ['1-A'] } });
  });

  describe('key summaries: valid until a write changes a change key of their type', () => {
    const summary = { fingerprint: { count: 1, hash: '0'.repeat(32) }, newest: '2026-11-01T00:00:00.000Z' };
    const saved = async (objectType = 'Account') => {
      const { generation } = await store.getKeySummary(objectType);
      await store.saveKeySummary(objectType, generation, summary);
      return generation;
    };

    it('is answered for the generation it was saved with', async () => {
      await saved();
      expect(await store.getKeySummary('Account')).toMatchObject({ summary });
      expect((await store.getKeySummary('Contact')).summary).toBeNull();
    });

    it('a write that keeps every key keeps it: an edit, a record created here', async () => {
      await store.putRecords([record('Account', '1-A', { lastUpd: '2026-11-01T00:00:00.000Z' })]);
      await saved();
      await store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => ({
        put: [{ ...seen.record('Account', '1-A')!, fields: { Name: 'Edited' }, state: 'updated' }],
        result: undefined,
      }));
      await store.putRecords([record('Account', 'L-1', { rowId: null, lastUpd: null, state: 'created' })]);
      expect((await store.getKeySummary('Account')).summary).toEqual(summary);
    });

    it.each<[string, (s: LocalStore) => Promise<unknown>]>([
      ['a keyed record put without reading', (s) => s.putRecords([record('Account', '1-B')])],
      ['a removal', (s) => s.deleteRecords('Account', ['1-A'])],
      [
        'a new DB_LAST_UPD written after reading',
        (s) =>
          s.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => ({
            put: [{ ...seen.record('Account', '1-A')!, lastUpd: '2026-11-09T00:00:00.000Z' }],
            result: undefined,
          })),
      ],
      ['a reinstall', (s) => s.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]))],
      ['other read-only rows left out', (s) => s.setSyncHints({ readOnlyRowIds: { Account: ['1-A'] } })],
    ])('%s makes it stale, and a summary saved with the old generation is ignored', async (_, write) => {
      await store.putRecords([record('Account', '1-A', { lastUpd: '2026-11-01T00:00:00.000Z' })]);
      const generation = await saved();
      await write(store);
      expect((await store.getKeySummary('Account')).summary).toBeNull();
      await store.saveKeySummary('Account', generation, summary);
      expect((await store.getKeySummary('Account')).summary).toBeNull();
    });

    it('hints that stay the same keep it', async () => {
      await store.setSyncHints({ readOnlyRowIds: { Account: ['1-A'] } });
      await saved();
      await store.setSyncHints({ readOnlyRowIds: { Account: ['1-A'], Contact: ['1-C'] } });
      expect((await store.getKeySummary('Account')).summary).toEqual(summary);
    });
  });

  it('a store from before the key index gets it in place, records kept, instead of a reinstall', async () => {
    await store.putRecords([record('Account', '1-A'), record('Contact', '1-C')]);
    await store.close();
    await alterRawDatabase(indexedDB, name, (_db, tx) => {
      for (const table of ['rec_Account', 'rec_Contact']) tx.objectStore(table).deleteIndex('[rowId+lastUpd]');
    });
    store = await openStore(indexedDB);
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
    expect((await store.listChangeKeys('Account')).map((k) => k.rowId)).toEqual(['1-A']);
    expect((await store.listRecords('Contact')).map((r) => r.localId)).toEqual(['1-C']);
  });

  it('any other missing index is still damage', async () => {
    await store.close();
    await alterRawDatabase(indexedDB, name, (_db, tx) => tx.objectStore('rec_Account').deleteIndex('state'));
    store = await openStore(indexedDB);
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toMatch(/index state .* is missing/);
  });
});
