/**
 * When a throttled door (Login per user name, ClaimReplacement gateway-wide)
 * opens again after `failures` consecutive failures: not locked (0) below
 * `lockAfter`, then `baseMs` doubling with each further failure, up to `maxMs`.
 */
export function lockedUntil(
  failures: number,
  now: number,
  rule: { readonly lockAfter: number; readonly baseMs: number; readonly maxMs: number },
): number {
  const over = failures - rule.lockAfter;
  return over >= 0 ? now + Math.min(rule.baseMs * 2 ** over, rule.maxMs) : 0;
}
