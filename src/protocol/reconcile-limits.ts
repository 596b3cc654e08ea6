/**
 * The bounds of ReconcileKeys, part of the contract. A gateway answers a differing
 * range with its own keys when it holds at most `maxKeysPerRangeAnswer` of them, else
 * splits the range into `splitParts` parts of (nearly) equal size, so a range of n
 * gateway keys is closed after at most ⌈log_splitParts(n / maxKeysPerRangeAnswer)⌉ + 1
 * answers: 5 rounds for 100,000 keys and for 1,000,000 alike. A client with more open
 * ranges than one request carries needs one more request per `maxRangesPerRequest`
 * open ranges. An answer holds at most maxRangesPerRequest × max(maxKeysPerRangeAnswer keys,
 * splitParts fingerprints), far below the body limit, plus at most maxRecentKeys recent keys
 * per set: 32,000 keys at most, about 2 MB as JSON and 3 MB as SOAP.
 */
export const RECONCILE_LIMITS = {
  /** Ranges in one request, over all its sets; a client with more open ranges sends the rest in the next request. */
  maxRangesPerRequest: 128,
  /** Object types (sets) in one request: a no-change sync of every type is one request. */
  maxSetsPerRequest: 32,
  /** Recent keys listed per set: enough for a day's changes, bounded so an answer stays small. */
  maxRecentKeys: 1_000,
  /** A differing range with at most this many gateway keys is answered with the keys themselves. */
  maxKeysPerRangeAnswer: 16,
  /** A larger differing range is answered as this many sub-ranges with their fingerprints. */
  splitParts: 16,
} as const;
