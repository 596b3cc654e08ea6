import { compareRowIds, LIMITS, type CrmRecord, type FilterExpr } from '../../src/protocol/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;
const OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'];

interface Paged {
  records: CrmRecord[];
  pages: Array<{ size: number; nextAfter: string | undefined }>;
}

/** Every page of ListRecords, following nextAfter until it is absent. */
async function listAll(client: GatewayClient, objectType: string, pageSize?: number, filter?: FilterExpr): Promise<Paged> {
  const paged: Paged = { records: [], pages: [] };
  let after: string | undefined;
  do {
    const page = await client.call('ListRecords', {
      objectType,
      ...(filter ? { filter } : {}),
      ...(after === undefined ? {} : { after }),
      ...(pageSize === undefined ? {} : { pageSize }),
    });
    paged.records.push(...page.records);
    paged.pages.push({ size: page.records.length, nextAfter: page.nextAfter });
    after = page.nextAfter;
    if (paged.pages.length > 1_000) throw new Error('paging does not end');
  } while (after !== undefined);
  return paged;
}

/** The same records as QueryRecords answers them, in batches it accepts. */
async function queried(client: GatewayClient, objectType: string, rowIds: readonly string[]): Promise<CrmRecord[]> {
  const records: CrmRecord[] = [];
  for (let i = 0; i < rowIds.length; i += LIMITS.maxRowIdsPerQuery) {
    const answer = await client.call('QueryRecords', { objectType, rowIds: rowIds.slice(i, i + LIMITS.maxRowIdsPerQuery) });
    expect(answer.notFound).toEqual([]);
    records.push(...answer.records);
  }
  return records;
}

const ids = (records: readonly CrmRecord[]) => records.map((r) => r.rowId);

describe.each(ENCODINGS)('ListRecords over %s', (encoding) => {
  let admin: GatewayClient;
  let alice: GatewayClient;
  let dave: GatewayClient;
  beforeAll(async () => {
    admin = new GatewayClient(gw.url, encoding);
    await admin.login('admin');
    alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
    dave = new GatewayClient(gw.url, encoding);
    await dave.login('dave');
  });

  test('paging with after and nextAfter lists every visible record once, in row id order, as QueryRecords answers it', async () => {
    const PAGE = 9;
    for (const client of [admin, alice]) {
      for (const objectType of OBJECT_TYPES) {
        const { records, pages } = await listAll(client, objectType, PAGE);
        const keys = await client.allChangeKeys(objectType, 5_000);
        expect(keys.length).toBeGreaterThan(2 * PAGE);
        // Exactly the keys GetChangeKeys lists, in the same (byte) order, each once.
        expect(records.map((r) => ({ rowId: r.rowId, lastUpd: r.lastUpd }))).toEqual(keys);
        expect([...ids(records)].sort(compareRowIds)).toEqual(ids(records));
        expect(records).toEqual(await queried(client, objectType, ids(records)));
        // Full pages carry the last row id as the cursor; the last page says there is no more.
        for (const [i, page] of pages.entries()) {
          const last = i === pages.length - 1;
          expect(page.size).toBe(last ? records.length - PAGE * i : PAGE);
          expect(page.nextAfter).toBe(last ? undefined : records[PAGE * (i + 1) - 1]!.rowId);
        }
      }
    }
  });

  test('visibility applies: a rep lists only her own records, a strict part of what admin lists', async () => {
    const own = await listAll(alice, 'Opportunity', 100);
    const all = await listAll(admin, 'Opportunity', 100);
    expect(own.records.length).toBeGreaterThan(0);
    expect(own.records.length).toBeLessThan(all.records.length);
    expect(new Set(own.records.map((r) => r.owner))).toEqual(new Set(['alice']));
    const everything = new Map(all.records.map((r) => [r.rowId, r]));
    for (const record of own.records) expect(record).toEqual(everything.get(record.rowId));
    // A cursor on a record she may not see still pages from there, over her records only.
    const unseen = all.records.find((r) => r.owner !== 'alice')!;
    const page = await alice.call('ListRecords', { objectType: 'Opportunity', after: unseen.rowId, pageSize: LIMITS.maxPageSize });
    expect(ids(page.records)).toEqual(ids(own.records).filter((id) => compareRowIds(id, unseen.rowId) > 0));
  });

  test('the filter applies on top of visibility, as in GetChangeKeys', async () => {
    // dave sees his team's records; the filter keeps his teammates' open ones.
    const filter: FilterExpr = { and: [{ field: 'Stage', op: 'ne', value: 'Closed Lost' }, { not: { mine: true } }] };
    const { records } = await listAll(dave, 'Opportunity', 10, filter);
    expect(records.length).toBeGreaterThan(10);
    expect(records.map((r) => ({ rowId: r.rowId, lastUpd: r.lastUpd }))).toEqual(await dave.allChangeKeys('Opportunity', 5_000, filter));
    for (const record of records) {
      expect(record.fields['Stage']).not.toBe('Closed Lost');
      expect(['alice', 'bob']).toContain(record.owner);
    }
    const team = await listAll(dave, 'Opportunity', 10);
    expect(records.length).toBeLessThan(team.records.length);
    expect(new Set(team.records.map((r) => r.owner))).toEqual(new Set(['alice', 'bob', 'dave']));
  });

  test('a page that ends the list carries no nextAfter, also when it is full', async () => {
    const { records } = await listAll(admin, 'Account');
    expect(records.length).toBeLessThan(LIMITS.defaultPageSize);
    const whole = await admin.call('ListRecords', { objectType: 'Account', pageSize: records.length });
    expect(ids(whole.records)).toEqual(ids(records));
    expect(whole.nextAfter).toBeUndefined();
    const first = await admin.call('ListRecords', { objectType: 'Account', pageSize: records.length - 1 });
    expect(first.nextAfter).toBe(records[records.length - 2]!.rowId);
    const rest = await admin.call('ListRecords', { objectType: 'Account', after: first.nextAfter!, pageSize: records.length - 1 });
    expect(ids(rest.records)).toEqual([records[records.length - 1]!.rowId]);
    expect(rest.nextAfter).toBeUndefined();
    const beyond = await admin.call('ListRecords', { objectType: 'Account', after: records[records.length - 1]!.rowId });
    expect(beyond).toEqual({ records: [] });
  });

  test('a cursor survives records inserted and deleted while paging', async () => {
    const before = ids((await listAll(alice, 'Contact', 1_000)).records);
    const first = await alice.call('ListRecords', { objectType: 'Contact', pageSize: 10 });
    const account = (await alice.call('ListRecords', { objectType: 'Account', pageSize: 1 })).records[0]!;
    const created = await alice.call('InsertRecord', {
      operationId: opId('list'),
      objectType: 'Contact',
      fields: { FirstName: 'Listing', LastName: `Concurrent-${encoding}`, AccountId: account.rowId },
    });
    const victim = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [before[before.length - 1]!] })).records[0]!;
    await alice.call('DeleteRecord', { operationId: opId('list'), objectType: 'Contact', rowId: victim.rowId, modNum: victim.modNum });

    const delivered = ids(first.records);
    let after = first.nextAfter;
    while (after !== undefined) {
      const page = await alice.call('ListRecords', { objectType: 'Contact', pageSize: 10, after });
      delivered.push(...ids(page.records));
      after = page.nextAfter;
    }
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered.filter((id) => id !== created.rowId)).toEqual(before.filter((id) => id !== victim.rowId));
    // The new record appears if it sorts after the cursor; either way the next sync sees it.
    expect(delivered.includes(created.rowId)).toBe(compareRowIds(created.rowId, first.nextAfter!) > 0);
  });

  const refused: Array<[string, unknown]> = [
    ['a page size of 0', { objectType: 'Account', pageSize: 0 }],
    ['a page size above maxPageSize', { objectType: 'Account', pageSize: LIMITS.maxPageSize + 1 }],
    ['a page size that is no whole number', { objectType: 'Account', pageSize: 2.5 }],
    ['an unknown object type', { objectType: 'Nope' }],
    ['an unknown filter field', { objectType: 'Account', filter: { field: 'Nope', op: 'eq', value: 'x' } }],
    ['a cursor that is no row id', { objectType: 'Account', after: '1-A B' }],
  ];
  test.each(refused)('refuses %s with INVALID_REQUEST', async (_, request) => {
    const failure = await admin.fail('ListRecords', request);
    expect(failure.error.code).toBe('INVALID_REQUEST');
  });

  test('the largest page size is accepted', async () => {
    const page = await admin.call('ListRecords', { objectType: 'Contact', pageSize: LIMITS.maxPageSize });
    expect(page.nextAfter).toBeUndefined();
    expect(ids(page.records)).toEqual(ids((await listAll(admin, 'Contact', 50)).records));
  });

  test('needs a session', async () => {
    const anonymous = new GatewayClient(gw.url, encoding);
    const failure = await anonymous.fail('ListRecords', { objectType: 'Account' });
    expect(failure.error.code).toBe('UNAUTHENTICATED');
  });
});
