import { lockedUntil } from '../../src/gateway/auth/locked-until.js';

describe('lockedUntil: the throttle of Login and ClaimReplacement', () => {
  const rule = { lockAfter: 5, baseMs: 2_000, maxMs: 300_000 };
  it.each([
    [1, 0],
    [4, 0],
    [5, 1_000 + 2_000],
    [6, 1_000 + 4_000],
    [8, 1_000 + 16_000],
    [13, 1_000 + 300_000],
    [40, 1_000 + 300_000],
  ])('after %i failures: locked until %i', (failures, until) => {
    expect(lockedUntil(failures, 1_000, rule)).toBe(until);
  });
});
