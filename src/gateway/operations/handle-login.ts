import { ProtocolError } from '../../protocol/index.js';
import { decoyHash, verifyPassword } from '../auth/password-hash.js';
import { openSession } from '../auth/open-session.js';
import type { Handler } from './handler.js';
import { lockedUntil } from '../auth/locked-until.js';

/**
 * Login with a throttle per user name: after `lockAfterFailures` consecutive
 * failures, attempts are refused for a while (doubling per further failure),
 * even with the right password, so guessing costs time. The counter lives in the
 * database, so it holds across restarts and across gateway processes.
 */
export const handleLogin: Handler<'Login'> = async (ctx, { request, db }) => {
  const now = ctx.clock.now();
  const throttleKey = request.userName.trim().toLowerCase();
  const throttle = await db.selectFrom('login_throttle').selectAll().where('user_name', '=', throttleKey).executeTakeFirst();
  if (throttle && Number(throttle.locked_until) > now) {
    const retryAfterSeconds = Math.ceil((Number(throttle.locked_until) - now) / 1000);
    throw new ProtocolError('RATE_LIMITED', `Too many failed logins for this user; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }

  const user = await db
    .selectFrom('users')
    .innerJoin('responsibilities', 'responsibilities.responsibility_id', 'users.responsibility_id')
    .select([
      'users.user_id',
      'users.user_name',
      'users.display_name',
      'users.password_hash',
      'users.responsibility_id',
      'responsibilities.visibility',
      'responsibilities.is_admin',
    ])
    .where('users.user_name', '=', request.userName.trim())
    .executeTakeFirst();
  const ok = await verifyPassword(request.password, user?.password_hash ?? (await decoyHash()));

  if (!user || !ok) {
    const failures = (throttle?.failures ?? 0) + 1;
    const until = lockedUntil(failures, now, {
      lockAfter: ctx.config.lockAfterFailures,
      baseMs: ctx.config.lockBaseMs,
      maxMs: ctx.config.lockMaxMs,
    });
    await db
      .insertInto('login_throttle')
      .values({ user_name: throttleKey, failures, locked_until: until })
      .onConflict((oc) => oc.column('user_name').doUpdateSet({ failures, locked_until: until }))
      .execute();
    throw new ProtocolError('UNAUTHENTICATED', 'Wrong user name or password');
  }

  if (throttle) await db.deleteFrom('login_throttle').where('user_name', '=', throttleKey).execute();
  const { sessionToken, expiresAt } = await openSession(db, user.user_id, now, ctx.config.sessionTtlMs);
  return {
    sessionToken,
    expiresAt: new Date(expiresAt).toISOString(),
    userId: user.user_id,
    userName: user.user_name,
    displayName: user.display_name,
    responsibilityId: user.responsibility_id,
    visibility: user.visibility,
    isAdmin: Number(user.is_admin) === 1,
  };
};
