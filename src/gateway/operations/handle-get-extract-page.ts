import type { CrmRecord } from '../../protocol/index.js';
import { noRestoreSlot, requireOwnJob } from '../replacement/job-access.js';
import { holdsRestoreSlot } from '../replacement/replacement-view.js';
import type { Handler } from './handler.js';

/**
 * One page (0-based, `extractPageSize` records) of the job's extract, in extract
 * order; a page past the end is empty. Only the restore slot's holder may read,
 * and reading renews its lease.
 */
export const handleGetExtractPage: Handler<'GetExtractPage'> = async (ctx, { request, caller, db }) => {
  const now = ctx.clock.now();
  const loaded = await requireOwnJob(db, request.jobId, caller);
  if (!holdsRestoreSlot(loaded.job, loaded.steps[5]!.state, now)) throw noRestoreSlot(request.jobId);
  await db
    .updateTable('replacement_jobs')
    .set({ restore_lease_until: now + ctx.config.restoreLeaseMs, restore_polled_at: now })
    .where('job_id', '=', request.jobId)
    .execute();
  const size = ctx.config.extractPageSize;
  const rows = await db
    .selectFrom('replacement_extract_records')
    .select(['object_type', 'record', 'bulk_omitted'])
    .where('job_id', '=', request.jobId)
    .where('seq', '>=', request.page * size)
    .where('seq', '<', (request.page + 1) * size)
    .orderBy('seq')
    .execute();
  return {
    records: rows.map((r) => ({
      objectType: r.object_type,
      record: JSON.parse(r.record) as CrmRecord,
      bulkOmitted: Number(r.bulk_omitted) === 1,
    })),
  };
};
