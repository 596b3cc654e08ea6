import { ProtocolError } from '../../protocol/index.js';
import { lockNamesForTransaction, TRANSACTION_LOCKS } from '../db/transaction-lock.js';
import { wireJobs } from '../replacement/job-access.js';
import { createReplacementJob } from '../replacement/replacement-store.js';
import type { Handler } from './handler.js';

/**
 * Starts a replacement job per site (SAP Rollout Manager, replacement mode) and
 * sets the runner going. A site that already has a job not yet done gets that job
 * back rather than a second one; a site already replaced is refused; an unknown
 * site id is NOT_FOUND (nothing is created for any site then). The answer carries
 * the claim codes, and like every mutating answer it is kept in the operation
 * log for retries: a code there is worthless once claimed or expired.
 */
export const handleRequestReplacement: Handler<'RequestReplacement'> = async (ctx, { request, caller, db, afterCommit }) => {
  const now = ctx.clock.now();
  const jobIds: string[] = [];
  const siteIds = [...new Set(request.siteIds)];
  // Until the commit: a second request for a site on another process waits, then finds this job. Not
  // the site row's lock, which would also wait for the old device's writes (site-write-lock.ts).
  await lockNamesForTransaction(db, ctx.database.dialect, TRANSACTION_LOCKS.siteReplacement, siteIds);
  for (const siteId of siteIds) {
    const site = await db.selectFrom('sites').select(['site_id', 'user_id', 'status']).where('site_id', '=', siteId).executeTakeFirst();
    if (!site) throw new ProtocolError('NOT_FOUND', `There is no site ${siteId}`, { siteId });
    const open = await db
      .selectFrom('replacement_jobs')
      .select('job_id')
      .where('site_id', '=', siteId)
      .where('finished_at', 'is', null)
      .orderBy('requested_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (open) {
      jobIds.push(open.job_id);
      continue;
    }
    if (site.status === 'replaced') throw new ProtocolError('INVALID_REQUEST', `Site ${siteId} has already been replaced`, { siteId });
    jobIds.push(
      await createReplacementJob(db, {
        siteId,
        userId: site.user_id,
        requestedBy: caller.userName,
        now,
        claimTtlMs: ctx.config.claimTtlMs,
      }),
    );
  }
  // Another connection (or process) runs the job: it must find the committed rows.
  afterCommit(() => jobIds.forEach((jobId) => ctx.replacements.kick(jobId)));
  const jobs = await wireJobs(db, now, ctx.config, jobIds);
  return { jobs: jobIds.map((id) => jobs.find((j) => j.jobId === id)!) };
};
