import * as fc from 'fast-check';
import {
  answerRange,
  compareRowIds,
  inRowIdRange,
  ProtocolError,
  RECONCILE_LIMITS,
  type ChangeKey,
  type RangeAnswer,
} from '../../src/protocol/index.js';
import {
  applyReconcileAnswer,
  indexLocalKeys,
  nextReconcileRanges,
  reconcileDone,
  startReconcile,
  type KeyDifferences,
  type ReconcilePlan,
} from '../../src/sync/index.js';

const AT = '2026-11-21T09:00:00.000Z';
const LATER = '2026-11-21T09:00:05.000Z';
const id = (n: number) => `1-${String(n).padStart(6, '0')}`;
const keys = (count: number): ChangeKey[] => Array.from({ length: count }, (_, i) => ({ rowId: id(i * 10), lastUpd: AT }));
const byRowId = (a: ChangeKey, b: ChangeKey) => compareRowIds(a.rowId, b.rowId);

/** The gateway's side in memory: protocol answerRange over the keys of each range. */
function gatewayAnswers(server: readonly ChangeKey[], plan: ReconcilePlan): RangeAnswer[] {
  return nextReconcileRanges(plan).map((range) =>
    answerRange(
      range,
      server.filter((k) => inRowIdRange(k.rowId, range)),
    ),
  );
}

/** Rounds until no range is open; the differences sorted by row id for comparison. */
function reconcile(local: readonly ChangeKey[], server: readonly ChangeKey[]): { differences: KeyDifferences; requests: number } {
  const index = indexLocalKeys(local);
  const sortedServer = [...server].sort(byRowId);
  let plan = startReconcile(index);
  let requests = 0;
  while (!reconcileDone(plan)) {
    plan = applyReconcileAnswer(index, plan, gatewayAnswers(sortedServer, plan));
    requests += 1;
    if (requests > 1_000) throw new Error('reconciliation does not end');
  }
  const { serverOnly, localOnly, changed } = plan.differences;
  return {
    requests,
    differences: {
      serverOnly: [...serverOnly].sort(byRowId),
      localOnly: [...localOnly].sort(byRowId),
      changed: [...changed].sort((a, b) => compareRowIds(a.rowId, b.rowId)),
    },
  };
}

/** The symmetric difference computed directly. */
function expectedDifferences(local: readonly ChangeKey[], server: readonly ChangeKey[]): KeyDifferences {
  const mine = new Map(local.map((k) => [k.rowId, k.lastUpd]));
  const theirs = new Map(server.map((k) => [k.rowId, k.lastUpd]));
  return {
    serverOnly: server.filter((k) => !mine.has(k.rowId)).sort(byRowId),
    localOnly: local.filter((k) => !theirs.has(k.rowId)).sort(byRowId),
    changed: server
      .filter((k) => mine.has(k.rowId) && mine.get(k.rowId) !== k.lastUpd)
      .map((k) => ({ rowId: k.rowId, localLastUpd: mine.get(k.rowId) as string, serverLastUpd: k.lastUpd }))
      .sort((a, b) => compareRowIds(a.rowId, b.rowId)),
  };
}

/** ⌈log_splitParts(n / maxKeysPerRangeAnswer)⌉ + 1: the bound documented in reconcile-limits.ts. */
function roundBound(serverCount: number): number {
  const { splitParts, maxKeysPerRangeAnswer } = RECONCILE_LIMITS;
  let rounds = 1;
  for (let size = serverCount; size > maxKeysPerRangeAnswer; size = Math.ceil(size / splitParts)) rounds += 1;
  return rounds;
}

const N = 1_000;
const base = keys(N);
const withLastUpd = (set: ChangeKey[], index: number) => set.map((k, i) => (i === index ? { ...k, lastUpd: LATER } : k));
const without = (set: ChangeKey[], index: number) => set.filter((_, i) => i !== index);
const withExtra = (set: ChangeKey[], rowId: string) => [...set, { rowId, lastUpd: LATER }];

type Case = [name: string, local: ChangeKey[], server: ChangeKey[], differences: Partial<KeyDifferences>];
const CASES: Case[] = [
  ['equal sets', base, base, {}],
  ['both empty', [], [], {}],
  ['one key each, equal', keys(1), keys(1), {}],
  ['server insert at the start', base, withExtra(base, '0-000000'), { serverOnly: [{ rowId: '0-000000', lastUpd: LATER }] }],
  ['server insert in the middle', base, withExtra(base, id(5005)), { serverOnly: [{ rowId: id(5005), lastUpd: LATER }] }],
  ['server insert at the end', base, withExtra(base, id(99_999)), { serverOnly: [{ rowId: id(99_999), lastUpd: LATER }] }],
  ['server update at the start', base, withLastUpd(base, 0), { changed: [{ rowId: id(0), localLastUpd: AT, serverLastUpd: LATER }] }],
  ['server update in the middle', base, withLastUpd(base, 500), { changed: [{ rowId: id(5000), localLastUpd: AT, serverLastUpd: LATER }] }],
  ['server update at the end', base, withLastUpd(base, N - 1), { changed: [{ rowId: id(9990), localLastUpd: AT, serverLastUpd: LATER }] }],
  ['server delete at the start', base, without(base, 0), { localOnly: [{ rowId: id(0), lastUpd: AT }] }],
  ['server delete in the middle', base, without(base, 500), { localOnly: [{ rowId: id(5000), lastUpd: AT }] }],
  ['server delete at the end', base, without(base, N - 1), { localOnly: [{ rowId: id(9990), lastUpd: AT }] }],
  ['a local key the server never had', withExtra(base, id(5005)), base, { localOnly: [{ rowId: id(5005), lastUpd: LATER }] }],
  ['everything different (every DB_LAST_UPD newer)', base, base.map((k) => ({ ...k, lastUpd: LATER })), {}],
  ['the device holds nothing', [], base, { serverOnly: base }],
  ['the gateway holds nothing', base, [], { localOnly: base }],
  ['disjoint sets', keys(300), keys(300).map((k) => ({ ...k, rowId: `2${k.rowId.slice(1)}` })), {}],
];

describe('reconciling the change keys range by range', () => {
  test.each(CASES)('%s', (_, local, server, expected) => {
    const { differences, requests } = reconcile(local, server);
    const full = expectedDifferences(local, server);
    // The table states the small cases explicitly; the computed difference checks every case.
    expect(differences).toEqual(full);
    for (const kind of ['serverOnly', 'localOnly', 'changed'] as const) {
      if (expected[kind]) expect(differences[kind]).toEqual(expected[kind]);
    }
    const totalDifferences = full.serverOnly.length + full.localOnly.length + full.changed.length;
    if (totalDifferences <= 1) expect(requests).toBeLessThanOrEqual(roundBound(server.length));
  });

  test('equal sets of any size take one request', () => {
    expect(reconcile(keys(20_000), keys(20_000)).requests).toBe(1);
  });

  test('a single difference among 100,000 keys takes at most the documented number of requests', () => {
    const big = keys(100_000);
    const { differences, requests } = reconcile(big, withLastUpd(big, 61_234));
    expect(differences.changed).toEqual([{ rowId: id(612_340), localLastUpd: AT, serverLastUpd: LATER }]);
    expect(requests).toBeLessThanOrEqual(roundBound(100_000));
    expect(roundBound(100_000)).toBe(5);
  });

  test('no request carries more ranges than the contract allows', () => {
    const local = indexLocalKeys(keys(2_500));
    const server = local.keys.map((k) => ({ ...k, lastUpd: LATER }));
    let plan = startReconcile(local);
    let widest = 0;
    while (!reconcileDone(plan)) {
      widest = Math.max(widest, nextReconcileRanges(plan).length);
      plan = applyReconcileAnswer(local, plan, gatewayAnswers(server, plan));
    }
    expect(widest).toBe(RECONCILE_LIMITS.maxRangesPerRequest);
    expect(plan.differences.changed).toHaveLength(2_500);
  });

  test('any two sets reconcile to exactly their difference', () => {
    const rowIds = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,6}$/), { maxLength: 400, size: 'medium' });
    const stamp = fc.constantFrom(AT, LATER, '2026-11-22T00:00:00.000Z');
    fc.assert(
      fc.property(
        rowIds,
        rowIds,
        fc.array(stamp, { minLength: 400, maxLength: 400 }),
        fc.array(stamp, { minLength: 400, maxLength: 400 }),
        (a, b, sa, sb) => {
          // Overlap on purpose: the device's set is mostly the gateway's, with its own inserts, deletes and stamps.
          const server = b.map((rowId, i) => ({ rowId, lastUpd: sb[i] as string }));
          const local = [...new Set([...a, ...b.filter((_, i) => i % 3 !== 0)])].map((rowId, i) => ({
            rowId,
            lastUpd: sa[i % 400] as string,
          }));
          expect(reconcile(local, server).differences).toEqual(expectedDifferences(local, server));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('an answer that does not fit the request is refused, none of it used', () => {
  const local = indexLocalKeys(keys(100));
  const plan = startReconcile(local);
  const cases: Array<[string, RangeAnswer[]]> = [
    ['too few answers', []],
    [
      'keys outside the range order',
      [
        {
          state: 'keys',
          keys: [
            { rowId: id(20), lastUpd: AT },
            { rowId: id(10), lastUpd: AT },
          ],
        },
      ],
    ],
    ['no parts', [{ state: 'split', parts: [] }]],
    [
      'parts that leave a gap',
      [
        {
          state: 'split',
          parts: [
            { upper: id(10), fingerprint: { count: 0, hash: '0'.repeat(32) } },
            { lower: id(20), fingerprint: { count: 0, hash: '0'.repeat(32) } },
          ],
        },
      ],
    ],
  ];
  test.each(cases)('%s', (_, answers) => {
    let thrown: unknown;
    try {
      applyReconcileAnswer(local, plan, answers);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProtocolError);
    expect((thrown as ProtocolError).code).toBe('CONNECTIVITY');
  });
});
