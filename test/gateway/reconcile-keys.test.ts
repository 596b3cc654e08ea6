import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect } from 'kysely';
import type { DatabaseSchema } from '../../src/gateway/db/database-schema.js';
import { migrationProvider } from '../../src/gateway/db/migrations.js';
import { migrate } from '../../src/gateway/db/open-database.js';
import { keyHashColumns } from '../../src/gateway/records/key-hash-columns.js';
import { fingerprintOf, RECONCILE_LIMITS, toWireFingerprint, type ChangeKey, type FilterExpr } from '../../src/protocol/index.js';
import {
  applyReconcileAnswer,
  indexLocalKeys,
  nextReconcileRanges,
  reconcileDone,
  startReconcile,
  type KeyDifferences,
} from '../../src/sync/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  // Enough records that a differing Contact range is split twice before its keys are listed.
  gw = await startTestGateway({ demoRecords: 1_500 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;
const OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'];
const NONE: KeyDifferences = { serverOnly: [], localOnly: [], changed: [] };

/** ReconcileKeys rounds with the device's planner until no range is open. */
async function reconcile(
  client: GatewayClient,
  objectType: string,
  local: readonly ChangeKey[],
  filter?: FilterExpr,
): Promise<{ differences: KeyDifferences; requests: number }> {
  const index = indexLocalKeys(local);
  let plan = startReconcile(index);
  let requests = 0;
  while (!reconcileDone(plan)) {
    const { ranges } = await client.call('ReconcileKeys', { objectType, ...(filter ? { filter } : {}), ranges: nextReconcileRanges(plan) });
    plan = applyReconcileAnswer(index, plan, ranges);
    requests += 1;
    if (requests > 50) throw new Error('reconciliation does not end');
  }
  const byRowId = <T extends { rowId: string }>(list: readonly T[]) => [...list].sort((a, b) => (a.rowId < b.rowId ? -1 : 1));
  const { serverOnly, localOnly, changed } = plan.differences;
  return { requests, differences: { serverOnly: byRowId(serverOnly), localOnly: byRowId(localOnly), changed: byRowId(changed) } };
}

describe.each(ENCODINGS)('ReconcileKeys over %s', (encoding) => {
  let admin: GatewayClient;
  let alice: GatewayClient;
  beforeAll(async () => {
    admin = new GatewayClient(gw.url, encoding);
    await admin.login('admin');
    alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
  });

  test('the keys GetChangeKeys lists are equal in one request, for every object type and visibility', async () => {
    for (const client of [admin, alice]) {
      for (const objectType of OBJECT_TYPES) {
        const keys = await client.allChangeKeys(objectType, 5_000);
        expect(keys.length).toBeGreaterThan(0);
        expect(await reconcile(client, objectType, keys)).toEqual({ differences: NONE, requests: 1 });
      }
    }
  });

  test('a perturbed device set reconciles to exactly the perturbation', async () => {
    const keys = await admin.allChangeKeys('Contact', 5_000);
    expect(keys.length).toBeGreaterThan(RECONCILE_LIMITS.maxKeysPerRangeAnswer * RECONCILE_LIMITS.splitParts);
    const missing = keys[3]!;
    const stale = keys[Math.floor(keys.length / 2)]!;
    const gone: ChangeKey = { rowId: 'ZZZZ-not-on-the-gateway', lastUpd: '2026-01-01T00:00:00.000Z' };
    const local = [
      ...keys.filter((k) => k !== missing).map((k) => (k === stale ? { ...k, lastUpd: '2020-01-01T00:00:00.000Z' } : k)),
      gone,
    ];
    const { differences, requests } = await reconcile(admin, 'Contact', local);
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(differences).toEqual({
      serverOnly: [missing],
      localOnly: [gone],
      changed: [{ rowId: stale.rowId, localLastUpd: '2020-01-01T00:00:00.000Z', serverLastUpd: stale.lastUpd }],
    });
  });

  test('after an insert, an update and a delete on the gateway the differences are exactly those rows', async () => {
    const before = await alice.allChangeKeys('Contact', 5_000);
    const account = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    const inserted = await alice.call('InsertRecord', {
      operationId: opId('ins'),
      objectType: 'Contact',
      fields: { FirstName: 'Range', LastName: `Reconciled-${encoding}`, AccountId: account.rowId },
    });
    const [toUpdate, toDelete] = [before[1]!, before[before.length - 2]!];
    const current = await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [toUpdate.rowId, toDelete.rowId] });
    const modNum = (rowId: string) => current.records.find((r) => r.rowId === rowId)!.modNum;
    gw.clock.advance(1_000);
    const updated = await alice.call('UpdateRecord', {
      operationId: opId('upd'),
      objectType: 'Contact',
      rowId: toUpdate.rowId,
      modNum: modNum(toUpdate.rowId),
      fields: { JobTitle: 'Reconciler' },
    });
    await alice.call('DeleteRecord', {
      operationId: opId('del'),
      objectType: 'Contact',
      rowId: toDelete.rowId,
      modNum: modNum(toDelete.rowId),
    });

    const { differences } = await reconcile(alice, 'Contact', before);
    expect(differences).toEqual({
      serverOnly: [{ rowId: inserted.rowId, lastUpd: inserted.lastUpd }],
      localOnly: [toDelete],
      changed: [{ rowId: toUpdate.rowId, localLastUpd: toUpdate.lastUpd, serverLastUpd: updated.lastUpd }],
    });
    // The stored hashes are those of the new keys: the gateway's set now reconciles as equal.
    expect((await reconcile(alice, 'Contact', await alice.allChangeKeys('Contact', 5_000))).differences).toEqual(NONE);
  });

  test('records outside the visibility are differences like deletes', async () => {
    const everything = await admin.allChangeKeys('Opportunity', 5_000);
    const visible = new Set((await alice.allChangeKeys('Opportunity', 5_000)).map((k) => k.rowId));
    expect(visible.size).toBeLessThan(everything.length);
    const { differences } = await reconcile(alice, 'Opportunity', everything);
    expect(differences).toEqual({ ...NONE, localOnly: everything.filter((k) => !visible.has(k.rowId)) });
  });

  test('the filter applies as in GetChangeKeys: records that left it are differences, the filtered set is equal', async () => {
    const filter: FilterExpr = { field: 'Stage', op: 'ne', value: 'Closed Lost' };
    const all = await admin.allChangeKeys('Opportunity', 5_000);
    const filtered = await admin.allChangeKeys('Opportunity', 5_000, filter);
    const kept = new Set(filtered.map((k) => k.rowId));
    expect(kept.size).toBeLessThan(all.length);
    expect(await reconcile(admin, 'Opportunity', filtered, filter)).toEqual({ differences: NONE, requests: 1 });
    const { differences } = await reconcile(admin, 'Opportunity', all, filter);
    expect(differences).toEqual({ ...NONE, localOnly: all.filter((k) => !kept.has(k.rowId)) });
  });

  test('the range bounds of a request are honoured: a range answers only for its own row ids', async () => {
    const keys = await admin.allChangeKeys('Account', 5_000);
    const middle = keys[Math.floor(keys.length / 2)]!.rowId;
    const upperHalf = keys.filter((k) => k.rowId > middle);
    const { ranges } = await admin.call('ReconcileKeys', {
      objectType: 'Account',
      ranges: [
        { upper: middle, fingerprint: toWireFingerprint(fingerprintOf(keys.filter((k) => k.rowId <= middle))) },
        { lower: middle, fingerprint: toWireFingerprint(fingerprintOf(upperHalf.slice(1))) },
      ],
    });
    expect(ranges[0]).toEqual({ state: 'equal' });
    expect(ranges[1]?.state).toBe(upperHalf.length > RECONCILE_LIMITS.maxKeysPerRangeAnswer ? 'split' : 'keys');
  });

  const fingerprint = toWireFingerprint(fingerprintOf([]));
  const refused: Array<[string, unknown]> = [
    [
      'too many ranges',
      { objectType: 'Account', ranges: Array.from({ length: RECONCILE_LIMITS.maxRangesPerRequest + 1 }, () => ({ fingerprint })) },
    ],
    ['no range', { objectType: 'Account', ranges: [] }],
    [
      'overlapping ranges',
      {
        objectType: 'Account',
        ranges: [
          { upper: '1-M', fingerprint },
          { lower: '1-C', fingerprint },
        ],
      },
    ],
    ['a range whose lower bound is not below its upper', { objectType: 'Account', ranges: [{ lower: '1-M', upper: '1-C', fingerprint }] }],
    ['a sum beyond 30 bits', { objectType: 'Account', ranges: [{ fingerprint: { count: 0, hash: `4${'0'.repeat(31)}` } }] }],
    ['an unknown object type', { objectType: 'Nope', ranges: [{ fingerprint }] }],
    ['an unknown filter field', { objectType: 'Account', filter: { field: 'Nope', op: 'eq', value: 'x' }, ranges: [{ fingerprint }] }],
  ];
  test.each(refused)('refuses %s with INVALID_REQUEST', async (_, request) => {
    const failure = await admin.fail('ReconcileKeys', request);
    expect(failure.error.code).toBe('INVALID_REQUEST');
  });

  test('needs a session', async () => {
    const anonymous = new GatewayClient(gw.url, encoding);
    const failure = await anonymous.fail('ReconcileKeys', { objectType: 'Account', ranges: [{ fingerprint }] });
    expect(failure.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('migration 0004 backfills the key hash of records written before it', () => {
  test('every existing row gets the hash of its change key, summing in SQL to the fingerprint the device computes', async () => {
    const native = new BetterSqlite3(':memory:');
    const db = new Kysely<DatabaseSchema>({ dialect: new SqliteDialect({ database: native }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const to3 = await migrator.migrateTo('0003_replacement');
      expect(to3.error).toBeUndefined();
      // 2,500 rows: more than one backfill page, in an order unlike row id order.
      const rows = Array.from({ length: 2_500 }, (_, i) => ({
        rowId: `1-${String((i * 7919) % 2_500).padStart(5, '0')}`,
        lastUpd: 1_700_000_000_000 + i,
      }));
      for (const row of rows) {
        await sql`insert into records (row_id, object_type, db_last_upd, mod_num, owner_id, team_id, org_id, updated_by, fields)
                  values (${row.rowId}, 'Account', ${row.lastUpd}, 1, 'U1', null, 'O1', 'alice', '{}')`.execute(db);
      }
      await migrate(db);
      const stored = await db
        .selectFrom('records')
        .select(['row_id', 'db_last_upd', 'key_hash_0', 'key_hash_1', 'key_hash_2', 'key_hash_3'])
        .orderBy('row_id')
        .execute();
      expect(stored).toHaveLength(rows.length);
      for (const row of stored) {
        const { row_id, db_last_upd, ...hash } = row;
        expect(hash).toEqual(keyHashColumns(row_id, Number(db_last_upd)));
      }
      const keys = rows.map((r) => ({ rowId: r.rowId, lastUpd: new Date(r.lastUpd).toISOString() }));
      const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'records'`.execute(db);
      expect(indexes.rows.map((r) => r.name)).toContain('records_type_row_hash');
      // The sums in SQL are the device's fingerprint of the same keys.
      const sums = await db
        .selectFrom('records')
        .select([
          sql<number>`count(*)`.as('n'),
          sql<number>`sum(key_hash_0) % 1073741824`.as('s0'),
          sql<number>`sum(key_hash_3) % 1073741824`.as('s3'),
        ])
        .executeTakeFirstOrThrow();
      const expected = fingerprintOf(keys);
      expect([Number(sums.n), Number(sums.s0), Number(sums.s3)]).toEqual([expected.count, expected.sums[0], expected.sums[3]]);
    } finally {
      await db.destroy();
    }
  });
});
