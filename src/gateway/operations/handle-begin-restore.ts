import { ProtocolError, type FilterChoice, type ResponseOf } from '../../protocol/index.js';
import type { PackageFile } from '../../metadata/index.js';
import { lockForTransaction, TRANSACTION_LOCKS } from '../db/transaction-lock.js';
import { requireOwnJob } from '../replacement/job-access.js';
import { setStep } from '../replacement/replacement-store.js';
import { planJob, restoreQueue } from '../replacement/replacement-view.js';
import type { Handler } from './handler.js';

/**
 * The gateway-wide restore slot (SAP: "The restore is a serial process"): one job
 * at a time holds it, under a lease of `restoreLeaseMs` that BeginRestore and
 * GetExtractPage renew. The others get granted=false and their place in the order
 * they first asked (1 = next); the device asks again every few seconds. An
 * expired lease frees the slot (that restore is waiting again, still first in
 * line if it comes back before anyone else asks). While the extract is still
 * being built the answer is granted=false with position 0 (not in the queue yet).
 *
 * Granted: the package the extract was built under and its size in pages.
 */
export const handleBeginRestore: Handler<'BeginRestore'> = async (ctx, { request, caller, db }) => {
  const now = ctx.clock.now();
  const { jobId } = request;
  return db.transaction().execute(async (trx): Promise<ResponseOf<'BeginRestore'>> => {
    // Two devices asking on two processes at once must not both find the slot free.
    await lockForTransaction(trx, ctx.database.dialect, TRANSACTION_LOCKS.restoreSlot);
    const loaded = await requireOwnJob(trx, jobId, caller);
    const { job } = loaded;
    if (job.claimed_at === null) throw new ProtocolError('INVALID_REQUEST', 'Claim the replacement with its code first', { jobId });
    const action = planJob(loaded, now);
    if (action.kind === 'failed') {
      throw new ProtocolError(
        'INVALID_REQUEST',
        `The replacement stopped at step ${action.number} (${action.step}); ask your administrator to retry it`,
        { jobId, step: action.step },
      );
    }
    if (action.kind === 'run') return { granted: false, position: 0 };
    if (action.kind !== 'waitForRestore' && action.kind !== 'restoring') {
      throw new ProtocolError('INVALID_REQUEST', 'This replacement has already been restored', { jobId });
    }
    if (action.kind === 'restoring' && loaded.steps[5]!.state === 'done') {
      throw new ProtocolError('INVALID_REQUEST', 'This replacement has already been restored', { jobId });
    }

    await trx
      .updateTable('replacement_jobs')
      .set({ restore_requested_at: job.restore_requested_at ?? now, restore_polled_at: now })
      .where('job_id', '=', jobId)
      .execute();
    const queue = await restoreQueue(trx, now, ctx.config);
    const mine = queue.holder === jobId;
    if (!mine && (queue.holder !== null || queue.positions.get(jobId) !== 1)) {
      return { granted: false, position: queue.positions.get(jobId) ?? 1 };
    }

    const leaseUntil = now + ctx.config.restoreLeaseMs;
    if (!mine) {
      // Restores whose lease ran out are waiting again; their lease is gone.
      const expired = await trx
        .selectFrom('replacement_jobs')
        .innerJoin('replacement_steps', 'replacement_steps.job_id', 'replacement_jobs.job_id')
        .select(['replacement_jobs.job_id', 'replacement_jobs.restore_lease_until'])
        .where('replacement_steps.step', '=', 'restore')
        .where('replacement_steps.state', '=', 'running')
        .where('replacement_jobs.job_id', '<>', jobId)
        .execute();
      for (const other of expired) {
        await trx.updateTable('replacement_jobs').set({ restore_lease_until: null }).where('job_id', '=', other.job_id).execute();
        const until = other.restore_lease_until === null ? 'earlier' : new Date(Number(other.restore_lease_until)).toISOString();
        await setStep(
          trx,
          other.job_id,
          'restore',
          { state: 'waiting', message: `The restore stopped: its slot expired at ${until}; the device may ask again.` },
          now,
        );
      }
    }
    await trx.updateTable('replacement_jobs').set({ restore_lease_until: leaseUntil }).where('job_id', '=', jobId).execute();

    const pkg = await trx
      .selectFrom('packages')
      .select(['package_id', 'responsibility_id', 'hash', 'files'])
      .where('responsibility_id', '=', job.extract_responsibility_id ?? '')
      .where('revision', '=', Number(job.extract_package_revision ?? 0))
      .executeTakeFirst();
    if (!pkg) throw new Error(`The package of replacement job ${jobId}'s extract is missing`);
    const recordCount = Number(job.extract_record_count ?? 0);
    const pageCount = Math.ceil(recordCount / ctx.config.extractPageSize);
    if (!mine) {
      await setStep(
        trx,
        jobId,
        'restore',
        {
          state: 'running',
          startedAt: now,
          finishedAt: null,
          message: `Restoring on "${job.claim_device_name ?? ''}": ${recordCount} record(s) in ${pageCount} page(s).`,
        },
        now,
      );
    }
    // Per type in extract order (seq follows it), so the device can show each type's share of the total.
    const counts = await trx
      .selectFrom('replacement_extract_records')
      .select(['object_type', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.min('seq').as('first')])
      .where('job_id', '=', jobId)
      .groupBy('object_type')
      .execute();
    const perType = counts
      .sort((a, b) => Number(a.first) - Number(b.first))
      .map((c) => ({ objectType: c.object_type, count: Number(c.count) }));
    return {
      granted: true,
      position: 0,
      perType,
      ...(job.extract_filters ? { filters: JSON.parse(job.extract_filters) as FilterChoice } : {}),
      packageId: pkg.package_id,
      responsibilityId: pkg.responsibility_id,
      hashValue: pkg.hash,
      files: JSON.parse(pkg.files) as PackageFile[],
      recordCount,
      pageCount,
    };
  });
};
