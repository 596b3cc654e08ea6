import type { ChangeKey, FilterExpr } from '../../src/protocol/index.js';
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

describe.each(ENCODINGS)('records over %s', (encoding) => {
  let admin: GatewayClient;
  let alice: GatewayClient;
  beforeAll(async () => {
    admin = new GatewayClient(gw.url, encoding);
    await admin.login('admin');
    alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
  });

  test('GetChangeKeys pages through every visible key once, in row id order, matching EstimateCount', async () => {
    for (const objectType of ['Account', 'Contact', 'Opportunity', 'Activity']) {
      const keys = await admin.allChangeKeys(objectType, 37);
      const ids = keys.map((k) => k.rowId);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
      const { count } = await admin.call('EstimateCount', { objectType });
      expect(ids.length).toBe(count);
      const inDb = await gw.context.database.db
        .selectFrom('records')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('object_type', '=', objectType)
        .executeTakeFirstOrThrow();
      expect(count).toBe(Number(inDb.n));
      expect(count).toBeGreaterThan(10);
    }
  });

  test('a page token survives records inserted and deleted while paging', async () => {
    const before = await alice.allChangeKeys('Contact', 1000);
    const first = await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 10 });
    expect(first.nextPageToken).toBeDefined();
    // A concurrent writer: a new contact, and the deletion of one not yet delivered.
    const account = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    const created = await alice.call('InsertRecord', {
      operationId: opId('page'),
      objectType: 'Contact',
      fields: { FirstName: 'Paging', LastName: `Concurrent-${encoding}`, AccountId: account.rowId },
    });
    const victim = before[before.length - 1]!;
    const victimRecord = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [victim.rowId] })).records[0]!;
    await alice.call('DeleteRecord', { operationId: opId('del'), objectType: 'Contact', rowId: victim.rowId, modNum: victimRecord.modNum });

    const rest: ChangeKey[] = [];
    let token = first.nextPageToken;
    while (token) {
      const page = await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 10, pageToken: token });
      rest.push(...page.keys);
      token = page.nextPageToken;
    }
    const delivered = [...first.keys, ...rest].map((k) => k.rowId);
    expect(new Set(delivered).size).toBe(delivered.length);
    // Every record that existed throughout was delivered; the deleted one was not.
    for (const k of before) if (k.rowId !== victim.rowId) expect(delivered).toContain(k.rowId);
    expect(delivered).not.toContain(victim.rowId);
    // The new record appears if it sorts after the cursor; either way the next sync sees it.
    const lastOfFirst = first.keys[first.keys.length - 1]!.rowId;
    expect(delivered.includes(created.rowId)).toBe(created.rowId > lastOfFirst);
  });

  test('a page token is refused for another object type', async () => {
    const first = await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 5 });
    const failure = await alice.fail('GetChangeKeys', { objectType: 'Account', pageToken: first.nextPageToken });
    expect(failure.error.code).toBe('INVALID_REQUEST');
    const garbage = await alice.fail('GetChangeKeys', { objectType: 'Account', pageToken: 'not-a-token' });
    expect(garbage.error.code).toBe('INVALID_REQUEST');
  });

  test('QueryRecords answers whole records in the order asked and lists missing ids', async () => {
    const keys = (await alice.call('GetChangeKeys', { objectType: 'Opportunity', pageSize: 5 })).keys;
    const ids = keys.map((k) => k.rowId).reverse();
    const result = await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [...ids, '1-DOES-NOT-EXIST'] });
    expect(result.records.map((r) => r.rowId)).toEqual(ids);
    expect(result.notFound).toEqual(['1-DOES-NOT-EXIST']);
    for (const [i, record] of result.records.entries()) {
      expect(record.lastUpd).toBe(keys[keys.length - 1 - i]!.lastUpd);
      expect(record.owner).toBe('alice');
      expect(typeof record.fields['Name']).toBe('string');
      expect(record.modNum).toBeGreaterThanOrEqual(1);
    }
  });

  test('QueryRecords refuses more ids than the per-call maximum', async () => {
    const rowIds = Array.from({ length: 501 }, (_, i) => `1-X${i}`);
    const failure = await alice.fail('QueryRecords', { objectType: 'Account', rowIds });
    expect(failure.error.code).toBe('INVALID_REQUEST');
    expect(failure.error.message).toContain('at most 500');
  });

  test('InsertRecord stores the fields as sent, and a retried operation id answers the first result without a second record', async () => {
    const fields = {
      Name: `Ünïcode & <Sons> "${encoding}"`,
      Location: "  Zürich 'Nord', Switzerland ",
      Industry: 'Retail',
      Employees: 42,
      Phone: '+41 (44) 000-00.00/1',
    };
    const operationId = opId('insert');
    const first = await alice.call('InsertRecord', { operationId, objectType: 'Account', fields });
    const retry = await alice.call('InsertRecord', { operationId, objectType: 'Account', fields });
    expect(retry).toEqual(first);
    expect(first.modNum).toBe(1);
    const found = await alice.call('QueryByUserKey', { objectType: 'Account', fields: { Name: fields.Name, Location: fields.Location } });
    expect(found.records.map((r) => r.rowId)).toEqual([first.rowId]);
    const stored = found.records[0]!;
    // SOAP carries every field value as text; the object definition says it is a number.
    expect(stored.fields).toEqual({ ...fields, Employees: encoding === 'json' ? 42 : '42' });
    expect(stored.lastUpd).toBe(first.lastUpd);
    expect(stored.updatedBy).toBe('alice');
    const count = await alice.call('EstimateCount', { objectType: 'Account', filter: { field: 'Name', op: 'eq', value: fields.Name } });
    expect(count.count).toBe(1);
  });

  test('an operation id reused for a different request is refused and writes nothing', async () => {
    const operationId = opId('reuse');
    await alice.call('InsertRecord', {
      operationId,
      objectType: 'Account',
      fields: { Name: `Reuse ${encoding}`, Location: 'Oslo, Norway' },
    });
    const failure = await alice.fail('InsertRecord', {
      operationId,
      objectType: 'Account',
      fields: { Name: `Reuse other ${encoding}`, Location: 'Oslo, Norway' },
    });
    expect(failure.error.code).toBe('INVALID_REQUEST');
    const other = await alice.call('QueryByUserKey', {
      objectType: 'Account',
      fields: { Name: `Reuse other ${encoding}`, Location: 'Oslo, Norway' },
    });
    expect(other.records).toEqual([]);
  });

  test('InsertRecord refuses a user-key duplicate, ignoring case and spacing, and inserts nothing', async () => {
    const name = `Duplicate Check ${encoding}`;
    const original = await alice.call('InsertRecord', {
      operationId: opId('dup'),
      objectType: 'Account',
      fields: { Name: name, Location: 'Lyon, France' },
    });
    const failure = await alice.fail('InsertRecord', {
      operationId: opId('dup2'),
      objectType: 'Account',
      fields: { Name: `  ${name.toUpperCase()} `, Location: 'lyon,  france' },
    });
    expect(failure.error.code).toBe('DUPLICATE_USER_KEY');
    expect(failure.error.details).toMatchObject({ userKey: ['Name', 'Location'], rowId: original.rowId });
    if (encoding === 'json') expect(failure.httpStatus).toBe(409);
    const count = await alice.call('EstimateCount', { objectType: 'Account', filter: { field: 'Name', op: 'contains', value: name } });
    expect(count.count).toBe(1);
  });

  test('a second alternative user key (Contact e-mail) is checked too', async () => {
    const email = `same.${encoding}@example.com`;
    await alice.call('InsertRecord', {
      operationId: opId('c1'),
      objectType: 'Contact',
      fields: { FirstName: 'Ann', LastName: `First-${encoding}`, Email: email },
    });
    const failure = await alice.fail('InsertRecord', {
      operationId: opId('c2'),
      objectType: 'Contact',
      fields: { FirstName: 'Bo', LastName: `Second-${encoding}`, Email: email.toUpperCase() },
    });
    expect(failure.error.code).toBe('DUPLICATE_USER_KEY');
    expect(failure.error.details).toMatchObject({ userKey: ['Email'] });
  });

  test('UpdateRecord changes only the fields sent, bumps the modification number and DB_LAST_UPD even within one millisecond', async () => {
    const created = await alice.call('InsertRecord', {
      operationId: opId('u'),
      objectType: 'Account',
      fields: { Name: `Update ${encoding}`, Location: 'Porto, Portugal', Phone: '+351 1111 1' },
    });
    // The clock does not move: DB_LAST_UPD must still grow strictly.
    const updated = await alice.call('UpdateRecord', {
      operationId: opId('u1'),
      objectType: 'Account',
      rowId: created.rowId,
      modNum: 1,
      fields: { Phone: '+351 2222 2' },
    });
    expect(updated.modNum).toBe(2);
    expect(Date.parse(updated.lastUpd)).toBe(Date.parse(created.lastUpd) + 1);
    const again = await alice.call('UpdateRecord', {
      operationId: opId('u2'),
      objectType: 'Account',
      rowId: created.rowId,
      modNum: 2,
      fields: { Phone: null, Industry: 'Energy' },
    });
    expect(Date.parse(again.lastUpd)).toBeGreaterThan(Date.parse(updated.lastUpd));
    const record = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [created.rowId] })).records[0]!;
    expect(record.fields).toEqual({ Name: `Update ${encoding}`, Location: 'Porto, Portugal', Industry: 'Energy' });
    expect(record.modNum).toBe(3);
  });

  test('UpdateRecord and DeleteRecord with a stale modification number are a COLLISION and change nothing', async () => {
    const created = await alice.call('InsertRecord', {
      operationId: opId('col'),
      objectType: 'Account',
      fields: { Name: `Collision ${encoding}`, Location: 'Graz, Austria' },
    });
    await alice.call('UpdateRecord', {
      operationId: opId('col1'),
      objectType: 'Account',
      rowId: created.rowId,
      modNum: 1,
      fields: { Phone: '+43 555 0001' },
    });
    const stale = await alice.fail('UpdateRecord', {
      operationId: opId('col2'),
      objectType: 'Account',
      rowId: created.rowId,
      modNum: 1,
      fields: { Phone: '+43 555 0002' },
    });
    expect(stale.error.code).toBe('COLLISION');
    expect(stale.error.details).toMatchObject({ rowId: created.rowId, serverModNum: 2 });
    const staleDelete = await alice.fail('DeleteRecord', {
      operationId: opId('col3'),
      objectType: 'Account',
      rowId: created.rowId,
      modNum: 1,
    });
    expect(staleDelete.error.code).toBe('COLLISION');
    const record = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [created.rowId] })).records[0]!;
    expect(record.fields['Phone']).toBe('+43 555 0001');
    expect(record.modNum).toBe(2);
  });

  test("UpdateRecord cannot clear a required field or take another record's user key", async () => {
    const a = await alice.call('InsertRecord', {
      operationId: opId('r1'),
      objectType: 'Account',
      fields: { Name: `Keep A ${encoding}`, Location: 'Bern, Switzerland' },
    });
    await alice.call('InsertRecord', {
      operationId: opId('r2'),
      objectType: 'Account',
      fields: { Name: `Keep B ${encoding}`, Location: 'Bern, Switzerland' },
    });
    const cleared = await alice.fail('UpdateRecord', {
      operationId: opId('r3'),
      objectType: 'Account',
      rowId: a.rowId,
      modNum: 1,
      fields: { Name: null },
    });
    expect(cleared.error.code).toBe('INVALID_REQUEST');
    expect(cleared.error.message).toContain('Name is required');
    const clash = await alice.fail('UpdateRecord', {
      operationId: opId('r4'),
      objectType: 'Account',
      rowId: a.rowId,
      modNum: 1,
      fields: { Name: `Keep B ${encoding}` },
    });
    expect(clash.error.code).toBe('DUPLICATE_USER_KEY');
    const record = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [a.rowId] })).records[0]!;
    expect(record.modNum).toBe(1);
    expect(record.fields['Name']).toBe(`Keep A ${encoding}`);
  });

  test('a deleted record disappears from GetChangeKeys and QueryRecords, and its user key is free again', async () => {
    const fields = { Name: `Delete ${encoding}`, Location: 'Turin, Italy' };
    const created = await alice.call('InsertRecord', { operationId: opId('d'), objectType: 'Account', fields });
    expect((await alice.allChangeKeys('Account', 1000)).map((k) => k.rowId)).toContain(created.rowId);
    await alice.call('DeleteRecord', { operationId: opId('d1'), objectType: 'Account', rowId: created.rowId, modNum: 1 });
    expect((await alice.allChangeKeys('Account', 1000)).map((k) => k.rowId)).not.toContain(created.rowId);
    expect((await alice.call('QueryRecords', { objectType: 'Account', rowIds: [created.rowId] })).notFound).toEqual([created.rowId]);
    const again = await alice.call('InsertRecord', { operationId: opId('d2'), objectType: 'Account', fields });
    expect(again.rowId).not.toBe(created.rowId);
  });

  test('a delete retried with the same operation id answers the first result', async () => {
    const created = await alice.call('InsertRecord', {
      operationId: opId('dd'),
      objectType: 'Account',
      fields: { Name: `Twice ${encoding}`, Location: 'Gent, Belgium' },
    });
    const operationId = opId('dd1');
    const first = await alice.call('DeleteRecord', { operationId, objectType: 'Account', rowId: created.rowId, modNum: 1 });
    const retry = await alice.call('DeleteRecord', { operationId, objectType: 'Account', rowId: created.rowId, modNum: 1 });
    expect(retry).toEqual(first);
  });

  test('records are validated against the object definition', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['Account', { Name: 'X', Location: 'Y', Colour: 'red' }, 'no field "Colour"'],
      ['Account', { Name: 'X' }, 'Location is required'],
      ['Account', { Name: 'X', Location: 'Y', Employees: 'many' }, 'Employees must be a number'],
      ['Account', { Name: 'X'.repeat(101), Location: 'Y' }, 'at most 100 characters'],
      ['Account', { Name: 'X', Location: 'Y', Industry: 'Piracy' }, 'Industry must be one of'],
      ['Opportunity', { Name: 'X', AccountId: '1-NOPE', Stage: 'Proposal' }, 'refers to no Account'],
      [
        'Opportunity',
        { Name: 'X', AccountId: '1-NOPE', Stage: 'Proposal', CloseDate: '2026-02-30' },
        'CloseDate must be a real calendar date',
      ],
      ['Activity', { Type: 'Call', Subject: 'S', Start: 'tomorrow' }, 'Start must be an ISO 8601'],
    ];
    for (const [objectType, fields, reason] of cases) {
      const failure = await alice.fail('InsertRecord', { operationId: opId('v'), objectType, fields });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect(failure.error.message).toContain(reason);
    }
    const unknownType = await alice.fail('InsertRecord', { operationId: opId('v'), objectType: 'Spaceship', fields: { Name: 'X' } });
    expect(unknownType.error.code).toBe('INVALID_REQUEST');
    expect(unknownType.error.message).toContain('Unknown object type "Spaceship"');
  });

  test('EstimateCount counts what GetChangeKeys delivers under the same filter', async () => {
    const filters: FilterExpr[] = [
      { field: 'Stage', op: 'ne', value: 'Closed Won' },
      { and: [{ field: 'Revenue', op: 'gt', value: 50000 }, { not: { field: 'Stage', in: ['Closed Won', 'Closed Lost'] } }] },
      { field: 'CloseDate', withinDays: { from: 0, to: 30 } },
    ];
    for (const filter of filters) {
      const keys = await admin.allChangeKeys('Opportunity', 50, filter);
      const { count } = await admin.call('EstimateCount', { objectType: 'Opportunity', filter });
      expect(keys.length).toBe(count);
      expect(count).toBeGreaterThan(0);
    }
  });
});
