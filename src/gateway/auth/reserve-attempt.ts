import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { lockedUntil, type LockRule } from './locked-until.js';

/** A throttled door: Login per user name (login_throttle), ClaimReplacement gateway-wide (claim_throttle). */
export type ThrottleDoor =
  { readonly table: 'login_throttle'; readonly key: string } | { readonly table: 'claim_throttle'; readonly key: string };

const KEY_COLUMN = { login_throttle: 'user_name', claim_throttle: 'scope' } as const;

export type Attempt = { readonly granted: true } | { readonly granted: false; readonly retryAfterSeconds: number };

/** Enough steps for any rule: the lock doubles per step, and 2^40 × 1 ms is 35 years. */
const MAX_STEPS = 40;

/**
 * Reserves one attempt at a throttled door, counting it as a failure before it is
 * checked: one atomic `INSERT … ON CONFLICT DO UPDATE … WHERE locked_until <= now
 * RETURNING` raises the count and sets the lock it leads to, unless the door is
 * locked, in which case no row comes back and nothing changes. Reading the count,
 * deciding and writing the lock in one statement is what makes the throttle hold
 * under concurrency: 30 parallel guesses can no longer all read "4 failures, not
 * locked" and all be checked. It holds across gateway processes sharing the
 * database too (the statement is atomic in SQLite and PostgreSQL alike), and the
 * slow part (the password hash) runs after the reservation. A right answer then
 * clears the count (clearAttempts); a wrong one needs no second write.
 */
export async function reserveAttempt(db: Kysely<DatabaseSchema>, door: ThrottleDoor, rule: LockRule, now: number): Promise<Attempt> {
  const table = sql.table(door.table);
  const keyColumn = sql.ref(KEY_COLUMN[door.table]);
  const next = sql<number>`${sql.ref(`${door.table}.failures`)} + 1`;
  const reserved = await sql<{ failures: number }>`
    insert into ${table} (${keyColumn}, failures, locked_until)
    values (${door.key}, 1, ${bigint(lockedUntil(1, now, rule))})
    on conflict (${keyColumn}) do update
      set failures = ${next}, locked_until = ${lockAfter(next, now, rule)}
      where ${sql.ref(`${door.table}.locked_until`)} <= ${bigint(now)}
    returning failures`.execute(db);
  if (reserved.rows.length > 0) return { granted: true };
  const row = await sql<{ locked_until: number | string }>`
    select locked_until from ${table} where ${keyColumn} = ${door.key}`.execute(db);
  const until = Number(row.rows[0]?.locked_until ?? now);
  return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
}

/** A right answer resets the door's count. */
export async function clearAttempts(db: Kysely<DatabaseSchema>, door: ThrottleDoor): Promise<void> {
  await sql`delete from ${sql.table(door.table)} where ${sql.ref(KEY_COLUMN[door.table])} = ${door.key}`.execute(db);
}

/**
 * `lockedUntil(failures)` as a SQL CASE over the count the statement computes, one
 * branch per step of the rule (a handful: the lock doubles up to its maximum), so
 * the rule stays the one pure function and the database only looks it up.
 */
function lockAfter(failures: RawBuilder<number>, now: number, rule: LockRule): RawBuilder<number> {
  const steps: RawBuilder<unknown>[] = [];
  const cap = lockedUntil(rule.lockAfter + MAX_STEPS, now, rule);
  for (let n = 1; n <= rule.lockAfter + MAX_STEPS; n++) {
    const until = lockedUntil(n, now, rule);
    if (until === cap) break;
    steps.push(sql`when ${failures} = ${n} then ${bigint(until)}`);
  }
  return steps.length === 0 ? bigint(cap) : sql<number>`case ${sql.join(steps, sql` `)} else ${bigint(cap)} end`;
}

/** Epoch milliseconds need 64 bits; PostgreSQL would take an untyped parameter for a 32-bit integer. */
function bigint(value: number): RawBuilder<number> {
  return sql<number>`cast(${value} as bigint)`;
}
