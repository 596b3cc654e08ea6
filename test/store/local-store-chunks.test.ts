import Dexie from 'dexie';
import type { LocalRecord, LocalStore } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  appliedPackage,
  dexieTablePrototype,
  freshIndexedDb,
  openStore,
  record,
  keeping,
  NAME_LIST,
} from './store-fixtures.js';

describe('LocalStore bulk writes', () => {
  let store: LocalStore;

  beforeEach(async () => {
    store = await openStore(freshIndexedDb());
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  const accounts = (count: number, from = 0): LocalRecord[] =>
    Array.from({ length: count }, (_, i) =>
      record('Account', `1-${String(from + i).padStart(5, '0')}`, { fields: { Name: `Account ${from + i}` } }),
    );

  it('writes 2,500 records in transactions of at most 1,000 rows', async () => {
    const bulkPut = jest.spyOn(dexieTablePrototype(), 'bulkPut');
    const transaction = jest.spyOn(Dexie.prototype, 'transaction');
    const records = accounts(2500);

    await store.putRecords(records);

    expect(bulkPut.mock.calls.map(([rows]) => (rows as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect(transaction).toHaveBeenCalledTimes(3);
    const stored = await store.listRecords('Account');
    expect(stored).toHaveLength(2500);
    expect(stored[1234]).toEqual(records[1234]);
    expect(await store.findByField('Account', 'Name', 'Account 2499')).toEqual([records[2499]]);
  });

  it('deletes 2,500 records in chunks', async () => {
    await store.putRecords(accounts(2600));
    const bulkDelete = jest.spyOn(dexieTablePrototype(), 'bulkDelete');
    await store.deleteRecords(
      'Account',
      accounts(2500).map((r) => r.localId),
    );
    expect(bulkDelete.mock.calls.map(([keys]) => (keys as unknown[]).length)).toEqual([1000, 1000, 500]);
    expect((await store.listRecords('Account')).map((r) => r.localId)).toEqual(accounts(100, 2500).map((r) => r.localId));
  });

  it('applies a batch of up to 1,000 rows in one transaction, and a larger one in chunks', async () => {
    await store.putRecords(accounts(600));
    const transaction = jest.spyOn(Dexie.prototype, 'transaction');

    await store.applyBatch({ put: accounts(400, 600), remove: accounts(600).map((r) => ({ objectType: 'Account', localId: r.localId })) });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(await store.listRecords('Account')).toEqual(accounts(400, 600));

    transaction.mockClear();
    await store.applyBatch({
      put: [...accounts(700, 1000), record('Contact', '1-C')],
      remove: accounts(400, 600).map((r) => ({ objectType: 'Account', localId: r.localId })),
    });
    expect(transaction).toHaveBeenCalledTimes(2);
    expect(await store.listRecords('Account')).toEqual(accounts(700, 1000));
    expect(await store.listRecords('Contact')).toEqual([record('Contact', '1-C')]);
  });

  it('puts back more than 1,000 kept records in the one reinstall transaction', async () => {
    const kept = Array.from({ length: 1500 }, (_, i) => record('Account', `L-${String(i).padStart(5, '0')}`));
    await store.putRecords([...kept, ...accounts(300)]);
    await store.reinstall(
      appliedPackage('pkg-2'),
      [{ objectType: 'Account', indexedFields: ['Name', 'ParentId'], list: NAME_LIST }],
      keeping(kept),
    );
    expect(await store.listRecords('Account')).toEqual(kept);
    expect(await store.listOutbox()).toHaveLength(1500);
  });
});
