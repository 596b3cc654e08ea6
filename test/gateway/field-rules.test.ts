import type { FieldValue } from '../../src/protocol/index.js';
import { keyHashColumns } from '../../src/gateway/records/key-hash-columns.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { tableCounts } from '../support/table-counts.js';

/**
 * Issue 13, part 1: the package's field rules (packages/demo-v1: Probability percent,
 * Revenue currency ≥ 0, Employees ≥ 0, Phone phone, Email email) held by the real
 * gateway, in both encodings, for InsertRecord, UpdateRecord and ApplyChanges.
 */

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 60 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

let opSeq = 0;
const opId = (tag: string) => `rules-${tag}-${++opSeq}`;
const written = () => tableCounts(gw, ['records', 'record_user_keys']);

describe.each(ENCODINGS)('field rules over %s', (encoding) => {
  let alice: GatewayClient;
  let accountId: string;
  beforeAll(async () => {
    alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
    accountId = (
      await alice.call('InsertRecord', {
        operationId: opId('account'),
        objectType: 'Account',
        fields: { Name: `Rules Co ${encoding}`, Location: 'Turku, Finland' },
      })
    ).rowId;
  });

  const opportunity = (fields: Record<string, FieldValue>) => ({
    Name: `Rules deal ${encoding} ${++opSeq}`,
    AccountId: accountId,
    Stage: 'Proposal',
    ...fields,
  });
  const account = (fields: Record<string, FieldValue>) => ({
    Name: `Rules acct ${encoding} ${++opSeq}`,
    Location: 'Oulu, Finland',
    ...fields,
  });
  const contact = (fields: Record<string, FieldValue>) => ({ FirstName: 'Ria', LastName: `Rules ${encoding} ${++opSeq}`, ...fields });

  test.each<[string, string, () => Record<string, FieldValue>, string, string, string]>([
    ['Probability 150', 'Opportunity', () => opportunity({ Probability: 150 }), 'Probability', 'max', 'must be at most 100'],
    ['Revenue −1000', 'Opportunity', () => opportunity({ Revenue: -1000 }), 'Revenue', 'min', 'Revenue must be at least 0'],
    ['Employees −5', 'Account', () => account({ Employees: -5 }), 'Employees', 'min', 'Employees must be at least 0'],
    [
      'Phone "call me maybe ###"',
      'Account',
      () => account({ Phone: 'call me maybe ###' }),
      'Phone',
      'kind',
      'Phone must be a phone number',
    ],
    ['Email "not an email@@"', 'Contact', () => contact({ Email: 'not an email@@' }), 'Email', 'kind', 'must be an e-mail address'],
  ])(
    'InsertRecord refuses %s: INVALID_REQUEST naming field and rule, nothing written',
    async (_, objectType, fields, field, rule, words) => {
      const before = await written();
      const failure = await alice.fail('InsertRecord', { operationId: opId('bad'), objectType, fields: fields() });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect(failure.httpStatus).toBe(encoding === 'json' ? 400 : 500);
      expect(failure.error.message).toContain(`${field} (${rule})`);
      expect(failure.error.message).toContain(words);
      expect(failure.error.details).toMatchObject({ objectType, field, rule });
      expect(await written()).toEqual(before);
    },
  );

  test("the server's own rules (type, length, picklist, required) carry { field, rule } too", async () => {
    const cases: Array<[Record<string, FieldValue>, string, string]> = [
      [account({ Name: 'X'.repeat(101) }), 'Name', 'maxLength'],
      [account({ Employees: 'many' }), 'Employees', 'type'],
      [account({ Industry: 'Piracy' }), 'Industry', 'values'],
      [{ Name: 'Only a name' }, 'Location', 'required'],
    ];
    for (const [fields, field, rule] of cases) {
      const failure = await alice.fail('InsertRecord', { operationId: opId('catalog'), objectType: 'Account', fields });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect(failure.error.message).toContain(field);
      expect(failure.error.details).toMatchObject({ objectType: 'Account', field, rule });
    }
  });

  test('valid values are accepted and stored', async () => {
    const opp = await alice.call('InsertRecord', {
      operationId: opId('good'),
      objectType: 'Opportunity',
      fields: opportunity({ Probability: 100, Revenue: 0 }),
    });
    const acct = await alice.call('InsertRecord', {
      operationId: opId('good'),
      objectType: 'Account',
      fields: account({ Employees: 0, Phone: '+358 9 123 4567' }),
    });
    const person = await alice.call('InsertRecord', {
      operationId: opId('good'),
      objectType: 'Contact',
      fields: contact({ Email: `ria.${encoding}@example.fi` }),
    });
    const stored = async (objectType: string, rowId: string) =>
      (await alice.call('QueryRecords', { objectType, rowIds: [rowId] })).records[0]?.fields;
    const asSent = (n: number) => (encoding === 'json' ? n : String(n));
    expect(await stored('Opportunity', opp.rowId)).toMatchObject({ Probability: asSent(100), Revenue: asSent(0) });
    expect(await stored('Account', acct.rowId)).toMatchObject({ Employees: asSent(0), Phone: '+358 9 123 4567' });
    expect(await stored('Contact', person.rowId)).toMatchObject({ Email: `ria.${encoding}@example.fi` });
  });

  test('UpdateRecord checks only the fields it writes: an old value that breaks a rule does not block other edits', async () => {
    const created = await alice.call('InsertRecord', {
      operationId: opId('old'),
      objectType: 'Opportunity',
      fields: opportunity({ Probability: 40 }),
    });
    // A value stored before the rule existed (written past the gateway, as an older server would have).
    const lastUpd = Date.parse(created.lastUpd) + 1;
    const row = await gw.context.database.db
      .selectFrom('records')
      .select('fields')
      .where('row_id', '=', created.rowId)
      .executeTakeFirstOrThrow();
    await gw.context.database.db
      .updateTable('records')
      .set({
        fields: JSON.stringify({ ...(JSON.parse(row.fields) as object), Probability: 150 }),
        db_last_upd: lastUpd,
        ...keyHashColumns(created.rowId, lastUpd),
        mod_num: 2,
      })
      .where('row_id', '=', created.rowId)
      .execute();

    const other = await alice.call('UpdateRecord', {
      operationId: opId('other'),
      objectType: 'Opportunity',
      rowId: created.rowId,
      modNum: 2,
      fields: { Stage: 'Negotiation' },
    });
    expect(other.modNum).toBe(3);

    const before = await written();
    const bad = await alice.fail('UpdateRecord', {
      operationId: opId('bad'),
      objectType: 'Opportunity',
      rowId: created.rowId,
      modNum: 3,
      fields: { Probability: 120 },
    });
    expect(bad.error.code).toBe('INVALID_REQUEST');
    expect(bad.error.details).toMatchObject({ field: 'Probability', rule: 'max' });
    expect(await written()).toEqual(before);

    const fixed = await alice.call('UpdateRecord', {
      operationId: opId('fix'),
      objectType: 'Opportunity',
      rowId: created.rowId,
      modNum: 3,
      fields: { Probability: 90 },
    });
    expect(fixed.modNum).toBe(4);
  });

  test('ApplyChanges refuses the breaking change alone, with the same error, and applies the others', async () => {
    const good = opportunity({ Probability: 30 });
    const batch = await alice.call('ApplyChanges', {
      changes: [
        { insert: { operationId: opId('batch-bad'), objectType: 'Opportunity', fields: opportunity({ Revenue: -1000 }) } },
        { insert: { operationId: opId('batch-good'), objectType: 'Opportunity', fields: good } },
        { insert: { operationId: opId('batch-bad'), objectType: 'Contact', fields: contact({ Email: 'not an email@@' }) } },
      ],
    });
    const [refused, applied, refusedToo] = batch.results;
    expect(refused?.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'Revenue', rule: 'min' } });
    expect(refused?.error?.message).toContain('Revenue (min)');
    expect(applied?.ok?.rowId).toMatch(/^1-/);
    expect(refusedToo?.error).toMatchObject({ code: 'INVALID_REQUEST', details: { field: 'Email', rule: 'kind' } });
    const named = await alice.call('EstimateCount', {
      objectType: 'Opportunity',
      filter: { field: 'Name', op: 'eq', value: String(good.Name) },
    });
    expect(named.count).toBe(1);
  });
});
