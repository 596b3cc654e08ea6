import { lockedUntil } from '../../src/gateway/auth/locked-until.js';
import { clearAttempts, reserveAttempt } from '../../src/gateway/auth/reserve-attempt.js';
import { openSqliteDatabase, type GatewayDatabase } from '../../src/gateway/db/open-database.js';

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

describe('reserveAttempt: lockedUntil applied by the database in one statement', () => {
  const rule = { lockAfter: 5, baseMs: 2_000, maxMs: 300_000 };
  let database: GatewayDatabase;
  beforeAll(async () => {
    database = await openSqliteDatabase(':memory:');
  });
  afterAll(() => database.close());

  const row = (key: string) => database.db.selectFrom('login_throttle').selectAll().where('user_name', '=', key).executeTakeFirst();

  it('counts every granted attempt and locks exactly as lockedUntil says, step after step', async () => {
    const door = { table: 'login_throttle', key: 'steps' } as const;
    let now = 1_000_000;
    for (let failures = 1; failures <= 20; failures++) {
      expect(await reserveAttempt(database.db, door, rule, now)).toEqual({ granted: true });
      const after = await row('steps');
      expect({ failures: Number(after?.failures), lockedUntil: Number(after?.locked_until) }).toEqual({
        failures,
        lockedUntil: lockedUntil(failures, now, rule),
      });
      const until = Number(after?.locked_until);
      if (until > now) {
        // Locked: refused with the time left, and not counted.
        expect(await reserveAttempt(database.db, door, rule, until - 1)).toEqual({ granted: false, retryAfterSeconds: 1 });
        expect(await reserveAttempt(database.db, door, rule, now)).toEqual({
          granted: false,
          retryAfterSeconds: Math.ceil((until - now) / 1000),
        });
        expect(Number((await row('steps'))?.failures)).toBe(failures);
        now = until;
      } else now += 1;
    }
  });

  it('30 reservations at once: exactly lockAfter are granted', async () => {
    const door = { table: 'claim_throttle', key: 'claim' } as const;
    const attempts = await Promise.all(Array.from({ length: 30 }, () => reserveAttempt(database.db, door, rule, 5_000)));
    expect(attempts.filter((a) => a.granted)).toHaveLength(5);
    await clearAttempts(database.db, door);
    expect(await database.db.selectFrom('claim_throttle').selectAll().execute()).toEqual([]);
    expect(await reserveAttempt(database.db, door, rule, 5_000)).toEqual({ granted: true });
  });
});
