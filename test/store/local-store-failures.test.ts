import Dexie, { type Table } from 'dexie';
import type { IDBFactory } from 'fake-indexeddb';
import { ProtocolError } from '../../src/protocol/index.js';
import type { LocalStore, TableSpec } from '../../src/store/index.js';
import {
  ACCOUNT_CONTACT,
  appliedPackage,
  dexieTablePrototype,
  freshIndexedDb,
  issue,
  keeping,
  openStore,
  record,
  NAME_LIST,
} from './store-fixtures.js';

const quotaExceeded = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('LocalStore storage failures', () => {
  let indexedDB: IDBFactory;
  let store: LocalStore;
  const before = [record('Account', '1-A', { fields: { Name: 'Before' } }), record('Contact', '1-C')];

  beforeEach(async () => {
    indexedDB = freshIndexedDb();
    store = await openStore(indexedDB);
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await store.putRecords(before);
    await store.putIssues([issue('Account', '1-A')]);
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  /** Lets the first `passing` bulkPut calls through, then rejects with `error`. */
  function failBulkPut(error: Error, passing = 0): void {
    const proto = dexieTablePrototype();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the prototype's own method, applied below with the table as `this`
    const original = proto.bulkPut;
    const spy = jest.spyOn(proto, 'bulkPut');
    for (let i = 0; i < passing; i++)
      spy.mockImplementationOnce(function (this: Table, ...args: Parameters<Table['bulkPut']>) {
        return original.apply(this, args);
      });
    spy.mockImplementationOnce(() => Promise.reject(error) as never);
  }

  async function expectUnchanged(): Promise<void> {
    expect(await store.listRecords('Account')).toEqual([before[0]]);
    expect(await store.listRecords('Contact')).toEqual([before[1]]);
    expect(await store.listIssues()).toEqual([issue('Account', '1-A')]);
    expect(await store.getAppliedPackage()).toEqual(appliedPackage());
    expect(await store.checkStructure(ACCOUNT_CONTACT)).toBeNull();
  }

  it('maps a quota error to STORAGE_FULL in words a rep understands, and rolls the whole call back', async () => {
    failBulkPut(quotaExceeded(), 1); // Account's rows are written, Contact's fail: Account's must not stay
    const attempt = store.putRecords([
      record('Account', '1-A', { fields: { Name: 'After' } }),
      record('Account', '1-B'),
      record('Contact', '1-D'),
    ]);
    await expect(attempt).rejects.toBeInstanceOf(ProtocolError);
    await expect(attempt).rejects.toMatchObject({
      code: 'STORAGE_FULL',
      message: expect.stringContaining('The browser has no more storage space for Fieldbook'),
    });
    await expectUnchanged();
  });

  it('recognises a quota error nested as Dexie’s `inner`', async () => {
    failBulkPut(new Dexie.AbortError('Transaction aborted', quotaExceeded()));
    await expect(
      store.applyBatch({ put: [record('Contact', '1-D')], remove: [{ objectType: 'Account', localId: '1-A' }] }),
    ).rejects.toMatchObject({
      code: 'STORAGE_FULL',
    });
    await expectUnchanged();
  });

  it('maps a quota error raised by IndexedDB itself', async () => {
    const objectStore = globalThis.IDBObjectStore.prototype;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the prototype's own method, applied below with the store as `this`
    const put = objectStore.put;
    let calls = 0;
    jest.spyOn(objectStore, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 2) throw quotaExceeded();
      return put.apply(this, args);
    });
    await expect(store.putRecords([record('Account', '1-B'), record('Account', '1-C2')])).rejects.toMatchObject({ code: 'STORAGE_FULL' });
    await expectUnchanged();
  });

  it('leaves the old structure and data in place when a reinstall runs out of space', async () => {
    failBulkPut(quotaExceeded());
    const next: TableSpec[] = [{ objectType: 'Lead', indexedFields: [], list: NAME_LIST }];
    await expect(store.reinstall(appliedPackage('pkg-2'), next, keeping([record('Lead', 'L-1')]))).rejects.toMatchObject({
      code: 'STORAGE_FULL',
    });
    await expectUnchanged();
    // And the store still works.
    await store.putRecords([record('Account', '1-B')]);
    expect(await store.listRecords('Account')).toHaveLength(2);
  });

  it('maps any other failure to STORAGE_FAILED, keeping the cause', async () => {
    const cause = new DOMException('Data provided to an operation does not meet requirements.', 'DataError');
    failBulkPut(cause);
    const error: unknown = await store.putIssues([issue('Contact', '1-C')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'STORAGE_FAILED', details: { operation: 'save sync issues', error: 'DataError' } });
    expect((error as ProtocolError).cause).toBe(cause);
    await expectUnchanged();
  });
});
