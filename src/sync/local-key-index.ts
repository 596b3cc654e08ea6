import {
  combineFingerprints,
  compareRowIds,
  EMPTY_FINGERPRINT,
  fingerprintOf,
  subtractFingerprints,
  type ChangeKey,
  type KeyFingerprint,
  type KeyRange,
} from '../protocol/index.js';

/**
 * The device's change keys of one object type, sorted by row id, with the running
 * fingerprint after each key. Each key is hashed once; the fingerprint of any range is
 * then two binary searches and one subtraction, so a reconciliation round costs
 * O(ranges · log n) instead of rehashing every key of every open range.
 */
export interface LocalKeyIndex {
  readonly keys: readonly ChangeKey[];
  /** prefix[i]: the fingerprint of keys[0 .. i-1]; prefix[0] is empty. */
  readonly prefix: readonly KeyFingerprint[];
}

/** Builds the index; `keys` in any order, row ids unique. */
export function indexLocalKeys(keys: readonly ChangeKey[]): LocalKeyIndex {
  const sorted = [...keys].sort((a, b) => compareRowIds(a.rowId, b.rowId));
  const prefix: KeyFingerprint[] = [EMPTY_FINGERPRINT];
  for (const key of sorted) prefix.push(combineFingerprints(prefix[prefix.length - 1] as KeyFingerprint, fingerprintOf([key])));
  return { keys: sorted, prefix };
}

/** The keys inside (lower, upper]. */
export function localKeysIn(index: LocalKeyIndex, range: Pick<KeyRange, 'lower' | 'upper'>): readonly ChangeKey[] {
  const [from, to] = positions(index, range);
  return index.keys.slice(from, to);
}

/** The fingerprint of the keys inside (lower, upper]. */
export function localFingerprintIn(index: LocalKeyIndex, range: Pick<KeyRange, 'lower' | 'upper'>): KeyFingerprint {
  const [from, to] = positions(index, range);
  return subtractFingerprints(index.prefix[to] as KeyFingerprint, index.prefix[from] as KeyFingerprint);
}

function positions(index: LocalKeyIndex, range: Pick<KeyRange, 'lower' | 'upper'>): [number, number] {
  const from = range.lower === undefined ? 0 : firstAbove(index.keys, range.lower);
  const to = range.upper === undefined ? index.keys.length : firstAbove(index.keys, range.upper);
  return [from, Math.max(from, to)];
}

/** The position of the first key whose row id is above `rowId`. */
function firstAbove(sorted: readonly ChangeKey[], rowId: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareRowIds((sorted[middle] as ChangeKey).rowId, rowId) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
