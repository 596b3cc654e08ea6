import {
  compareRowIds,
  fromWireFingerprint,
  RECONCILE_LIMITS,
  sameFingerprint,
  toWireFingerprint,
  type ChangeKey,
  type KeyRange,
  type RangeAnswer,
} from '../protocol/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { localFingerprintIn, localKeysIn, type LocalKeyIndex } from './local-key-index.js';

/** A row whose change key differs between the device and the gateway. */
export interface ChangedKey {
  readonly rowId: string;
  readonly localLastUpd: string;
  readonly serverLastUpd: string;
}

/** What reconciliation found so far; once no range is open, exactly the symmetric difference. */
export interface KeyDifferences {
  /** On the gateway only: a server insert, or a record that entered visibility or the filters. */
  readonly serverOnly: readonly ChangeKey[];
  /** On the device only: deleted on the gateway, or left visibility or the filters (indistinguishable). */
  readonly localOnly: readonly ChangeKey[];
  /** On both with another DB_LAST_UPD. */
  readonly changed: readonly ChangedKey[];
}

/** The state of a reconciliation between rounds: pure data, so an interrupted sync can keep it. */
export interface ReconcilePlan {
  /** Ranges not yet known to be equal or listed, in row id order, with the device's fingerprints. */
  readonly open: readonly KeyRange[];
  readonly differences: KeyDifferences;
}

/** What a reconciliation found before its first answer, or when the sets were equal. */
export const NO_DIFFERENCES: KeyDifferences = { serverOnly: [], localOnly: [], changed: [] };

/**
 * The first round (DESIGN "Sync cost: proportional to the change"): the whole row id space
 * as one range with the fingerprint of every local key. `local` indexes this device's
 * change keys of one object type under the same filters as the request (local-key-index.ts).
 */
export function startReconcile(local: LocalKeyIndex): ReconcilePlan {
  return { open: [{ fingerprint: toWireFingerprint(localFingerprintIn(local, {})) }], differences: NO_DIFFERENCES };
}

export function reconcileDone(plan: ReconcilePlan): boolean {
  return plan.open.length === 0;
}

/**
 * The ranges of the next ReconcileKeys request: the first open ones, at most `limit`
 * (the contract's limit by default; less when other object types share the request).
 */
export function nextReconcileRanges(plan: ReconcilePlan, limit: number = RECONCILE_LIMITS.maxRangesPerRequest): KeyRange[] {
  return plan.open.slice(0, Math.min(limit, RECONCILE_LIMITS.maxRangesPerRequest));
}

/**
 * Folds the gateway's answer to `nextReconcileRanges(plan)` into the plan. Equal ranges
 * close; listed ranges close with their differences; each part of a split range closes when
 * its fingerprint matches the local one (or the gateway holds nothing there) and stays open
 * otherwise. An answer that does not fit the request is refused as a contract mismatch
 * (answer-mismatch.ts): nothing of it is used.
 */
export function applyReconcileAnswer(
  local: LocalKeyIndex,
  plan: ReconcilePlan,
  answers: readonly RangeAnswer[],
  limit: number = RECONCILE_LIMITS.maxRangesPerRequest,
): ReconcilePlan {
  const sent = nextReconcileRanges(plan, limit);
  if (answers.length !== sent.length) throw mismatch(`${answers.length} range answers for ${sent.length} ranges`);
  const serverOnly = [...plan.differences.serverOnly];
  const localOnly = [...plan.differences.localOnly];
  const changed = [...plan.differences.changed];
  const stillOpen: KeyRange[] = [];

  sent.forEach((range, i) => {
    const answer = answers[i] as RangeAnswer;
    switch (answer.state) {
      case 'equal':
        return;
      case 'keys': {
        const listed = answer.keys ?? [];
        if (!sortedWithin(listed, range)) throw mismatch(`the keys of range ${i + 1} are not sorted inside it`);
        compareKeys(localKeysIn(local, range), listed, { serverOnly, localOnly, changed });
        return;
      }
      case 'split': {
        const parts = answer.parts ?? [];
        if (!coversExactly(parts, range)) throw mismatch(`the parts of range ${i + 1} do not cover it`);
        // Every round must shrink what is open, or a gateway could keep a device asking forever.
        if (parts.length < 2) throw mismatch(`range ${i + 1} was split into ${parts.length} part`);
        for (const part of parts) {
          const mine = localFingerprintIn(local, part);
          const theirs = fromWireFingerprint(part.fingerprint);
          if (sameFingerprint(mine, theirs)) continue;
          // The gateway holds nothing there: every local key is a difference, no need to ask.
          if (theirs.count === 0) localOnly.push(...localKeysIn(local, part));
          else stillOpen.push({ ...bounds(part), fingerprint: toWireFingerprint(mine) });
        }
        return;
      }
    }
  });
  // The sent ranges came first in row id order, so their open parts go before the rest.
  return { open: [...stillOpen, ...plan.open.slice(sent.length)], differences: { serverOnly, localOnly, changed } };
}

/** A merge of two sorted key lists of the same range into the three kinds of difference. */
function compareKeys(
  local: readonly ChangeKey[],
  server: readonly ChangeKey[],
  into: { serverOnly: ChangeKey[]; localOnly: ChangeKey[]; changed: ChangedKey[] },
): void {
  let l = 0;
  let s = 0;
  while (l < local.length || s < server.length) {
    const mine = local[l];
    const theirs = server[s];
    const order = mine === undefined ? 1 : theirs === undefined ? -1 : compareRowIds(mine.rowId, theirs.rowId);
    if (order < 0 && mine) {
      into.localOnly.push(mine);
      l += 1;
    } else if (order > 0 && theirs) {
      into.serverOnly.push(theirs);
      s += 1;
    } else if (mine && theirs) {
      if (mine.lastUpd !== theirs.lastUpd)
        into.changed.push({ rowId: mine.rowId, localLastUpd: mine.lastUpd, serverLastUpd: theirs.lastUpd });
      l += 1;
      s += 1;
    }
  }
}

function sortedWithin(keys: readonly ChangeKey[], range: KeyRange): boolean {
  return keys.every(
    (key, i) =>
      (range.lower === undefined || compareRowIds(key.rowId, range.lower) > 0) &&
      (range.upper === undefined || compareRowIds(key.rowId, range.upper) <= 0) &&
      (i === 0 || compareRowIds((keys[i - 1] as ChangeKey).rowId, key.rowId) < 0),
  );
}

/** Parts are consecutive, start where the range starts and end where it ends. */
function coversExactly(parts: readonly KeyRange[], range: KeyRange): boolean {
  if (parts.length === 0) return false;
  return parts.every((part, i) => {
    const lower = i === 0 ? range.lower : (parts[i - 1] as KeyRange).upper;
    const upper = i === parts.length - 1 ? range.upper : part.upper;
    return part.lower === lower && part.upper === upper && (i === parts.length - 1 || part.upper !== undefined);
  });
}

function bounds(range: KeyRange): Pick<KeyRange, 'lower' | 'upper'> {
  return { ...(range.lower === undefined ? {} : { lower: range.lower }), ...(range.upper === undefined ? {} : { upper: range.upper }) };
}

function mismatch(problem: string): Error {
  return answerMismatch('ReconcileKeys', new Error(problem));
}
