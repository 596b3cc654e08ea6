import { fingerprintOf, fromWireFingerprint, sameFingerprint, toWireFingerprint, type KeyFingerprint } from './key-fingerprint.js';
import type { ChangeKey, KeyRange, RangeAnswer } from './operations.js';
import { RECONCILE_LIMITS } from './reconcile-limits.js';

/**
 * How a gateway answers one range of ReconcileKeys, given the device's fingerprint
 * and its own: the same set → equal; a small own side → its keys, which closes the
 * range whatever the device holds; else a split into parts, each strictly smaller
 * than the range, so every open range shrinks by a factor of `splitParts` per round.
 */
export function chooseRangeAnswer(device: KeyFingerprint, gateway: KeyFingerprint): RangeAnswer['state'] {
  if (sameFingerprint(device, gateway)) return 'equal';
  return gateway.count <= RECONCILE_LIMITS.maxKeysPerRangeAnswer ? 'keys' : 'split';
}

/**
 * The part (0-based) of the key at 0-based `index` among `count` keys in row id order:
 * parts hold ⌊count / splitParts⌋ or one more keys. With count > maxKeysPerRangeAnswer ≥
 * splitParts no part is empty. The gateway computes the same in SQL.
 */
export function splitPartOf(index: number, count: number): number {
  return Math.floor((index * RECONCILE_LIMITS.splitParts) / count);
}

/** One part of a split as counted by the gateway: its fingerprint and its last row id. */
export interface SplitBucket {
  readonly fingerprint: KeyFingerprint;
  readonly lastRowId: string;
}

/**
 * The parts of a split `range` from its non-empty buckets in row id order: consecutive,
 * the first starting where the range starts, the last ending where it ends, so the parts
 * cover the range exactly (a row id between two buckets belongs to the later part).
 */
export function splitRange(range: Pick<KeyRange, 'lower' | 'upper'>, buckets: readonly SplitBucket[]): KeyRange[] {
  return buckets.map((bucket, i) => {
    const lower = i === 0 ? range.lower : (buckets[i - 1] as SplitBucket).lastRowId;
    const upper = i === buckets.length - 1 ? range.upper : bucket.lastRowId;
    return {
      ...(lower === undefined ? {} : { lower }),
      ...(upper === undefined ? {} : { upper }),
      fingerprint: toWireFingerprint(bucket.fingerprint),
    };
  });
}

/**
 * The answer to one range from the gateway's keys in that range (sorted by row id). The
 * reference the gateway's SQL follows, used where the keys are in memory (tests, and a
 * device that answers for itself).
 */
export function answerRange(range: KeyRange, gatewayKeys: readonly ChangeKey[]): RangeAnswer {
  const own = fingerprintOf(gatewayKeys);
  const state = chooseRangeAnswer(fromWireFingerprint(range.fingerprint), own);
  if (state === 'equal') return { state };
  if (state === 'keys') return { state, keys: [...gatewayKeys] };
  const groups: ChangeKey[][] = [];
  gatewayKeys.forEach((key, index) => {
    const part = splitPartOf(index, gatewayKeys.length);
    (groups[part] ??= []).push(key);
  });
  const buckets = groups.map((keys) => ({ fingerprint: fingerprintOf(keys), lastRowId: (keys[keys.length - 1] as ChangeKey).rowId }));
  return { state, parts: splitRange(range, buckets) };
}
