import { ProtocolError } from '../../protocol/index.js';
import { decoyHash, verifyPassword } from '../auth/password-hash.js';
import { openSession } from '../auth/open-session.js';
import type { Handler } from './handler.js';
import { clearAttempts, reserveAttempt, type ThrottleDoor } from '../auth/reserve-attempt.js';

/**
 * Login with a throttle per user name: after `lockAfterFailures` consecutive
 * failures, attempts are refused for a while (doubling per further failure),
 * even with the right password, so guessing costs time. The counter lives in the
 * database, so it holds across restarts and across gateway processes, and each
 * attempt is reserved (counted) atomically before the password is checked, so
 * parallel guesses cannot slip past it (reserveAttempt).
 */
export const handleLogin: Handler<'Login'> = async (ctx, { request, db }) => {
  const now = ctx.clock.now();
  const door: ThrottleDoor = { table: 'login_throttle', key: request.userName.trim().toLowerCase() };
  const attempt = await reserveAttempt(
    db,
    door,
    {
      lockAfter: ctx.config.lockAfterFailures,
      baseMs: ctx.config.lockBaseMs,
      maxMs: ctx.config.lockMaxMs,
    },
    now,
  );
  if (!attempt.granted) {
    const { retryAfterSeconds } = attempt;
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

  // The reservation already counted this attempt as a failure (and locked if it was one too many).
  if (!user || !ok) throw new ProtocolError('UNAUTHENTICATED', 'Wrong user name or password');

  await clearAttempts(db, door);
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
