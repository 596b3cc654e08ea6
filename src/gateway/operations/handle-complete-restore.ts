import { ProtocolError } from '../../protocol/index.js';
import { noRestoreSlot, requireOwnJob } from '../replacement/job-access.js';
import { setStep } from '../replacement/replacement-store.js';
import { restoreQueue } from '../replacement/replacement-view.js';
import { registerSite } from '../sites/register-site.js';
import type { Handler } from './handler.js';

/**
 * The device restored the extract and cleaned the old site's own data out of the
 * restored copy (steps 6 and 7 are the device's; it reports them here): the
 * gateway registers the new site and database id (step 8), releases the restore
 * slot and waits for the device's incremental sync (step 9). Retried with the
 * same operation id it answers the first result (operation log); a job that
 * already has its new site answers that site.
 */
export const handleCompleteRestore: Handler<'CompleteRestore'> = async (ctx, { request, caller, db }) => {
  const now = ctx.clock.now();
  const { jobId } = request;
  const loaded = await requireOwnJob(db, jobId, caller);
  const { job } = loaded;
  if (job.new_site_id !== null) {
    const site = await db.selectFrom('sites').select(['site_id', 'database_id']).where('site_id', '=', job.new_site_id).executeTakeFirst();
    if (site) return { siteId: site.site_id, databaseId: site.database_id };
  }
  const restore = loaded.steps[5]!;
  if (restore.state !== 'running') throw noRestoreSlot(jobId);
  const queue = await restoreQueue(db, now, ctx.config);
  if (queue.holder !== null && queue.holder !== jobId) throw noRestoreSlot(jobId);
  if (job.claimed_at === null) throw new ProtocolError('INVALID_REQUEST', 'Claim the replacement with its code first', { jobId });

  const site = await registerSite(db, { userId: job.user_id, deviceName: request.deviceName, now });
  await db
    .updateTable('replacement_jobs')
    .set({ new_site_id: site.siteId, restore_lease_until: null, updated_at: now })
    .where('job_id', '=', jobId)
    .execute();
  await setStep(
    db,
    jobId,
    'restore',
    { state: 'done', finishedAt: now, message: `Restored ${Number(job.extract_record_count ?? 0)} record(s) on "${request.deviceName}".` },
    now,
  );
  await setStep(
    db,
    jobId,
    'cleanRestoredCopy',
    {
      state: 'done',
      startedAt: now,
      finishedAt: now,
      message: "The device removed the old site's ids, sync state and queue entries from the restored copy.",
    },
    now,
  );
  await setStep(
    db,
    jobId,
    'registerNewSite',
    { state: 'done', startedAt: now, finishedAt: now, message: `Registered site ${site.siteId} for "${request.deviceName}".` },
    now,
  );
  await setStep(db, jobId, 'incrementalSync', { state: 'waiting', message: "Waiting for the new device's first incremental sync." }, now);
  return site;
};
