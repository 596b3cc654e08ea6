import { ProtocolError } from '../../protocol/index.js';
import { requireOwnJob } from '../replacement/job-access.js';
import { setStep } from '../replacement/replacement-store.js';
import type { Handler } from './handler.js';

/**
 * The new device reports its incremental sync after the restore (step 9): the job
 * is done and its extract, a copy of the user's records, is deleted. Sent with a
 * database id, it must be the job's new site.
 */
export const handleFinishReplacement: Handler<'FinishReplacement'> = async (ctx, { request, caller, db }) => {
  const now = ctx.clock.now();
  const { jobId } = request;
  const loaded = await requireOwnJob(db, jobId, caller);
  const { job } = loaded;
  if (job.finished_at !== null) return { job: { jobId, state: 'done' } };
  if (job.new_site_id === null || loaded.steps[7]!.state !== 'done') {
    throw new ProtocolError('INVALID_REQUEST', 'Complete the restore before reporting the sync', { jobId });
  }
  if (caller.siteId !== null && caller.siteId !== job.new_site_id) {
    throw new ProtocolError('FORBIDDEN', "Only the replacement device reports this job's sync", { jobId });
  }
  await setStep(
    db,
    jobId,
    'incrementalSync',
    {
      state: 'done',
      startedAt: loaded.steps[8]!.started_at ?? now,
      finishedAt: now,
      message: `The new device synchronised at ${new Date(now).toISOString()}.`,
    },
    now,
  );
  await db.updateTable('replacement_jobs').set({ finished_at: now, updated_at: now }).where('job_id', '=', jobId).execute();
  await db.deleteFrom('replacement_extract_records').where('job_id', '=', jobId).execute();
  return { job: { jobId, state: 'done' } };
};
