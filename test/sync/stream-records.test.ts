import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { ProtocolError, type CrmRecord, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import { openLocalStore, type LocalStore } from '../../src/store/index.js';
import type { Transport } from '../../src/sync/index.js';
import { streamRecords } from '../../src/sync/stream-records.js';
import type { SyncSession } from '../../src/sync/sync-session.js';
import { tableSpecs } from '../../src/sync/table-specs.js';
import { demoObject, demoPackage } from '../support/demo-package.js';
import { keeping } from '../store/store-fixtures.js';
import { testSession } from '../support/test-session.js';

/** The first download of a type, page by page: stream-records.ts against the real store (fake-indexeddb) and a scripted gateway. */

const ACCOUNT = demoObject('Account');
const id = (n: number) => `1-${String(n).padStart(5, '0')}`;
const account = (n: number): CrmRecord => ({
  rowId: id(n),
  lastUpd: '2026-11-01T00:00:00.000Z',
  modNum: 1,
  owner: 'alice',
  updatedBy: 'alice',
  fields: { Name: `Account ${n}`, Location: 'Oslo, Norway', Employees: String(n) },
});

/** Pages of `pageSize` over `total` accounts; records what was asked and when. */
class PagingGateway implements Transport {
  readonly events: string[] = [];
  failOnPage: number | null = null;
  constructor(private readonly total: number) {}
  call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    if (operation === 'EstimateCount') return Promise.resolve({ count: this.total } as ResponseOf<N>);
    if (operation !== 'ListRecords') return Promise.reject(new ProtocolError('INVALID_REQUEST', `unexpected ${operation}`));
    const r = request as RequestOf<'ListRecords'>;
    const from = r.after === undefined ? 0 : Number(r.after.slice(2)) + 1;
    const size = r.pageSize ?? 1000;
    this.events.push(`ask ${from}`);
    if (this.failOnPage !== null && from === this.failOnPage * size)
      return Promise.reject(new ProtocolError('CONNECTIVITY', 'the connection dropped'));
    const records = Array.from({ length: Math.max(0, Math.min(size, this.total - from)) }, (_, i) => account(from + i));
    const more = from + size < this.total;
    return Promise.resolve({ records, ...(more ? { nextAfter: id(from + size - 1) } : {}) } as ResponseOf<N>);
  }
}

let store: LocalStore;
beforeEach(async () => {
  store = await openLocalStore({ gatewayUrl: 'https://crm.example.com', userName: 'alice', indexedDB: new IDBFactory() });
  await store.reinstall(
    { packageId: 'p', responsibilityId: 'R', hashValue: 'h', files: [], appliedAt: 1 },
    tableSpecs([ACCOUNT]),
    keeping([]),
  );
});
afterEach(() => store.close());

function session(transport: Transport, progress: string[] = []): SyncSession {
  const demo = demoPackage();
  return testSession(
    store,
    transport,
    { ...demo, objects: [ACCOUNT], sync: { ...demo.sync, pageSize: 100 } },
    {
      report: (step, objectType, done, total) => progress.push(`${step} ${objectType} ${done}/${total}`),
    },
  );
}

test('writes every page, typed by the package, with progress per page and the next page asked before the last is written', async () => {
  const gateway = new PagingGateway(250);
  const writes: string[] = [];
  const watched = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'applyBatch' || typeof value !== 'function') return value;
      return (batch: Parameters<LocalStore['applyBatch']>[0]) => {
        gateway.events.push(`write ${batch.put.length}`);
        writes.push(batch.put[0]?.localId ?? '');
        return (value as LocalStore['applyBatch']).call(target, batch);
      };
    },
  });
  const progress: string[] = [];
  const s = session(gateway, progress);
  const withWatchedStore: SyncSession = { ...s, store: watched };
  await streamRecords(withWatchedStore, ACCOUNT, { enabled: true, filter: undefined }, undefined);
  // Page 2 is on its way while page 1 is written: the gateway's work and the device's overlap.
  expect(gateway.events).toEqual(['ask 0', 'ask 100', 'write 100', 'ask 200', 'write 100', 'write 50']);
  expect(progress).toEqual(['download Account 0/250', 'download Account 100/250', 'download Account 200/250', 'download Account 250/250']);
  const stored = await store.listRecords('Account');
  expect(stored).toHaveLength(250);
  expect(stored.find((r) => r.localId === id(7))).toMatchObject({
    rowId: id(7),
    state: 'clean',
    readOnly: false,
    fields: { Employees: 7 },
  });
  expect(withWatchedStore.counts.inserted).toBe(250);
});

test('a row this sync inserted itself is not written again; a page that fails stops the step with the pages before it kept', async () => {
  const gateway = new PagingGateway(250);
  gateway.failOnPage = 2;
  const s = session(gateway);
  s.insertedRowIds.add(id(3));
  await expect(streamRecords(s, ACCOUNT, { enabled: true, filter: undefined }, undefined)).rejects.toMatchObject({ code: 'CONNECTIVITY' });
  const stored = await store.listRecords('Account');
  expect(stored).toHaveLength(199);
  expect(stored.some((r) => r.rowId === id(3))).toBe(false);
});
