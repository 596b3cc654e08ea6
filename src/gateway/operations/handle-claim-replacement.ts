import { ProtocolError } from '../../protocol/index.js';
import { openSession } from '../auth/open-session.js';
import { hashClaimCode } from '../replacement/claim-code.js';
import { GATEWAY_STEPS } from '../replacement/next-replacement-step.js';
import { setStep } from '../replacement/replacement-store.js';
import type { Handler } from './handler.js';
import { clearAttempts, reserveAttempt, type ThrottleDoor } from '../auth/reserve-attempt.js';

const THROTTLE_DOOR: ThrottleDoor = { table: 'claim_throttle', key: 'claim' };
/** A claim whose answer was lost may be repeated with the same operation id for this long. */
export const CLAIM_RETRY_WINDOW_MS = 15 * 60 * 1000;

const notValid = () => new ProtocolError('FORBIDDEN', 'This claim code is not valid. Ask your administrator for a new one.');

/**
 * The replacement device claims its job with the one-time code and gets a
 * session of the job's user (it has no password to log in with).
 *
 * A code that does not exist, is used, or expired is refused with one and the
 * same answer. Wrong codes are counted gateway-wide (a claim has no user name to
 * count per): after `claimLockAfterFailures` in a row, claims are refused with
 * RATE_LIMITED for `lockBaseMs`, doubling per further failure up to `lockMaxMs`;
 * a good claim resets the count. With 58-bit codes that makes guessing hopeless.
 * Each claim is reserved (counted) atomically before the code is looked up
 * (reserveAttempt), so parallel guesses are counted one by one as well.
 *
 * Single use: the claim clears the plain-text code. Its answer (a session token)
 * cannot be kept in the operation log, so a retry with the same code and the
 * same operation id within CLAIM_RETRY_WINDOW_MS answers a fresh session of the
 * same job instead; any other second use is refused.
 */
export const handleClaimReplacement: Handler<'ClaimReplacement'> = async (ctx, { request, db }) => {
  const now = ctx.clock.now();
  const attempt = await reserveAttempt(
    db,
    THROTTLE_DOOR,
    {
      lockAfter: ctx.config.claimLockAfterFailures,
      baseMs: ctx.config.lockBaseMs,
      maxMs: ctx.config.lockMaxMs,
    },
    now,
  );
  if (!attempt.granted) {
    const { retryAfterSeconds } = attempt;
    throw new ProtocolError('RATE_LIMITED', `Too many wrong claim codes; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }

  const outcome = await db.transaction().execute(async (trx) => {
    const job = await trx
      .selectFrom('replacement_jobs')
      .innerJoin('users', 'users.user_id', 'replacement_jobs.user_id')
      .select([
        'replacement_jobs.job_id',
        'replacement_jobs.user_id',
        'replacement_jobs.claim_expires_at',
        'replacement_jobs.claimed_at',
        'replacement_jobs.claim_operation_id',
        'replacement_jobs.finished_at',
        'users.user_name',
        'users.display_name',
      ])
      .where('replacement_jobs.claim_code_hash', '=', hashClaimCode(request.claimCode))
      .executeTakeFirst();
    if (!job || job.finished_at !== null) return null;
    const fresh = job.claimed_at === null && Number(job.claim_expires_at) > now;
    const retried =
      job.claimed_at !== null && job.claim_operation_id === request.operationId && now - Number(job.claimed_at) < CLAIM_RETRY_WINDOW_MS;
    if (!fresh && !retried) return null;
    if (fresh) {
      const claimed = await trx
        .updateTable('replacement_jobs')
        .set({
          claimed_at: now,
          claim_device_name: request.deviceName,
          claim_operation_id: request.operationId,
          claim_code: null,
          updated_at: now,
        })
        .where('job_id', '=', job.job_id)
        .where('claimed_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return null;
      const steps = await trx.selectFrom('replacement_steps').select(['step', 'state']).where('job_id', '=', job.job_id).execute();
      const extractReady = GATEWAY_STEPS.every((name) => steps.find((s) => s.step === name)?.state === 'done');
      await setStep(
        trx,
        job.job_id,
        'restore',
        extractReady
          ? { state: 'waiting', message: `Claimed by "${request.deviceName}"; waiting for the restore slot.` }
          : { state: 'pending', message: `Claimed by "${request.deviceName}"; the extract is still being prepared.` },
        now,
      );
    }
    const session = await openSession(trx, job.user_id, now, ctx.config.sessionTtlMs);
    await clearAttempts(trx, THROTTLE_DOOR);
    return { job, session };
  });

  // The reservation already counted this claim as a failure (and locked if it was one too many).
  if (!outcome) throw notValid();
  return {
    jobId: outcome.job.job_id,
    sessionToken: outcome.session.sessionToken,
    expiresAt: new Date(outcome.session.expiresAt).toISOString(),
    userName: outcome.job.user_name,
    displayName: outcome.job.display_name,
  };
};
