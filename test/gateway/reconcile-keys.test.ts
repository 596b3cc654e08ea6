import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, sql, SqliteDialect } from 'kysely';
import type { DatabaseSchema } from '../../src/gateway/db/database-schema.js';
import { migrationProvider } from '../../src/gateway/db/migrations.js';
import { migrate } from '../../src/gateway/db/open-database.js';
import type { Caller } from '../../src/gateway/auth/caller.js';
import { keyHashColumns } from '../../src/gateway/records/key-hash-columns.js';
import { selectRecentKeys } from '../../src/gateway/records/select-recent-keys.js';
import { visibleTo } from '../../src/gateway/records/visible-to.js';
import { compileFilter } from '../../src/gateway/records/compile-filter.js';
import { findObject } from '../../src/metadata/index.js';
import {
  compareRowIds,
  fingerprintOf,
  RECONCILE_LIMITS,
  toWireFingerprint,
  type ChangeKey,
  type FilterExpr,
  type KeyRange,
  type RangeAnswer,
  type ReconcileSet,
  type ReconcileSetAnswer,
} from '../../src/protocol/index.js';
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
  // Enough records that a differing Contact range is split twice before its keys are listed,
  // and that admin sees more Contacts than one answer lists as recent.
  gw = await startTestGateway({ demoRecords: 3_200 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;
const OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'];
const NONE: KeyDifferences = { serverOnly: [], localOnly: [], changed: [] };
const EMPTY = toWireFingerprint(fingerprintOf([]));

/** One ReconcileKeys request: one answer per set, in order, each with one answer per range. */
async function answerSets(client: GatewayClient, sets: ReconcileSet[]): Promise<ReconcileSetAnswer[]> {
  const answer = await client.call('ReconcileKeys', { sets });
  expect(answer.sets.map((set) => set.ranges.length)).toEqual(sets.map((set) => set.ranges.length));
  return answer.sets;
}

/** The whole key set as one range with its fingerprint. */
function wholeRange(keys: readonly ChangeKey[]): KeyRange {
  return { fingerprint: toWireFingerprint(fingerprintOf(keys)) };
}

/** How a range whose fingerprint differs is answered, given the gateway's keys in it. */
function differingState(gatewayKeys: number): RangeAnswer['state'] {
  return gatewayKeys > RECONCILE_LIMITS.maxKeysPerRangeAnswer ? 'split' : 'keys';
}

/** The recent keys as the contract orders them: by DB_LAST_UPD, then row id in byte order. */
function oldestFirst(keys: readonly ChangeKey[]): ChangeKey[] {
  return [...keys].sort((a, b) => (a.lastUpd === b.lastUpd ? compareRowIds(a.rowId, b.rowId) : a.lastUpd < b.lastUpd ? -1 : 1));
}

/** n consecutive ranges in row id order, covering every row id. */
function orderedRanges(n: number): KeyRange[] {
  const bound = (i: number) => `0-${String(i).padStart(4, '0')}`;
  return Array.from({ length: n }, (_, i) => ({
    ...(i > 0 ? { lower: bound(i) } : {}),
    ...(i < n - 1 ? { upper: bound(i + 1) } : {}),
    fingerprint: EMPTY,
  }));
}

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
    const { sets } = await client.call('ReconcileKeys', {
      sets: [{ objectType, ...(filter ? { filter } : {}), ranges: nextReconcileRanges(plan) }],
    });
    expect(sets).toHaveLength(1);
    plan = applyReconcileAnswer(index, plan, sets[0]!.ranges);
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
    const [answer] = await answerSets(admin, [
      {
        objectType: 'Account',
        ranges: [
          { upper: middle, fingerprint: toWireFingerprint(fingerprintOf(keys.filter((k) => k.rowId <= middle))) },
          { lower: middle, fingerprint: toWireFingerprint(fingerprintOf(upperHalf.slice(1))) },
        ],
      },
    ]);
    expect(answer!.ranges[0]).toEqual({ state: 'equal' });
    expect(answer!.ranges[1]?.state).toBe(upperHalf.length > RECONCILE_LIMITS.maxKeysPerRangeAnswer ? 'split' : 'keys');
  });

  test('several sets in one request are answered in order, each as it would be alone', async () => {
    const filter: FilterExpr = { field: 'Stage', op: 'ne', value: 'Closed Lost' };
    const accounts = await alice.allChangeKeys('Account', 5_000);
    const contacts = await alice.allChangeKeys('Contact', 5_000);
    const opportunities = await alice.allChangeKeys('Opportunity', 5_000);
    const openOpportunities = await alice.allChangeKeys('Opportunity', 5_000, filter);
    const activities = await alice.allChangeKeys('Activity', 5_000);
    expect(openOpportunities.length).toBeLessThan(opportunities.length);
    const middle = contacts[Math.floor(contacts.length / 2)]!.rowId;
    const upperHalf = contacts.filter((k) => compareRowIds(k.rowId, middle) > 0);
    const sets: ReconcileSet[] = [
      { objectType: 'Account', ranges: [wholeRange(accounts)] },
      {
        objectType: 'Contact',
        ranges: [
          { upper: middle, fingerprint: wholeRange(contacts.filter((k) => compareRowIds(k.rowId, middle) <= 0)).fingerprint },
          { lower: middle, fingerprint: EMPTY },
        ],
      },
      { objectType: 'Opportunity', filter, ranges: [wholeRange(openOpportunities)] },
      // The same type again, without the filter: the filtered set is now a difference.
      { objectType: 'Opportunity', ranges: [wholeRange(openOpportunities)] },
      { objectType: 'Activity', ranges: [wholeRange(activities)] },
    ];
    const answers = await answerSets(alice, sets);
    expect(answers.map((a) => a.ranges.map((r) => r.state))).toEqual([
      ['equal'],
      ['equal', differingState(upperHalf.length)],
      ['equal'],
      [differingState(opportunities.length)],
      ['equal'],
    ]);
    for (const [i, set] of sets.entries()) expect(await answerSets(alice, [set])).toEqual([answers[i]]);
  });

  test('recent lists exactly the keys written after recentSince under visibility and filter, oldest first, ties by row id', async () => {
    const contacts = await alice.allChangeKeys('Contact', 5_000);
    const aliceSees = new Set(contacts.map((k) => k.rowId));
    const othersContact = (await admin.allChangeKeys('Contact', 5_000)).find((k) => !aliceSees.has(k.rowId))!;
    const account = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    const update = async (client: GatewayClient, rowId: string, jobTitle: string) => {
      const { modNum } = (await client.call('QueryRecords', { objectType: 'Contact', rowIds: [rowId] })).records[0]!;
      return client.call('UpdateRecord', {
        operationId: opId('recent'),
        objectType: 'Contact',
        rowId,
        modNum,
        fields: { JobTitle: jobTitle },
      });
    };

    gw.clock.advance(60_000);
    const since = new Date(gw.clock.now()).toISOString();
    // Written at recentSince itself: not after it.
    expect((await update(alice, contacts[0]!.rowId, 'At the moment')).lastUpd).toBe(since);
    gw.clock.advance(1_000);
    // Three inserts in one millisecond share their DB_LAST_UPD: listed by row id.
    const inserted: string[] = [];
    for (const n of [1, 2, 3]) {
      const { rowId } = await alice.call('InsertRecord', {
        operationId: opId('recent'),
        objectType: 'Contact',
        fields: { FirstName: 'Recent', LastName: `Recent-${encoding}-${n}`, AccountId: account.rowId },
      });
      inserted.push(rowId);
    }
    gw.clock.advance(1_000);
    const updated = await update(alice, contacts[1]!.rowId, 'Later');
    // Written after recentSince too, but alice does not see it.
    await update(admin, othersContact.rowId, 'Elsewhere');

    const withoutSecond: FilterExpr = { not: { field: 'LastName', op: 'eq', value: `Recent-${encoding}-2` } };
    const answers = await answerSets(alice, [
      { objectType: 'Contact', recentSince: since, ranges: [{ fingerprint: EMPTY }] },
      { objectType: 'Contact', filter: withoutSecond, recentSince: since, ranges: [{ fingerprint: EMPTY }] },
      { objectType: 'Contact', ranges: [{ fingerprint: EMPTY }] },
    ]);
    const tied = [...inserted].sort(compareRowIds);
    expect(answers[0]!.recent?.map((k) => k.rowId)).toEqual([...tied, updated.rowId]);
    expect(answers[1]!.recent?.map((k) => k.rowId)).toEqual([...tied.filter((id) => id !== inserted[1]), updated.rowId]);
    // The same as GetChangeKeys under the same visibility and filter, cut at recentSince.
    const after = (keys: readonly ChangeKey[]) => oldestFirst(keys.filter((k) => k.lastUpd > since));
    expect(answers[0]!.recent).toEqual(after(await alice.allChangeKeys('Contact', 5_000)));
    expect(answers[1]!.recent).toEqual(after(await alice.allChangeKeys('Contact', 5_000, withoutSecond)));
    expect(answers[0]!.recent?.[3]).toEqual({ rowId: updated.rowId, lastUpd: updated.lastUpd });
    // A set without recentSince has no recent.
    expect(Object.keys(answers[2]!)).toEqual(['ranges']);
  });

  test('recent holds at most maxRecentKeys keys, the oldest ones', async () => {
    const keys = await admin.allChangeKeys('Contact', 5_000);
    expect(keys.length).toBeGreaterThan(RECONCILE_LIMITS.maxRecentKeys);
    const [answer] = await answerSets(admin, [
      { objectType: 'Contact', recentSince: '2000-01-01T00:00:00.000Z', ranges: [wholeRange(keys)] },
    ]);
    expect(answer!.ranges).toEqual([{ state: 'equal' }]);
    expect(answer!.recent).toEqual(oldestFirst(keys).slice(0, RECONCILE_LIMITS.maxRecentKeys));
  });

  test('recent is empty when nothing was written after recentSince', async () => {
    const tomorrow = new Date(gw.clock.now() + 86_400_000).toISOString();
    const [answer] = await answerSets(alice, [{ objectType: 'Account', recentSince: tomorrow, ranges: [{ fingerprint: EMPTY }] }]);
    // SOAP writes an empty list as no element at all, so it reads back as absent there.
    expect(answer!.recent).toEqual(encoding === 'json' ? [] : undefined);
  });

  test('the range limit counts the ranges of all sets together', async () => {
    const half = RECONCILE_LIMITS.maxRangesPerRequest / 2;
    const sets = (n: number): ReconcileSet[] => [
      { objectType: 'Account', ranges: orderedRanges(half) },
      { objectType: 'Contact', ranges: orderedRanges(n) },
    ];
    expect(await answerSets(admin, sets(half))).toHaveLength(2);
    expect((await admin.fail('ReconcileKeys', { sets: sets(half + 1) })).error.code).toBe('INVALID_REQUEST');
  });

  const refused: Array<[string, unknown]> = [
    ['no set', { sets: [] }],
    [
      'more sets than maxSetsPerRequest',
      {
        sets: Array.from({ length: RECONCILE_LIMITS.maxSetsPerRequest + 1 }, () => ({
          objectType: 'Account',
          ranges: [{ fingerprint: EMPTY }],
        })),
      },
    ],
    [
      'more ranges over the sets than maxRangesPerRequest',
      { sets: [2, 2, 2].map(() => ({ objectType: 'Account', ranges: orderedRanges(RECONCILE_LIMITS.maxRangesPerRequest / 2 - 1) })) },
    ],
    [
      'a set with no range',
      {
        sets: [
          { objectType: 'Account', ranges: [{ fingerprint: EMPTY }] },
          { objectType: 'Contact', ranges: [] },
        ],
      },
    ],
    [
      'ranges out of order',
      {
        sets: [
          { objectType: 'Account', ranges: [{ fingerprint: EMPTY }] },
          {
            objectType: 'Contact',
            ranges: [
              { lower: '1-M', fingerprint: EMPTY },
              { upper: '1-C', fingerprint: EMPTY },
            ],
          },
        ],
      },
    ],
    [
      'overlapping ranges',
      {
        sets: [
          {
            objectType: 'Account',
            ranges: [
              { upper: '1-M', fingerprint: EMPTY },
              { lower: '1-C', fingerprint: EMPTY },
            ],
          },
        ],
      },
    ],
    [
      'a range whose lower bound is not below its upper',
      { sets: [{ objectType: 'Account', ranges: [{ lower: '1-M', upper: '1-C', fingerprint: EMPTY }] }] },
    ],
    ['a sum beyond 30 bits', { sets: [{ objectType: 'Account', ranges: [{ fingerprint: { count: 0, hash: `4${'0'.repeat(31)}` } }] }] }],
    [
      'an unknown object type in a later set',
      {
        sets: [
          { objectType: 'Account', ranges: [{ fingerprint: EMPTY }] },
          { objectType: 'Nope', ranges: [{ fingerprint: EMPTY }] },
        ],
      },
    ],
    [
      'an unknown filter field in a later set',
      {
        sets: [
          { objectType: 'Account', ranges: [{ fingerprint: EMPTY }] },
          { objectType: 'Account', filter: { field: 'Nope', op: 'eq', value: 'x' }, ranges: [{ fingerprint: EMPTY }] },
        ],
      },
    ],
    [
      'a recentSince that is no moment',
      { sets: [{ objectType: 'Account', recentSince: '2026-13-01T00:00:00.000Z', ranges: [{ fingerprint: EMPTY }] }] },
    ],
    [
      'a recentSince without milliseconds',
      { sets: [{ objectType: 'Account', recentSince: '2026-11-21T09:00:00Z', ranges: [{ fingerprint: EMPTY }] }] },
    ],
    ['the old one-type shape', { objectType: 'Account', ranges: [{ fingerprint: EMPTY }] }],
  ];
  test.each(refused)('refuses %s with INVALID_REQUEST', async (_, request) => {
    const failure = await admin.fail('ReconcileKeys', request);
    expect(failure.error.code).toBe('INVALID_REQUEST');
  });

  test('needs a session', async () => {
    const anonymous = new GatewayClient(gw.url, encoding);
    const failure = await anonymous.fail('ReconcileKeys', { sets: [{ objectType: 'Account', ranges: [{ fingerprint: EMPTY }] }] });
    expect(failure.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('migration 0005 indexes the recent keys', () => {
  const caller = (visibility: Caller['visibility']): Caller => ({
    userId: 'U-ALICE',
    userName: 'alice',
    responsibilityId: 'R-SALES-REP',
    visibility,
    isAdmin: false,
    teamId: 'T-EAST',
    orgId: 'ORG-NA',
    tokenHash: '',
    siteId: null,
  });
  test.each(['personal', 'team', 'organization', 'all'] as const)(
    'with %s visibility and a filter, the recent keys are read from records_type_last_upd in its order, without a sort',
    async (visibility) => {
      const { db, dialect } = gw.context.database;
      const object = findObject(gw.context.catalog, 'Opportunity')!;
      const who = caller(visibility);
      const selected = sql<boolean>`records.object_type = ${object.name} and (${visibleTo(who)}) and (${compileFilter(
        { field: 'Stage', op: 'ne', value: 'Closed Lost' },
        { object, dialect, caller: who, today: '2026-11-21' },
      )})`;
      const query = selectRecentKeys(db, dialect, selected, Date.parse('2026-11-01T00:00:00.000Z')).compile();
      if (dialect.name === 'sqlite') {
        const plan = await db.executeQuery<{ detail: string }>({ ...query, sql: `explain query plan ${query.sql}` });
        const steps = plan.rows.map((r) => r.detail);
        expect(steps).toEqual([
          expect.stringMatching(/^SEARCH records USING (COVERING )?INDEX records_type_last_upd \(object_type=\? AND db_last_upd>\?\)$/),
        ]);
        return;
      }
      // PostgreSQL: on 400 rows the planner rightly prefers other plans; with scans and sorts discouraged it
      // shows that records_type_last_upd serves the query in its order (a row_id collation unlike the
      // query's "C" would still need a Sort node).
      const steps = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_bitmapscan = off`.execute(trx);
        await sql`set local enable_sort = off`.execute(trx);
        const plan = await trx.executeQuery<{ 'QUERY PLAN': string }>({ ...query, sql: `explain ${query.sql}` });
        return plan.rows.map((r) => r['QUERY PLAN']);
      });
      expect(steps.join('\n')).toMatch(/Index (Only )?Scan using records_type_last_upd on records/);
      expect(steps.some((s) => /^\s*(->\s*)?(Incremental )?Sort\b/.test(s))).toBe(false);
    },
  );
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
