import type { IDBFactory } from 'fake-indexeddb';
import type { LocalStore, TableSpec } from '../../src/store/index.js';
import { ACCOUNT_CONTACT, appliedPackage, CONTACT_LIST, freshIndexedDb, keeping, NAME_LIST, openStore, record } from './store-fixtures.js';

const account = (id: string, name: string, patch: Parameters<typeof record>[2] = {}) => record('Account', id, patch, { Name: name });

describe('LocalStore lists through indexes', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });

  afterEach(() => store.close());

  it('lists live records by title and newest first, leaving deleted ones out, and counts them', async () => {
    await store.putRecords([
      account('a1', 'Beacon', { lastUpd: '2024-03-01T00:00:00.000Z' }),
      account('a2', 'acme', { lastUpd: '2024-01-01T00:00:00.000Z' }),
      account('a3', 'Ćirić d.o.o.', { lastUpd: '2024-02-01T00:00:00.000Z', changedAt: Date.parse('2024-04-01T00:00:00.000Z') }),
      account('a4', 'Zulu', { state: 'deleted' }),
    ]);
    expect(await store.listRecordIds('Account', 'title')).toEqual(['a2', 'a1', 'a3']);
    expect(await store.listRecordIds('Account', 'recent')).toEqual(['a3', 'a1', 'a2']);
    expect(await store.countRecords('Account')).toBe(3);
    // The head of a list: the first ids of its order only.
    expect(await store.listRecordIds('Account', 'title', { offset: 0, limit: 2 })).toEqual(['a2', 'a1']);
    expect(await store.listRecordIds('Account', 'recent', { offset: 0, limit: 1 })).toEqual(['a3']);
    expect(await store.listRecordIds('Account', 'title', { offset: 0, limit: 0 })).toEqual([]);
    // A few ids in the order of the list, as the list has them; a deleted or unknown one is left out.
    expect(await store.orderRecordIds('Account', ['a3', 'a4', 'a2', 'nope', 'a1'], 'title')).toEqual(['a2', 'a1', 'a3']);
    expect(await store.orderRecordIds('Account', ['a2', 'a3', 'a1'], 'recent')).toEqual(['a3', 'a1', 'a2']);
    // A page anywhere in the list: the ids from the offset, as many as the limit allows.
    expect(await store.listRecordIds('Account', 'title', { offset: 1, limit: 5 })).toEqual(['a1', 'a3']);
    expect(await store.listRecordIds('Account', 'recent', { offset: 1, limit: 1 })).toEqual(['a1']);
    expect(await store.listRecordIds('Account', 'recent', { offset: 2, limit: 5 })).toEqual(['a2']);
    expect(await store.listRecordIds('Account', 'title', { offset: 3, limit: 5 })).toEqual([]);
    // From the end of the order, last first.
    expect(await store.listRecordIds('Account', 'title', { offset: 0, limit: 2, fromEnd: true })).toEqual(['a3', 'a1']);
    expect(await store.listRecordIds('Account', 'recent', { offset: 1, limit: 5, fromEnd: true })).toEqual(['a1', 'a3']);
  });

  it('keeps the keys of every write path: putRecords, applyBatch, updateRecords, and a reinstall keeping records', async () => {
    await store.putRecords([account('a1', 'Mango')]);
    await store.applyBatch({ put: [account('a2', 'Apple')], remove: [] });
    await store.updateRecords({ records: [{ objectType: 'Account', localId: 'a1' }] }, (seen) => {
      const a1 = seen.record('Account', 'a1');
      return { put: a1 ? [{ ...a1, fields: { Name: 'Banana' } }] : [], result: null };
    });
    expect(await store.listRecordIds('Account', 'title')).toEqual(['a2', 'a1']);
    expect(await store.matchRecordIds('Account', 'mango')).toEqual([]);
    expect(await store.matchRecordIds('Account', 'ban')).toEqual(['a1']);

    await store.reinstall(appliedPackage('pkg-2'), ACCOUNT_CONTACT, () => ({ keep: [account('L-1', 'Cherry')], archive: [] }));
    expect(await store.listRecordIds('Account', 'title')).toEqual(['L-1']);
    expect(await store.matchRecordIds('Account', 'cher')).toEqual(['L-1']);
  });

  it('drops a record from the lists when it is marked deleted, and from the search', async () => {
    await store.putRecords([account('a1', 'Beacon'), account('a2', 'Beach House')]);
    await store.putRecords([account('a1', 'Beacon', { state: 'deleted' })]);
    expect(await store.listRecordIds('Account', 'title')).toEqual(['a2']);
    expect(await store.matchRecordIds('Account', 'bea')).toEqual(['a2']);
  });

  it('finds records having every term, each by a word prefix, once each', async () => {
    await store.putRecords([
      record('Contact', 'c1', {}, { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@analytical.org' }),
      record('Contact', 'c2', {}, { FirstName: 'Alan', LastName: 'Turing', Email: 'alan@bletchley.uk' }),
      record('Contact', 'c3', {}, { FirstName: 'Ada', LastName: 'Byron', Email: null }),
    ]);
    const match = async (search: string) => (await store.matchRecordIds('Contact', search)).sort();
    expect(await match('ada')).toEqual(['c1', 'c3']);
    expect(await match('a')).toEqual(['c1', 'c2', 'c3']);
    expect(await match('ada love')).toEqual(['c1']);
    expect(await match('bletchley.uk')).toEqual(['c2']);
    expect(await match('grace')).toEqual([]);
    expect(await match('  ')).toEqual(['c3', 'c1', 'c2'].sort());
  });

  it('samples a stretch of a list, or of the table by id, and says which of its records match', async () => {
    await store.putRecords([
      account('a1', 'Beacon', { lastUpd: '2024-03-01T00:00:00.000Z' }),
      account('a2', 'acme Beach', { lastUpd: '2024-01-01T00:00:00.000Z' }),
      account('a3', 'Bay Ltd', { lastUpd: '2024-02-01T00:00:00.000Z' }),
      account('a4', 'Beast', { state: 'deleted' }),
      account('a5', 'Zulu Bea', { lastUpd: '2024-04-01T00:00:00.000Z' }),
    ]);
    const sample = (search: string, order: 'title' | 'recent', page: { offset: number; limit: number; fromEnd?: boolean }) =>
      store.sampleMatches('Account', search, order, page);
    // Title order is acme Beach, Bay Ltd, Beacon, Zulu Bea: the first three read, two of them match.
    expect(await sample('bea', 'title', { offset: 0, limit: 3 })).toEqual({ read: ['a2', 'a3', 'a1'], matched: ['a2', 'a1'] });
    expect(await sample('bea', 'title', { offset: 0, limit: 2, fromEnd: true })).toEqual({ read: ['a5', 'a1'], matched: ['a5', 'a1'] });
    expect(await sample('bea', 'recent', { offset: 0, limit: 2 })).toEqual({ read: ['a5', 'a1'], matched: ['a5', 'a1'] });
    expect(await sample('bea zul', 'title', { offset: 0, limit: 10 })).toEqual({ read: ['a2', 'a3', 'a1', 'a5'], matched: ['a5'] });
    expect(await sample('grace', 'title', { offset: 0, limit: 10 })).toEqual({ read: ['a2', 'a3', 'a1', 'a5'], matched: [] });
  });

  it('hands records out without their list keys', async () => {
    const a1 = account('a1', 'Beacon');
    await store.putRecords([a1]);
    expect(await store.getRecord('Account', 'a1')).toEqual(a1);
    expect(await store.getRecords('Account', ['a1'])).toEqual([a1]);
    expect(await store.listRecords('Account')).toEqual([a1]);
    expect(await store.findByField('Account', 'Name', 'Beacon')).toEqual([a1]);
    const visited: unknown[] = [];
    await store.forEachRecord('Account', (r) => visited.push(r));
    expect(visited).toEqual([a1]);
  });

  it('keys every record again when the list spec changes (a new title field), and on a structure check', async () => {
    await store.putRecords([account('a1', 'Beacon', {}), record('Account', 'a2', {}, { Name: 'Acme', Code: 'Z-1' })]);
    await store.putRecords([record('Account', 'a1', {}, { Name: 'Beacon', Code: 'A-9' })]);
    const byCode: readonly TableSpec[] = [
      { ...ACCOUNT_CONTACT[0]!, list: { titleField: 'Code', fields: [{ name: 'Code', type: 'text' }], searchFields: ['Code'] } },
      { ...ACCOUNT_CONTACT[1]!, list: CONTACT_LIST },
    ];
    expect(await store.listRecordIds('Account', 'title')).toEqual(['a2', 'a1']);
    expect(await store.checkStructure(byCode)).toBeNull();
    expect(await store.listRecordIds('Account', 'title')).toEqual(['a1', 'a2']);
    expect(await store.matchRecordIds('Account', 'z-1')).toEqual(['a2']);
    expect(await store.matchRecordIds('Account', 'beacon')).toEqual([]);
  });

  it('keys records written with no spec known once refreshListing runs, also after a pass that was cut off', async () => {
    await store.putRecords(Array.from({ length: 2_500 }, (_, i) => account(`a${String(i).padStart(4, '0')}`, `Name ${i}`)));
    expect(await readMeta(indexedDB, store.databaseName, 'listing')).toEqual({
      specs: { Account: NAME_LIST, Contact: CONTACT_LIST },
      complete: true,
    });
    // As in a store of the previous version: no specs kept, so a write keys nothing and the record is in no list yet.
    await writeMeta(indexedDB, store.databaseName, 'listing', undefined);
    await store.putRecords([account('b1', 'Zed')]);
    expect(await store.countRecords('Account')).toBe(2_500);
    // A pass that was cut off: the specs are the wanted ones, but not every record was keyed.
    await writeMeta(indexedDB, store.databaseName, 'listing', { specs: { Account: NAME_LIST, Contact: CONTACT_LIST }, complete: false });
    await store.refreshListing(ACCOUNT_CONTACT);
    expect(await store.countRecords('Account')).toBe(2_501);
    expect((await store.listRecordIds('Account', 'title')).slice(0, 3)).toEqual(['a0000', 'a0001', 'a0002']);
    expect((await store.listRecordIds('Account', 'title')).at(-1)).toBe('b1');
    expect(await readMeta(indexedDB, store.databaseName, 'listing')).toEqual({
      specs: { Account: NAME_LIST, Contact: CONTACT_LIST },
      complete: true,
    });
  });
});

/** One row of the meta table, read past the store (another connection to the same database). */
function readMeta(indexedDB: IDBFactory, name: string, key: string): Promise<unknown> {
  return withMeta(indexedDB, name, 'readonly', (meta) => meta.get(key)).then((row) => (row as { value?: unknown } | undefined)?.value);
}

/** Puts (or, with undefined, deletes) one row of the meta table past the store. */
async function writeMeta(indexedDB: IDBFactory, name: string, key: string, value: unknown): Promise<void> {
  await withMeta(indexedDB, name, 'readwrite', (meta) => (value === undefined ? meta.delete(key) : meta.put({ key, value })));
}

function withMeta(
  indexedDB: IDBFactory,
  name: string,
  mode: IDBTransactionMode,
  work: (meta: IDBObjectStore) => IDBRequest,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error ?? new Error('opening the database failed'));
    open.onsuccess = () => {
      const db = open.result;
      const request = work(db.transaction('meta', mode).objectStore('meta'));
      request.onsuccess = () => {
        db.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error ?? new Error('the request failed'));
    };
  });
}
