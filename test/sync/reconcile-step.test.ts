import * as fc from 'fast-check';
import {
  answerRange,
  compareRowIds,
  fingerprintOf,
  toWireFingerprint,
  inRowIdRange,
  ProtocolError,
  RECONCILE_LIMITS,
  type ChangeKey,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../../src/protocol/index.js';
import type { KeySummary } from '../../src/store/index.js';
import { reconcileKeys, type ReconcileInput } from '../../src/sync/reconcile-step.js';
import { serverKeyChanges, withRecentKeys } from '../../src/sync/server-key-changes.js';
import type { SyncSession } from '../../src/sync/sync-session.js';
import type { Transport } from '../../src/sync/index.js';

const AT = '2026-11-21T09:00:00.000Z';
const LATER = '2026-11-21T09:00:05.000Z';
const LATEST = '2026-11-21T09:00:09.000Z';
const id = (n: number) => `1-${String(n).padStart(6, '0')}`;
const keys = (count: number, lastUpd = AT): ChangeKey[] => Array.from({ length: count }, (_, i) => ({ rowId: id(i), lastUpd }));

describe('serverKeyChanges: the rows whose gateway key differs from the device, with the gateway key', () => {
  const device = keys(4);
  const none = { serverOnly: [], localOnly: [], changed: [] };
  test.each<[string, ChangeKey[], Parameters<typeof serverKeyChanges>[2], Array<[string, string | null]>]>([
    ['nothing differs', [], none, []],
    ['a recent key that is newer', [{ rowId: id(1), lastUpd: LATER }], none, [[id(1), LATER]]],
    ['a recent key the device already has', [{ rowId: id(1), lastUpd: AT }], none, []],
    ['a recent key of a row the device lacks', [{ rowId: id(9), lastUpd: LATER }], none, [[id(9), LATER]]],
    ['a delete found by the ranges', [], { ...none, localOnly: [{ rowId: id(2), lastUpd: AT }] }, [[id(2), null]]],
    [
      'a recent key the ranges then found deleted: not on the gateway, as on a device that never had it',
      [{ rowId: id(9), lastUpd: LATER }],
      { ...none, localOnly: [{ rowId: id(9), lastUpd: LATER }] },
      [],
    ],
    [
      'a recent key changed again before the ranges looked',
      [{ rowId: id(1), lastUpd: LATER }],
      { ...none, changed: [{ rowId: id(1), localLastUpd: LATER, serverLastUpd: LATEST }] },
      [[id(1), LATEST]],
    ],
    ['a server insert found by the ranges', [], { ...none, serverOnly: [{ rowId: id(7), lastUpd: AT }] }, [[id(7), AT]]],
  ])('%s', (_, recent, differences, expected) => {
    expect([...serverKeyChanges(device, recent, differences)]).toEqual(expected);
  });

  test('withRecentKeys: null when the recent keys change nothing, else the device keys with them in place', () => {
    expect(withRecentKeys(device, [{ rowId: id(0), lastUpd: AT }])).toBeNull();
    expect(withRecentKeys(device, [{ rowId: id(0), lastUpd: LATER }])?.find((k) => k.rowId === id(0))).toEqual({
      rowId: id(0),
      lastUpd: LATER,
    });
  });
});

/** The gateway in memory: protocol answerRange per range, and the recent keys like the SQL does. */
class MemoryGateway implements Transport {
  readonly requests: Array<RequestOf<'ReconcileKeys'>> = [];
  constructor(readonly sets: Record<string, ChangeKey[]>) {}
  call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    if (operation !== 'ReconcileKeys') return Promise.reject(new ProtocolError('INVALID_REQUEST', `unexpected ${operation}`));
    const r = request as RequestOf<'ReconcileKeys'>;
    this.requests.push(r);
    const sets = r.sets.map((set) => {
      const server = [...(this.sets[set.objectType] ?? [])].sort((a, b) => compareRowIds(a.rowId, b.rowId));
      const since = set.recentSince;
      return {
        ranges: set.ranges.map((range) =>
          answerRange(
            range,
            server.filter((k) => inRowIdRange(k.rowId, range)),
          ),
        ),
        ...(since === undefined
          ? {}
          : {
              recent: server
                .filter((k) => k.lastUpd > since)
                .sort((a, b) => (a.lastUpd < b.lastUpd ? -1 : a.lastUpd > b.lastUpd ? 1 : compareRowIds(a.rowId, b.rowId)))
                .slice(0, RECONCILE_LIMITS.maxRecentKeys),
            }),
      };
    });
    return Promise.resolve({ sets } as ResponseOf<N>);
  }
}

function session(transport: Transport): SyncSession {
  return { transport, context: {} } as unknown as SyncSession;
}

function input(
  objectType: string,
  deviceKeys: ChangeKey[],
  summary: KeySummary | null = null,
): ReconcileInput & { reads: number; lookups: number; saved: KeySummary[] } {
  const made = {
    objectType,
    filter: undefined,
    summary,
    reads: 0,
    saved: [] as KeySummary[],
    keys: () => {
      made.reads += 1;
      return Promise.resolve(deviceKeys);
    },
    lookups: 0,
    keysOf: (rowIds: readonly string[]) => {
      made.lookups += rowIds.length;
      const wanted = new Set(rowIds);
      return Promise.resolve(deviceKeys.filter((k) => wanted.has(k.rowId)));
    },
    saveSummary: (s: KeySummary) => {
      made.saved.push(s);
      return Promise.resolve();
    },
  };
  return made;
}

/** What the device should find: every row whose key differs, with the gateway key or null. */
function expected(device: readonly ChangeKey[], server: readonly ChangeKey[]): Map<string, string | null> {
  const mine = new Map(device.map((k) => [k.rowId, k.lastUpd]));
  const theirs = new Map(server.map((k) => [k.rowId, k.lastUpd]));
  const out = new Map<string, string | null>();
  for (const [rowId, lastUpd] of theirs) if (mine.get(rowId) !== lastUpd) out.set(rowId, lastUpd);
  for (const rowId of mine.keys()) if (!theirs.has(rowId)) out.set(rowId, null);
  return out;
}

const sorted = (m: ReadonlyMap<string, string | null>) => [...m].sort(([a], [b]) => compareRowIds(a, b));

describe('reconcileKeys: every object type in the same requests', () => {
  test('nothing changed: one request for all types, listing no key', async () => {
    const gateway = new MemoryGateway({ Account: keys(5_000), Contact: keys(20_000), Activity: [] });
    const found = await reconcileKeys(
      session(gateway),
      [input('Account', keys(5_000)), input('Contact', keys(20_000)), input('Activity', [])],
      undefined,
    );
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]?.sets.map((s) => s.objectType)).toEqual(['Account', 'Contact', 'Activity']);
    expect(gateway.requests[0]?.sets[0]?.recentSince).toBe(AT);
    expect(gateway.requests[0]?.sets[2]?.recentSince).toBeUndefined();
    expect([...found.values()].map((m) => m.size)).toEqual([0, 0, 0]);
  });

  test('changes made on the server after the last sync: the recent keys and one more request, no split', async () => {
    const device = keys(10_000);
    const server = device.map((k, i) => (i % 100 === 7 ? { ...k, lastUpd: LATER } : k));
    const gateway = new MemoryGateway({ Account: server });
    const found = await reconcileKeys(session(gateway), [input('Account', device)], undefined);
    expect(sorted(found.get('Account') ?? new Map())).toEqual(sorted(expected(device, server)));
    expect(gateway.requests).toHaveLength(2);
  });

  test("the README's worked example: 10,000 contacts, 3 changed and 1 deleted on the server, take 5 requests", async () => {
    const device = keys(10_000);
    const server = device
      .filter((_, i) => i !== 6_789)
      .map((k, i) => (i === 10 || i === 5_000 || i === 9_000 ? { ...k, lastUpd: LATER } : k));
    const gateway = new MemoryGateway({ Contact: server });
    const answers: unknown[] = [];
    const recording: Transport = {
      call: async (operation, request, context) => {
        const answer = await gateway.call(operation, request);
        answers.push(answer);
        void context;
        return answer;
      },
    };
    const found = await reconcileKeys(session(recording), [input('Contact', device)], undefined);
    expect(sorted(found.get('Contact') ?? new Map())).toEqual(sorted(expected(device, server)));
    expect(found.get('Contact')?.size).toBe(4);
    expect(gateway.requests).toHaveLength(5);
    expect(gateway.requests[0]?.sets[0]?.recentSince).toBe(AT);
    const bytes = JSON.stringify(gateway.requests).length + JSON.stringify(answers).length;
    expect(bytes).toBeLessThan(12_000);
  });

  test('a valid key summary compares without reading a key; the summary a read leaves behind is the one the next sync uses', async () => {
    const device = keys(5_000);
    const first = input('Account', device);
    await reconcileKeys(session(new MemoryGateway({ Account: device })), [first], undefined);
    expect(first.reads).toBe(1);
    const [summary] = first.saved;
    expect(summary).toEqual({ fingerprint: toWireFingerprint(fingerprintOf(device)), newest: AT });

    const gateway = new MemoryGateway({ Account: device });
    const second = input('Account', device, summary);
    const found = await reconcileKeys(session(gateway), [second], undefined);
    expect(second.reads).toBe(0);
    expect(found.get('Account')?.size).toBe(0);
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0]?.sets[0]).toMatchObject({ recentSince: AT, ranges: [{ fingerprint: summary!.fingerprint }] });
  });

  test('with a summary, updates on the server are settled from the recent keys, looking up only those rows', async () => {
    const device = keys(5_000);
    const server = device.map((k, i) => (i % 1_000 === 3 ? { ...k, lastUpd: LATER } : k));
    const summary = { fingerprint: toWireFingerprint(fingerprintOf(device)), newest: AT };
    const withSummary = input('Account', device, summary);
    const gateway = new MemoryGateway({ Account: server });
    const found = await reconcileKeys(session(gateway), [withSummary], undefined);
    expect(withSummary.reads).toBe(0);
    expect(withSummary.lookups).toBe(5);
    expect(gateway.requests).toHaveLength(2);
    expect(sorted(found.get('Account') ?? new Map())).toEqual(sorted(expected(device, server)));
  });

  test('with a summary, a change on the server reads the keys once and finds it', async () => {
    const device = keys(5_000);
    const server = device.filter((_, i) => i !== 17).map((k, i) => (i === 3 ? { ...k, lastUpd: LATER } : k));
    const summary = { fingerprint: toWireFingerprint(fingerprintOf(device)), newest: AT };
    const withSummary = input('Account', device, summary);
    const found = await reconcileKeys(session(new MemoryGateway({ Account: server })), [withSummary], undefined);
    expect(withSummary.reads).toBe(1);
    expect(sorted(found.get('Account') ?? new Map())).toEqual(sorted(expected(device, server)));
  });

  test('the worked example with a valid key summary: the same 5 requests, the keys read once', async () => {
    const device = keys(10_000);
    const server = device
      .filter((_, i) => i !== 6_789)
      .map((k, i) => (i === 10 || i === 5_000 || i === 9_000 ? { ...k, lastUpd: LATER } : k));
    const gateway = new MemoryGateway({ Contact: server });
    const withSummary = input('Contact', device, { fingerprint: toWireFingerprint(fingerprintOf(device)), newest: AT });
    const found = await reconcileKeys(session(gateway), [withSummary], undefined);
    expect(sorted(found.get('Contact') ?? new Map())).toEqual(sorted(expected(device, server)));
    expect(gateway.requests).toHaveLength(5);
    expect(withSummary.reads).toBe(1);
  });

  test('deletes on the server are found by the ranges', async () => {
    const device = keys(10_000);
    const server = device.filter((_, i) => i !== 4_321 && i !== 9_999);
    const gateway = new MemoryGateway({ Account: server });
    const found = await reconcileKeys(session(gateway), [input('Account', device)], undefined);
    expect(sorted(found.get('Account') ?? new Map())).toEqual([
      [id(4_321), null],
      [id(9_999), null],
    ]);
  });

  test('no request carries more ranges or sets than the contract allows', async () => {
    const types = Array.from({ length: 40 }, (_, i) => `T${i}`);
    const device = keys(300);
    const server = device.map((k) => ({ ...k, lastUpd: LATER }));
    // Every key differs, and the device's newest key is the same: recent lists them (capped), the ranges do the rest.
    const gateway = new MemoryGateway(Object.fromEntries(types.map((t) => [t, server])));
    const found = await reconcileKeys(
      session(gateway),
      types.map((t) => input(t, device)),
      undefined,
    );
    for (const request of gateway.requests) {
      expect(request.sets.length).toBeLessThanOrEqual(RECONCILE_LIMITS.maxSetsPerRequest);
      expect(request.sets.reduce((n, s) => n + s.ranges.length, 0)).toBeLessThanOrEqual(RECONCILE_LIMITS.maxRangesPerRequest);
    }
    for (const t of types) expect(found.get(t)?.size).toBe(300);
  });

  test('a gateway whose splits never end is refused as a contract mismatch', async () => {
    const liar: Transport = {
      call: <N extends OperationName>(_: N, request: RequestOf<N>) => {
        const r = request as RequestOf<'ReconcileKeys'>;
        return Promise.resolve({
          sets: r.sets.map((set) => ({ ranges: set.ranges.map((range) => ({ state: 'split' as const, parts: [range] })) })),
        } as ResponseOf<N>);
      },
    };
    await expect(reconcileKeys(session(liar), [input('Account', keys(100))], undefined)).rejects.toMatchObject({ code: 'CONNECTIVITY' });
  });

  test('any two sets of several types reconcile to exactly their difference', async () => {
    const rowIds = fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_.-]{1,5}$/), { maxLength: 300 });
    const stamp = fc.constantFrom(AT, LATER, LATEST);
    const side = fc.tuple(rowIds, fc.array(stamp, { minLength: 300, maxLength: 300 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(side, side), { minLength: 1, maxLength: 3 }), async (typeSides) => {
        const inputs: ReconcileInput[] = [];
        const serverSets: Record<string, ChangeKey[]> = {};
        const want = new Map<string, Map<string, string | null>>();
        typeSides.forEach(([[a, sa], [b, sb]], t) => {
          const server = b.map((rowId, i) => ({ rowId, lastUpd: sb[i] as string }));
          const device = [...new Set([...a, ...b.filter((_, i) => i % 3 !== 0)])].map((rowId, i) => ({
            rowId,
            lastUpd: sa[i % 300] as string,
          }));
          inputs.push(input(`T${t}`, device));
          serverSets[`T${t}`] = server;
          want.set(`T${t}`, expected(device, server));
        });
        const found = await reconcileKeys(session(new MemoryGateway(serverSets)), inputs, undefined);
        for (const [type, changes] of want) expect(sorted(found.get(type) ?? new Map())).toEqual(sorted(changes));
      }),
      { numRuns: 150 },
    );
  });
});
