/** How a throttled door locks: after `lockAfter` failures in a row, for `baseMs`, doubling per further failure, up to `maxMs`. */
export interface LockRule {
  readonly lockAfter: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * When a throttled door (Login per user name, ClaimReplacement gateway-wide)
 * opens again after `failures` consecutive failures: not locked (0) below
 * `lockAfter`, then `baseMs` doubling with each further failure, up to `maxMs`.
 * reserveAttempt applies it inside the database's atomic update.
 */
export function lockedUntil(failures: number, now: number, rule: LockRule): number {
  const over = failures - rule.lockAfter;
  return over >= 0 ? now + Math.min(rule.baseMs * 2 ** over, rule.maxMs) : 0;
}
