import { sha256Bytes } from './sha256.js';

/**
 * Fingerprints of sets of change keys `(rowId, lastUpd)`, for range-based set
 * reconciliation (ReconcileKeys; docs DESIGN "Sync cost: proportional to the change").
 *
 * Each key hashes to four 30-bit parts: the first 120 bits of
 * SHA-256(`rowId` + ' ' + `lastUpd` as the wire's ISO text). A set's fingerprint is
 * its size and, per part, the sum of its keys' parts modulo 2^30. Sums are what
 * SQL aggregates exactly: a part is below 2^30, so SUM over up to 2^33 rows stays
 * inside a signed 64-bit integer, and the gateway reduces modulo 2^30 in the query.
 * The device adds the same parts in JavaScript (every intermediate below 2^31).
 * Being a sum, a fingerprint is independent of order and can be built from
 * sub-range fingerprints, so the gateway needs no per-client state.
 *
 * Collision probability: for two different sets, the difference of their sums is the
 * sum of ± the hashes of the keys in their symmetric difference (at least one, all
 * distinct inputs); with SHA-256 as a random function that is uniform over
 * (Z/2^30)^4, so two different sets share a fingerprint with probability 2^-120
 * (equal counts or not). A sync compares one fingerprint per open range per round;
 * a range of n gateway keys closes within ⌈log16(n/16)⌉ + 1 rounds (5 for 100,000
 * keys; reconcile-limits.ts), so even 2^20 comparisons in one sync keep the chance of
 * any missed difference below 2^-100, far under the 2^-60 target. The sums are not a defence against
 * someone who chooses row ids to collide on purpose: the gateway makes both parts of
 * every key itself (row id and DB_LAST_UPD).
 */

/** How many numbers a key's hash is cut into, and the bits of each. */
export const KEY_HASH_PARTS = 4;
export const KEY_HASH_PART_BITS = 30;
/** 2^30: each part, and each sum of parts, is below it. */
export const KEY_HASH_PART_MODULUS = 2 ** KEY_HASH_PART_BITS;

/** A key's hash as four integers in [0, 2^30). */
export type KeyHash = readonly [number, number, number, number];

/** The fingerprint of a set of keys: its size and the sums of its keys' hash parts modulo 2^30. */
export interface KeyFingerprint {
  readonly count: number;
  readonly sums: KeyHash;
}

/** The fingerprint on the wire: `hash` is the four sums as 8 lowercase hex digits each. */
export interface WireFingerprint {
  readonly count: number;
  readonly hash: string;
}

export const EMPTY_FINGERPRINT: KeyFingerprint = { count: 0, sums: [0, 0, 0, 0] };

const PART_MASK = KEY_HASH_PART_MODULUS - 1;

/** The hash of one change key; `lastUpd` is the wire's ISO text (DB_LAST_UPD with milliseconds). */
export function keyHash(rowId: string, lastUpd: string): KeyHash {
  // A space never occurs in a row id, so (rowId, lastUpd) → text is one-to-one.
  const digest = sha256Bytes(`${rowId} ${lastUpd}`);
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  return [view.getUint32(0) & PART_MASK, view.getUint32(4) & PART_MASK, view.getUint32(8) & PART_MASK, view.getUint32(12) & PART_MASK];
}

/** The fingerprint of `a` ∪ `b` for disjoint `a` and `b`. */
export function combineFingerprints(a: KeyFingerprint, b: KeyFingerprint): KeyFingerprint {
  return {
    count: a.count + b.count,
    sums: [addPart(a.sums[0], b.sums[0]), addPart(a.sums[1], b.sums[1]), addPart(a.sums[2], b.sums[2]), addPart(a.sums[3], b.sums[3])],
  };
}

/** The fingerprint of `a` \ `b` for `b` ⊆ `a`: what lets a prefix-sum table answer any range. */
export function subtractFingerprints(a: KeyFingerprint, b: KeyFingerprint): KeyFingerprint {
  return {
    count: a.count - b.count,
    sums: [
      subtractPart(a.sums[0], b.sums[0]),
      subtractPart(a.sums[1], b.sums[1]),
      subtractPart(a.sums[2], b.sums[2]),
      subtractPart(a.sums[3], b.sums[3]),
    ],
  };
}

/** The fingerprint of a set of change keys (row ids unique). */
export function fingerprintOf(keys: Iterable<{ readonly rowId: string; readonly lastUpd: string }>): KeyFingerprint {
  let count = 0;
  const sums = [0, 0, 0, 0];
  for (const key of keys) {
    const hash = keyHash(key.rowId, key.lastUpd);
    for (let i = 0; i < KEY_HASH_PARTS; i++) sums[i] = addPart(sums[i] as number, hash[i] as number);
    count += 1;
  }
  return { count, sums: toKeyHash(sums) };
}

/**
 * A fingerprint from a count and per-part sums that may exceed 2^30 (what SQL's SUM
 * answers; a driver may hand 64-bit integers over as text or bigint).
 */
export function fingerprintFromSums(count: number | string | bigint, sums: ReadonlyArray<number | string | bigint | null>): KeyFingerprint {
  const parts = Array.from({ length: KEY_HASH_PARTS }, (_, i) => {
    const sum = sums[i];
    return sum === null || sum === undefined ? 0 : Number(BigInt(sum) % BigInt(KEY_HASH_PART_MODULUS));
  });
  return { count: Number(count), sums: toKeyHash(parts) };
}

export function sameFingerprint(a: KeyFingerprint, b: KeyFingerprint): boolean {
  return a.count === b.count && a.sums.every((part, i) => part === b.sums[i]);
}

export function toWireFingerprint(fp: KeyFingerprint): WireFingerprint {
  return { count: fp.count, hash: fp.sums.map((part) => part.toString(16).padStart(8, '0')).join('') };
}

/** The wire form back; the request schema already checked `hash` is 32 hex digits. */
export function fromWireFingerprint(wire: WireFingerprint): KeyFingerprint {
  const parts = Array.from({ length: KEY_HASH_PARTS }, (_, i) => parseInt(wire.hash.slice(i * 8, i * 8 + 8), 16) % KEY_HASH_PART_MODULUS);
  return { count: wire.count, sums: toKeyHash(parts) };
}

function toKeyHash(parts: readonly number[]): KeyHash {
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 0];
}

function addPart(a: number, b: number): number {
  return (a + b) % KEY_HASH_PART_MODULUS;
}

function subtractPart(a: number, b: number): number {
  return (a - b + KEY_HASH_PART_MODULUS) % KEY_HASH_PART_MODULUS;
}
