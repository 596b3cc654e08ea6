import { ProtocolError } from '../../protocol/index.js';
import { hashClaimCode, newClaimCode } from '../replacement/claim-code.js';
import { requireJob, wireJobs } from '../replacement/job-access.js';
import { GATEWAY_STEPS, jobStateOf } from '../replacement/next-replacement-step.js';
import { setStep } from '../replacement/replacement-store.js';
import { planJob } from '../replacement/replacement-view.js';
import type { Handler } from './handler.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Sets a job's failed step back to pending and resumes the runner. The one
 * failure of a device step is an unclaimed code that expired (step 6): its retry
 * issues a new code with a new expiry; the old code stays invalid.
 */
export const handleRetryReplacementStep: Handler<'RetryReplacementStep'> = async (ctx, { request, caller, db, afterCommit }) => {
  const now = ctx.clock.now();
  const loaded = await requireJob(db, request.jobId);
  const action = planJob(loaded, now);
  if (action.kind !== 'failed') {
    throw new ProtocolError('INVALID_REQUEST', `Replacement job ${request.jobId} has no failed step (it is ${jobStateOf(action)})`, {
      jobId: request.jobId,
    });
  }
  if ((GATEWAY_STEPS as readonly string[]).includes(action.step)) {
    await setStep(
      db,
      request.jobId,
      action.step,
      { state: 'pending', startedAt: null, finishedAt: null, message: `Retry requested by ${caller.userName} at ${iso(now)}.` },
      now,
    );
  } else {
    const claimCode = newClaimCode();
    await db
      .updateTable('replacement_jobs')
      .set({
        claim_code: claimCode,
        claim_code_hash: hashClaimCode(claimCode),
        claim_expires_at: now + ctx.config.claimTtlMs,
        updated_at: now,
      })
      .where('job_id', '=', request.jobId)
      .execute();
    await setStep(
      db,
      request.jobId,
      'restore',
      {
        state: 'waiting',
        message: `New claim code issued by ${caller.userName} at ${iso(now)}; waiting for the replacement device to claim the job.`,
      },
      now,
    );
  }
  afterCommit(() => ctx.replacements.kick(request.jobId));
  const [job] = await wireJobs(db, now, ctx.config, [request.jobId]);
  return { job: job! };
};
