import { sql } from 'kysely';
import { LIMITS, ProtocolError, type Change, type ChangeResult, type FieldValue, type ResponseOf } from '../../src/protocol/index.js';
import { JsonTransport, SoapTransport, type CallContext } from '../../src/sync/index.js';
import { keyHashColumns } from '../../src/gateway/records/key-hash-columns.js';
import { FaultyTransport } from '../support/faulty-transport.js';
import { ENCODINGS, GatewayClient, type Encoding } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { tableCounts } from '../support/table-counts.js';

/** Issue 12, "Batched uploads": ApplyChanges against the real gateway over HTTP, in both encodings. */

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 120 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

let opSeq = 0;
const opId = (tag: string) => `batch-${tag}-${++opSeq}`;

/** Row counts of the tables a batch writes, and the sum of modification numbers (an update leaves counts alone). */
function snapshot(): Promise<Record<string, number>> {
  return tableCounts(gw, ['records', 'record_user_keys', 'operation_log']);
}

const insert = (operationId: string, objectType: string, fields: Record<string, FieldValue>, tempId?: string): Change => ({
  insert: { operationId, objectType, fields, ...(tempId ? { tempId } : {}) },
});

/** What a single operation refused a request with, as a batch result's error. */
const asResult = (error: ProtocolError) =>
  error.details === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, details: error.details };

describe.each(ENCODINGS)('ApplyChanges over %s', (encoding) => {
  let alice: GatewayClient;
  /** A fresh account of alice's, by single InsertRecord. */
  const account = async (name: string) =>
    alice.call('InsertRecord', {
      operationId: opId('setup'),
      objectType: 'Account',
      fields: { Name: `${name} ${encoding}`, Location: 'Bergen, Norway' },
    });
  const countNamed = async (objectType: string, name: string) =>
    (await alice.call('EstimateCount', { objectType, filter: { field: 'Name', op: 'eq', value: name } })).count;
  const recordOf = async (objectType: string, rowId: string) =>
    (await alice.call('QueryRecords', { objectType, rowIds: [rowId] })).records[0];

  beforeAll(async () => {
    alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
  });

  test('a mixed batch answers one result per change, in order, each what the single operation answers', async () => {
    const toUpdate = await account('Mixed update');
    const toDelete = await account('Mixed delete');
    const taken = await account('Mixed taken');
    const changes: Change[] = [
      insert(opId('ok'), 'Account', { Name: `Mixed new ${encoding}`, Location: 'Bergen, Norway', Employees: 5 }),
      { update: { operationId: opId('upd'), objectType: 'Account', rowId: toUpdate.rowId, modNum: 1, fields: { Phone: '+47 555 0001' } } },
      // The change before raised the modification number: this one saw the old one.
      {
        update: { operationId: opId('stale'), objectType: 'Account', rowId: toUpdate.rowId, modNum: 1, fields: { Phone: '+47 555 0002' } },
      },
      insert(opId('dup'), 'Account', { Name: ` MIXED TAKEN ${encoding.toUpperCase()}`, Location: 'bergen,  norway' }),
      { delete: { operationId: opId('del'), objectType: 'Account', rowId: toDelete.rowId, modNum: 1 } },
      { delete: { operationId: opId('gone'), objectType: 'Account', rowId: '1-DOES-NOT-EXIST', modNum: 1 } },
      insert(opId('invalid'), 'Account', { Name: `Mixed invalid ${encoding}` }),
      insert(opId('type'), 'Spaceship', { Name: 'X' }),
    ];
    const before = await snapshot();
    const { results } = await alice.call('ApplyChanges', { changes });

    expect(results.map((r) => r.operationId)).toEqual(changes.map((c) => (c.insert ?? c.update ?? c.delete)?.operationId));
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'COLLISION',
      'DUPLICATE_USER_KEY',
      'ok',
      'NOT_FOUND',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
    ]);
    expect(results[0]?.ok).toEqual({ rowId: expect.any(String), lastUpd: expect.any(String), modNum: 1 });
    expect(results[1]?.ok).toEqual({ rowId: toUpdate.rowId, lastUpd: expect.any(String), modNum: 2 });
    expect(results[2]?.error?.details).toMatchObject({ rowId: toUpdate.rowId, serverModNum: 2 });
    expect(results[3]?.error?.details).toMatchObject({ userKey: ['Name', 'Location'], rowId: taken.rowId });
    expect(results[4]?.ok).toEqual({ rowId: toDelete.rowId });

    // The refusals are word for word what the single operations answer for the same requests.
    const single = await Promise.all([
      alice.fail('UpdateRecord', { ...changes[2]?.update, operationId: opId('single') }),
      alice.fail('InsertRecord', { ...changes[3]?.insert, operationId: opId('single') }),
      alice.fail('DeleteRecord', { ...changes[5]?.delete, operationId: opId('single') }),
      alice.fail('InsertRecord', { ...changes[6]?.insert, operationId: opId('single') }),
      alice.fail('InsertRecord', { ...changes[7]?.insert, operationId: opId('single') }),
    ]);
    expect([2, 3, 5, 6, 7].map((i) => results[i]?.error)).toEqual(single.map((f) => asResult(f.error)));

    // Written: one insert and one delete (as many records as before), one update, and a log entry per change, refusals included.
    const after = await snapshot();
    expect(after['records']).toBe(before['records']);
    expect(after['operation_log']).toBe((before['operation_log'] ?? 0) + changes.length);
    expect((await recordOf('Account', toUpdate.rowId))?.fields['Phone']).toBe('+47 555 0001');
    expect(await recordOf('Account', toDelete.rowId)).toBeUndefined();
    expect(await countNamed('Account', `Mixed new ${encoding}`)).toBe(1);
  });

  test('a retried batch replays every first answer, refusals included, and writes nothing twice', async () => {
    const existing = await account('Replay update');
    const changes: Change[] = [
      insert(opId('a'), 'Account', { Name: `Replay new ${encoding}`, Location: 'Malmö, Sweden' }),
      insert(opId('b'), 'Account', { Name: `Replay new ${encoding}`, Location: 'Malmö, Sweden' }),
      { update: { operationId: opId('c'), objectType: 'Account', rowId: existing.rowId, modNum: 1, fields: { Industry: 'Energy' } } },
    ];
    const first = await alice.call('ApplyChanges', { changes });
    expect(first.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'DUPLICATE_USER_KEY', 'ok']);
    const written = await snapshot();

    expect(await alice.call('ApplyChanges', { changes })).toEqual(first);
    expect(await snapshot()).toEqual(written);

    // The clash is gone now, but the refused change keeps its first answer; so does each change resent in another batch.
    const created = first.results[0]?.ok as NonNullable<ChangeResult['ok']>;
    await alice.call('DeleteRecord', { operationId: opId('free'), objectType: 'Account', rowId: created.rowId, modNum: 1 });
    const regrouped = await alice.call('ApplyChanges', { changes: [changes[2] as Change, changes[1] as Change] });
    expect(regrouped.results).toEqual([first.results[2], first.results[1]]);
    expect(await countNamed('Account', `Replay new ${encoding}`)).toBe(0);
    expect((await recordOf('Account', existing.rowId))?.modNum).toBe(2);

    // A change sent alone before replays in a batch, and a batch change replays alone.
    const aloneId = opId('alone');
    const alone = await alice.call('InsertRecord', {
      operationId: aloneId,
      objectType: 'Account',
      fields: { Name: `Replay alone ${encoding}`, Location: 'Lund, Sweden' },
    });
    const again = await alice.call('ApplyChanges', {
      changes: [insert(aloneId, 'Account', { Name: `Replay alone ${encoding}`, Location: 'Lund, Sweden' })],
    });
    expect(again.results[0]?.ok).toEqual(alone);
    await expect(alice.call('UpdateRecord', changes[2]?.update as never)).resolves.toEqual(first.results[2]?.ok);
    const refusedAlone = await alice.fail('InsertRecord', changes[1]?.insert);
    expect(asResult(refusedAlone.error)).toEqual(first.results[1]?.error);
    expect(await countNamed('Account', `Replay alone ${encoding}`)).toBe(1);
  });

  test('an operation id already used for another request is refused for that change, the rest of the batch applies', async () => {
    const used = opId('used');
    await alice.call('InsertRecord', {
      operationId: used,
      objectType: 'Account',
      fields: { Name: `Reused ${encoding}`, Location: 'Kiel, Germany' },
    });
    const before = await snapshot();
    const { results } = await alice.call('ApplyChanges', {
      changes: [
        insert(used, 'Account', { Name: `Reused other ${encoding}`, Location: 'Kiel, Germany' }),
        insert(opId('fresh'), 'Account', { Name: `Reused fresh ${encoding}`, Location: 'Kiel, Germany' }),
      ],
    });
    expect(results[0]?.error).toEqual({
      code: 'INVALID_REQUEST',
      message: `Operation id ${used} was already used for a different request`,
      details: { operationId: used },
    });
    expect(results[1]?.ok?.modNum).toBe(1);
    expect(await countNamed('Account', `Reused other ${encoding}`)).toBe(0);
    // The fresh change's record and log entry; the reused id keeps its first request's entry.
    expect(await snapshot()).toMatchObject({ records: (before['records'] ?? 0) + 1, operation_log: (before['operation_log'] ?? 0) + 1 });
  });

  test('reference fields may name the tempId of an earlier insert of the batch', async () => {
    const contact = (await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 1 })).keys[0]!;
    const contactRecord = (await recordOf('Contact', contact.rowId))!;
    const changes: Change[] = [
      insert(opId('acc'), 'Account', { Name: `Temp account ${encoding}`, Location: 'Riga, Latvia' }, 'L-account'),
      insert(opId('con'), 'Contact', { FirstName: 'Tia', LastName: `Temp ${encoding}`, AccountId: 'L-account' }, 'L-contact'),
      insert(opId('opp'), 'Opportunity', {
        Name: `Temp deal ${encoding}`,
        AccountId: 'L-account',
        PrimaryContactId: 'L-contact',
        Stage: 'Proposal',
      }),
      {
        update: {
          operationId: opId('move'),
          objectType: 'Contact',
          rowId: contact.rowId,
          modNum: contactRecord.modNum,
          fields: { AccountId: 'L-account' },
        },
      },
      // A refused insert's tempId refuses what refers to it; a later insert's tempId is no reference yet.
      insert(opId('bad'), 'Account', { Name: `Temp refused ${encoding}` }, 'L-refused'),
      insert(opId('orphan'), 'Contact', { FirstName: 'Ola', LastName: `Orphan ${encoding}`, AccountId: 'L-refused' }),
      insert(opId('early'), 'Contact', { FirstName: 'Eva', LastName: `Early ${encoding}`, AccountId: 'L-later' }),
      insert(opId('later'), 'Account', { Name: `Temp later ${encoding}`, Location: 'Riga, Latvia' }, 'L-later'),
    ];
    const { results } = await alice.call('ApplyChanges', { changes });
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
      'INVALID_REQUEST',
      'ok',
    ]);
    expect(results[5]?.error?.message).toContain(
      `AccountId refers to L-refused, whose insert (operation ${changes[4]?.insert?.operationId}) was refused`,
    );
    expect(results[6]?.error?.message).toContain('AccountId refers to no Account "L-later"');

    const accountId = results[0]?.ok?.rowId as string;
    const contactId = results[1]?.ok?.rowId as string;
    expect((await recordOf('Contact', contactId))?.fields['AccountId']).toBe(accountId);
    expect((await recordOf('Opportunity', results[2]?.ok?.rowId as string))?.fields).toMatchObject({
      AccountId: accountId,
      PrimaryContactId: contactId,
    });
    expect((await recordOf('Contact', contact.rowId))?.fields['AccountId']).toBe(accountId);
    // The batch writes through the same record writes as the single operations: the change-key hash is kept too.
    for (const { rowId, lastUpd } of results.flatMap((r) => (r.ok?.lastUpd ? [{ rowId: r.ok.rowId, lastUpd: r.ok.lastUpd }] : []))) {
      const stored = await gw.context.database.db
        .selectFrom('records')
        .select(['key_hash_0', 'key_hash_1', 'key_hash_2', 'key_hash_3'])
        .where('row_id', '=', rowId)
        .executeTakeFirstOrThrow();
      expect(stored).toEqual(keyHashColumns(rowId, Date.parse(lastUpd)));
    }

    // Retried, the tempIds stand for the same records and nothing is inserted again.
    const before = await snapshot();
    expect((await alice.call('ApplyChanges', { changes })).results).toEqual(results);
    expect(await snapshot()).toEqual(before);
  });

  test('a failure in the middle of a batch writes nothing; the batch retried applies every change once', async () => {
    const db = gw.context.database.db;
    const existing = await account('Fault update');
    const changes: Change[] = [
      insert(opId('f1'), 'Account', { Name: `Fault first ${encoding}`, Location: 'Oulu, Finland' }, 'L-first'),
      { update: { operationId: opId('f2'), objectType: 'Account', rowId: existing.rowId, modNum: 1, fields: { Phone: '+47 555 0003' } } },
      insert(opId('f3'), 'Account', { Name: `Fault injected ${encoding}`, Location: 'Oulu, Finland' }),
      insert(opId('f4'), 'Contact', { FirstName: 'Fay', LastName: `Fault ${encoding}`, AccountId: 'L-first' }),
    ];
    // A database failure no check foresees, on the third change's insert (a trigger in each engine's own syntax).
    const postgres = gw.context.database.dialect.name === 'postgres';
    if (postgres) {
      await sql
        .raw(
          `create function apply_changes_fault() returns trigger language plpgsql as $$ begin ` +
            `if (new.fields::jsonb ->> 'Name') = 'Fault injected ${encoding}' then raise exception 'injected fault'; end if; return new; end $$`,
        )
        .execute(db);
      await sql
        .raw('create trigger apply_changes_fault before insert on records for each row execute function apply_changes_fault()')
        .execute(db);
    } else {
      await sql
        .raw(
          `create trigger apply_changes_fault before insert on records when json_extract(new.fields, '$.Name') = 'Fault injected ${encoding}' ` +
            `begin select raise(abort, 'injected fault'); end`,
        )
        .execute(db);
    }
    const before = await snapshot();
    let failure;
    try {
      failure = await alice.fail('ApplyChanges', { changes });
    } finally {
      await sql.raw(postgres ? 'drop trigger apply_changes_fault on records' : 'drop trigger apply_changes_fault').execute(db);
      if (postgres) await sql.raw('drop function apply_changes_fault()').execute(db);
    }
    expect(failure.error.code).toBe('INTERNAL');
    expect(failure.httpStatus).toBe(500);
    expect(gw.internalErrors.splice(0)).toHaveLength(1);
    expect(await snapshot()).toEqual(before);

    const { results } = await alice.call('ApplyChanges', { changes });
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await snapshot()).toMatchObject({ records: (before['records'] ?? 0) + 3, operation_log: (before['operation_log'] ?? 0) + 4 });
    expect((await recordOf('Account', existing.rowId))?.modNum).toBe(2);
  });

  test('limits and malformed batches are refused as a whole with INVALID_REQUEST and write nothing', async () => {
    const activity = (i: number): Change =>
      insert(opId('max'), 'Activity', { Type: 'Call', Subject: `Batch limit ${encoding} ${i}`, Start: '2026-11-21T10:00:00.000Z' });
    const twice = activity(1);
    const rows: Array<[string, unknown, string]> = [
      ['no changes', { changes: [] }, 'at least 1'],
      [
        'one change over the limit',
        { changes: Array.from({ length: LIMITS.maxChangesPerBatch + 1 }, (_, i) => activity(i)) },
        `at most ${LIMITS.maxChangesPerBatch}`,
      ],
      [
        'a change that is two',
        {
          changes: [
            {
              ...insert(opId('two'), 'Account', { Name: 'Two' }),
              delete: { operationId: opId('two'), objectType: 'Account', rowId: '1-A', modNum: 1 },
            },
          ],
        },
        'exactly one of insert, update, delete',
      ],
      // SOAP writes an empty change as an empty <changes/>, which is an empty list.
      ['a change that is none', { changes: [{}] }, encoding === 'json' ? 'exactly one of insert, update, delete' : 'at least 1'],
      [
        'an operation id twice',
        { changes: [twice, { insert: { ...activity(2).insert, operationId: twice.insert?.operationId } }] },
        'appears twice',
      ],
      [
        'a tempId twice',
        {
          changes: [
            insert(opId('t1'), 'Account', { Name: 'T1', Location: 'L' }, 'L-same'),
            insert(opId('t2'), 'Account', { Name: 'T2', Location: 'L' }, 'L-same'),
          ],
        },
        'tempId L-same appears twice',
      ],
      [
        'a bad object type deep inside',
        { changes: [activity(1), insert(opId('bad'), '7up', { Name: 'X' })] },
        'ApplyChanges.changes[1].insert.objectType',
      ],
      [
        'a tempId on an update',
        { changes: [{ update: { operationId: opId('u'), objectType: 'Account', rowId: '1-A', modNum: 1, fields: {}, tempId: 'L-x' } }] },
        'unknown field "tempId"',
      ],
    ];
    // SOAP writes only the elements the schema knows, so an unknown field cannot be sent that way.
    for (const [name, request, message] of rows.filter(([name]) => encoding === 'json' || name !== 'a tempId on an update')) {
      const before = await snapshot();
      const failure = await alice.fail('ApplyChanges', request);
      expect([name, failure.error.code]).toEqual([name, 'INVALID_REQUEST']);
      expect([name, failure.error.message + JSON.stringify(failure.error.details ?? {})]).toEqual([name, expect.stringContaining(message)]);
      expect(await snapshot()).toEqual(before);
    }
    // The limit itself is accepted: a package's maxCommandsPerBatch may be as large.
    const full = Array.from({ length: LIMITS.maxChangesPerBatch }, (_, i) => activity(i));
    const { results } = await alice.call('ApplyChanges', { changes: full });
    expect(results.filter((r) => r.ok !== undefined)).toHaveLength(LIMITS.maxChangesPerBatch);
  });
});

describe.each(ENCODINGS)('ApplyChanges with the connection dropped, over %s', (encoding: Encoding) => {
  /** Three batches a device would send, the later ones referring to what the earlier ones created. */
  async function batches(client: GatewayClient, tag: string): Promise<Change[][]> {
    const existing = await client.call('InsertRecord', {
      operationId: opId(`${tag}-setup`),
      objectType: 'Account',
      fields: { Name: `Dropped existing ${tag}`, Location: 'Cork, Ireland' },
    });
    return [
      [
        insert(opId(tag), 'Account', { Name: `Dropped ${tag}`, Location: 'Cork, Ireland' }, 'L-a'),
        insert(opId(tag), 'Contact', { FirstName: 'Di', LastName: `Dropped ${tag}`, AccountId: 'L-a' }),
      ],
      [{ update: { operationId: opId(tag), objectType: 'Account', rowId: existing.rowId, modNum: 1, fields: { Status: 'Inactive' } } }],
      [
        insert(opId(tag), 'Account', { Name: `Dropped second ${tag}`, Location: 'Cork, Ireland' }, 'L-b'),
        { delete: { operationId: opId(tag), objectType: 'Account', rowId: existing.rowId, modNum: 2 } },
      ],
    ];
  }

  const cases = (['before', 'after'] as const).flatMap((mode) => [1, 2, 3].map((k) => [mode, k] as const));
  test.each(cases)('dropped %s the answer of batch %i, then resent: every change applied exactly once', async (mode, k) => {
    const client = new GatewayClient(gw.url, encoding);
    const { sessionToken } = await client.login('bob');
    const context: CallContext = { sessionToken };
    const transport = new FaultyTransport(encoding === 'json' ? new JsonTransport(gw.url) : new SoapTransport(gw.url), k, mode);
    const tag = `${encoding}-${mode}-${k}`;
    const sent = await batches(client, tag);
    const before = await snapshot();

    const answers: Array<ResponseOf<'ApplyChanges'>> = [];
    for (const changes of sent) {
      // As the engine does with its saved requests: the same batch again until it is answered.
      for (;;) {
        try {
          answers.push(await transport.call('ApplyChanges', { changes }, context));
          break;
        } catch (error) {
          expect(error).toMatchObject({ code: 'CONNECTIVITY' });
        }
      }
    }
    expect(transport.calls).toBe(sent.length + 1);
    expect(answers.flatMap((a) => a.results.map((r) => r.error?.code ?? 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    // Two accounts and a contact inserted, one account deleted; one log entry per change.
    expect(await snapshot()).toMatchObject({
      records: (before['records'] ?? 0) + 2,
      operation_log: (before['operation_log'] ?? 0) + 5,
    });
    const named = async (objectType: string, field: string, value: string) =>
      (await client.call('EstimateCount', { objectType, filter: { field, op: 'eq', value } })).count;
    expect(await named('Account', 'Name', `Dropped ${tag}`)).toBe(1);
    expect(await named('Contact', 'LastName', `Dropped ${tag}`)).toBe(1);
    expect(await named('Account', 'Name', `Dropped second ${tag}`)).toBe(1);
    expect(await named('Account', 'Name', `Dropped existing ${tag}`)).toBe(0);
  });
});
