import {
  combineFingerprints,
  EMPTY_FINGERPRINT,
  fingerprintOf,
  fromWireFingerprint,
  RECONCILE_LIMITS,
  sameFingerprint,
  subtractFingerprints,
  toWireFingerprint,
  type ChangeKey,
  type FilterExpr,
  type RangeAnswer,
  type ReconcileSet,
} from '../protocol/index.js';
import type { KeySummary } from '../store/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { checkCancelled } from './check-cancelled.js';
import { indexLocalKeys, type LocalKeyIndex } from './local-key-index.js';
import {
  applyReconcileAnswer,
  nextReconcileRanges,
  NO_DIFFERENCES,
  reconcileDone,
  startReconcile,
  type ReconcilePlan,
} from './reconcile-ranges.js';
import { serverKeyChanges, withRecentKeys, type ServerKeyChanges } from './server-key-changes.js';
import type { SyncSession } from './sync-session.js';

/** One object type to reconcile: the device's keys under the same filter the gateway applies. */
export interface ReconcileInput {
  readonly objectType: string;
  readonly filter: FilterExpr | undefined;
  /** What the device's keys were when nothing has changed them since (store.getKeySummary): compared without reading them. */
  readonly summary: KeySummary | null;
  /** The device's keys; read only when the summary is missing or does not settle the type. */
  readonly keys: () => Promise<readonly ChangeKey[]>;
  /** The device's keys of these rows (those it holds, on its side of the comparison): the recent rows, looked up one by one. */
  readonly keysOf: (rowIds: readonly string[]) => Promise<readonly ChangeKey[]>;
  /** Keeps the summary of the keys just read, for the next sync. */
  readonly saveSummary: (summary: KeySummary) => Promise<void>;
}

/**
 * A bound on the requests of one reconciliation. An honest gateway needs about
 * ⌈log16(n/16)⌉ + 1 rounds per chain of ranges (reconcile-limits.ts) plus one request
 * per 128 open ranges; this only stops a gateway whose answers never converge.
 */
const MAX_REQUESTS = 1_000;

interface SetState {
  readonly input: ReconcileInput;
  /** The device's keys once read; null while the summary stands in for them. */
  keys: readonly ChangeKey[] | null;
  index: LocalKeyIndex | null;
  plan: ReconcilePlan;
  /** The recent keys the gateway listed, once asked. */
  recent: readonly ChangeKey[];
  /** The newest DB_LAST_UPD to ask recent keys after, until the first answer. */
  recentSince: string | undefined;
  /** Compared from the summary: the device's keys of the recent rows, once looked up. */
  looked: readonly ChangeKey[] | null;
}

/**
 * The data step's key exchange in reconcile mode (DESIGN "Sync cost: proportional to
 * the change"), for every object type at once: each request carries the open ranges
 * of several types, so a sync where nothing changed is one request for all of them.
 *
 * The first request also asks, per type, for the gateway's keys changed after the
 * device's newest key (`recentSince`). Changes made on the server since the last sync
 * are exactly those, usually: when any of them differs from the device, the device
 * puts them in place of its own keys and compares again, so the ranges only have
 * to find what the recent list cannot show (deletes, records that left or entered
 * the filters or the visibility, writes committed late). A type whose key summary is
 * still valid is compared from it, and its keys are read only if the gateway's side
 * differs. Answers per type: the rows whose gateway key differs from the device's.
 */
export async function reconcileKeys(
  session: SyncSession,
  inputs: readonly ReconcileInput[],
  signal: AbortSignal | undefined,
): Promise<Map<string, ServerKeyChanges>> {
  const states: SetState[] = [];
  for (const input of inputs) {
    if (input.summary !== null) {
      const { fingerprint, newest } = input.summary;
      const plan = { open: [{ fingerprint }], differences: NO_DIFFERENCES };
      states.push({ input, keys: null, index: null, plan, recent: [], recentSince: newest ?? undefined, looked: null });
    } else {
      const keys = await readKeys(input);
      const index = indexLocalKeys(keys);
      states.push({ input, keys, index, plan: startReconcile(index), recent: [], recentSince: newestKey(keys), looked: null });
    }
  }
  for (let requests = 0; ; requests++) {
    const open = states.filter((state) => !reconcileDone(state.plan));
    if (open.length === 0) break;
    if (requests >= MAX_REQUESTS) throw notConverging(requests);
    checkCancelled(signal);
    const round = takeRound(open);
    const answer = await session.transport.call('ReconcileKeys', { sets: round.map((r) => r.set) }, session.context);
    if (answer.sets.length !== round.length) throw mismatch(`${answer.sets.length} set answers for ${round.length} sets`);
    for (const [i, { state, set, limit }] of round.entries()) {
      const setAnswer = answer.sets[i] as (typeof answer.sets)[number];
      if (set.recentSince !== undefined) {
        state.recentSince = undefined;
        state.recent = setAnswer.recent ?? [];
      }
      if (state.keys === null || state.index === null) {
        await fromSummary(state, setAnswer.ranges, limit);
        continue;
      }
      if (set.recentSince !== undefined) {
        const adjusted = withRecentKeys(state.keys, state.recent);
        if (adjusted !== null) {
          // The ranges were compared against the device's old keys: compare again with the recent ones in place.
          state.index = indexLocalKeys(adjusted);
          state.plan = startReconcile(state.index);
          continue;
        }
      }
      state.plan = applyReconcileAnswer(state.index, state.plan, setAnswer.ranges, limit);
    }
  }
  return new Map(
    states.map((state) => [
      state.input.objectType,
      state.keys !== null
        ? serverKeyChanges(state.keys, state.recent, state.plan.differences)
        : serverKeyChanges(state.looked ?? [], state.recent, NO_DIFFERENCES),
    ]),
  );
}

/**
 * One answer to a type compared from its summary (no key read yet). Equal with nothing
 * recent: settled. Recent keys: the device looks up its own keys of just those rows and
 * moves the summary's fingerprint by the difference (fingerprints are sums), then
 * compares once more — when only those rows changed, that settles it, having read as
 * many records as changed. Anything else reads the keys and compares them range by range.
 */
async function fromSummary(state: SetState, ranges: readonly RangeAnswer[], limit: number): Promise<void> {
  const equal = ranges.length === 1 && ranges[0]?.state === 'equal';
  if (state.looked === null && state.recent.length > 0) {
    state.looked = await state.input.keysOf(state.recent.map((key) => key.rowId));
    const summary = fromWireFingerprint(state.plan.open[0]?.fingerprint ?? toWireFingerprint(EMPTY_FINGERPRINT));
    const moved = combineFingerprints(subtractFingerprints(summary, fingerprintOf(state.looked)), fingerprintOf(state.recent));
    if (!sameFingerprint(moved, summary)) {
      state.plan = { open: [{ fingerprint: toWireFingerprint(moved) }], differences: NO_DIFFERENCES };
      return;
    }
  }
  if (equal) {
    state.plan = { open: [], differences: NO_DIFFERENCES };
    return;
  }
  const keys = await readKeys(state.input);
  state.keys = keys;
  state.looked = null;
  state.index = indexLocalKeys(withRecentKeys(keys, state.recent) ?? keys);
  const fresh = startReconcile(state.index);
  // The answer just given was for the whole range with this very fingerprint: use it rather than ask again.
  const asked = state.plan.open[0]?.fingerprint;
  const same =
    asked !== undefined &&
    state.plan.open.length === 1 &&
    sameFingerprint(fromWireFingerprint(asked), fromWireFingerprint(fresh.open[0]?.fingerprint ?? asked));
  state.plan = same ? applyReconcileAnswer(state.index, { ...fresh, open: state.plan.open }, ranges, limit) : fresh;
}

/** The device's keys, with their summary kept for the next sync (a device without keys has nothing to keep). */
async function readKeys(input: ReconcileInput): Promise<readonly ChangeKey[]> {
  const keys = await input.keys();
  if (keys.length > 0) {
    const fingerprint = toWireFingerprint(fingerprintOf(keys));
    await input.saveSummary({ fingerprint, newest: newestKey(keys) ?? null });
  }
  return keys;
}

/** The sets of the next request: open types in order, sharing the request's range budget. */
function takeRound(open: readonly SetState[]): Array<{ state: SetState; set: ReconcileSet; limit: number }> {
  const round: Array<{ state: SetState; set: ReconcileSet; limit: number }> = [];
  let budget: number = RECONCILE_LIMITS.maxRangesPerRequest;
  for (const state of open) {
    if (budget === 0 || round.length === RECONCILE_LIMITS.maxSetsPerRequest) break;
    const ranges = nextReconcileRanges(state.plan, budget);
    budget -= ranges.length;
    const newest = state.recentSince;
    round.push({
      state,
      limit: ranges.length,
      set: {
        objectType: state.input.objectType,
        ...(state.input.filter ? { filter: state.input.filter } : {}),
        ...(newest ? { recentSince: newest } : {}),
        ranges,
      },
    });
  }
  return round;
}

/** The newest DB_LAST_UPD among the keys (ISO texts of one format sort as they compare). */
function newestKey(keys: readonly ChangeKey[]): string | undefined {
  let newest: string | undefined;
  for (const key of keys) if (newest === undefined || key.lastUpd > newest) newest = key.lastUpd;
  return newest;
}

function mismatch(problem: string): Error {
  return answerMismatch('ReconcileKeys', new Error(problem));
}

function notConverging(requests: number): Error {
  return mismatch(`the ranges still differ after ${requests} requests`);
}
