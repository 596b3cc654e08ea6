import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import {
  answerRange,
  chooseRangeAnswer,
  combineFingerprints,
  EMPTY_FINGERPRINT,
  fingerprintFromSums,
  fingerprintOf,
  fromWireFingerprint,
  KEY_HASH_PART_MODULUS,
  keyHash,
  RECONCILE_LIMITS,
  sameFingerprint,
  splitPartOf,
  toWireFingerprint,
  type ChangeKey,
  type KeyRange,
} from '../../src/protocol/index.js';

const AT = '2026-11-21T09:00:00.000Z';
const key = (n: number, lastUpd = AT): ChangeKey => ({ rowId: `1-${String(n).padStart(5, '0')}`, lastUpd });
const keys = (count: number, from = 0): ChangeKey[] => Array.from({ length: count }, (_, i) => key(from + i));
const whole = (fp: ReturnType<typeof fingerprintOf>): KeyRange => ({ fingerprint: toWireFingerprint(fp) });

describe('keyHash', () => {
  test('is the first four 32-bit words of SHA-256("rowId lastUpd"), each cut to 30 bits', () => {
    const digest = createHash('sha256').update(`1-ABC ${AT}`, 'utf8').digest();
    const expected = [0, 4, 8, 12].map((offset) => digest.readUInt32BE(offset) % KEY_HASH_PART_MODULUS);
    expect(keyHash('1-ABC', AT)).toEqual(expected);
  });

  test('changes with the row id and with DB_LAST_UPD', () => {
    expect(keyHash('1-ABC', AT)).not.toEqual(keyHash('1-ABD', AT));
    expect(keyHash('1-ABC', AT)).not.toEqual(keyHash('1-ABC', '2026-11-21T09:00:00.001Z'));
  });
});

describe('fingerprints', () => {
  test('of the empty set is the empty fingerprint', () => {
    expect(fingerprintOf([])).toEqual(EMPTY_FINGERPRINT);
  });

  test('do not depend on order and combine over disjoint unions', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 99_999 }), { maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (ids, cut) => {
        const all = ids.map((n) => key(n));
        const reversed = [...all].reverse();
        expect(sameFingerprint(fingerprintOf(all), fingerprintOf(reversed))).toBe(true);
        const combined = combineFingerprints(fingerprintOf(all.slice(0, cut)), fingerprintOf(all.slice(cut)));
        expect(combined).toEqual(fingerprintOf(all));
      }),
    );
  });

  test('tell sets apart that differ in one key, one DB_LAST_UPD or one member', () => {
    const base = keys(50);
    const updated = base.map((k, i) => (i === 20 ? { ...k, lastUpd: '2026-11-21T09:00:00.001Z' } : k));
    const swapped = [...base.slice(0, 49), key(50)];
    const fewer = base.slice(1);
    for (const other of [updated, swapped, fewer]) expect(sameFingerprint(fingerprintOf(base), fingerprintOf(other))).toBe(false);
  });

  test('sums from SQL (beyond 2^30, as number, text or bigint) reduce to the same fingerprint as in JavaScript', () => {
    const set = keys(300);
    const raw = [0, 1, 2, 3].map((part) => set.reduce((sum, k) => sum + keyHash(k.rowId, k.lastUpd)[part]!, 0));
    expect(raw.some((sum) => sum >= KEY_HASH_PART_MODULUS)).toBe(true);
    const expected = fingerprintOf(set);
    expect(fingerprintFromSums(300, raw)).toEqual(expected);
    expect(fingerprintFromSums('300', raw.map(String))).toEqual(expected);
    expect(fingerprintFromSums(300n, raw.map(BigInt))).toEqual(expected);
    expect(fingerprintFromSums(0, [null, null, null, null])).toEqual(EMPTY_FINGERPRINT);
  });

  test('travel as count and 32 hex digits and come back unchanged', () => {
    const fp = fingerprintOf(keys(7));
    const wire = toWireFingerprint(fp);
    expect(wire.hash).toMatch(/^(?:[0-3][0-9a-f]{7}){4}$/);
    expect(fromWireFingerprint(wire)).toEqual(fp);
  });
});

describe('how a gateway answers a range', () => {
  const K = RECONCILE_LIMITS.maxKeysPerRangeAnswer;
  const cases: Array<[string, ChangeKey[], ChangeKey[], 'equal' | 'keys' | 'split']> = [
    ['both empty', [], [], 'equal'],
    ['the same keys', keys(40), keys(40), 'equal'],
    ['a differing range the gateway holds few keys of', keys(40), keys(K), 'keys'],
    ['the gateway holds nothing', keys(40), [], 'keys'],
    ['a differing range the gateway holds many keys of', keys(5), keys(K + 1), 'split'],
  ];
  test.each(cases)('%s', (_, device, gateway, state) => {
    expect(chooseRangeAnswer(fingerprintOf(device), fingerprintOf(gateway))).toBe(state);
    expect(answerRange(whole(fingerprintOf(device)), gateway).state).toBe(state);
  });

  test('a split cuts the range into splitParts non-empty, consecutive parts that cover it exactly', () => {
    for (const count of [K + 1, 100, 1000, 4099]) {
      const gateway = keys(count, 10);
      const range: KeyRange = { lower: '1-00005', upper: '1-99999', fingerprint: toWireFingerprint(EMPTY_FINGERPRINT) };
      const answer = answerRange(range, gateway);
      const parts = answer.parts ?? [];
      expect(parts).toHaveLength(RECONCILE_LIMITS.splitParts);
      expect(parts[0]?.lower).toBe('1-00005');
      expect(parts[parts.length - 1]?.upper).toBe('1-99999');
      for (let i = 1; i < parts.length; i++) expect(parts[i]?.lower).toBe(parts[i - 1]?.upper);
      const counts = parts.map((p) => p.fingerprint.count);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(count);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      const total = parts.map((p) => fromWireFingerprint(p.fingerprint)).reduce(combineFingerprints, EMPTY_FINGERPRINT);
      expect(total).toEqual(fingerprintOf(gateway));
    }
  });

  test('splitPartOf numbers every part from 0 to splitParts - 1', () => {
    const count = RECONCILE_LIMITS.maxKeysPerRangeAnswer + 1;
    const seen = new Set(Array.from({ length: count }, (_, i) => splitPartOf(i, count)));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: RECONCILE_LIMITS.splitParts }, (_, i) => i));
  });
});
