import type { Kysely } from 'kysely';
import { ProtocolError, type ReplacementJob } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayConfig } from '../gateway-config.js';
import { loadJob, loadJobs, type LoadedJob } from './replacement-store.js';
import { restoreQueue, toWireJob } from './replacement-view.js';

export async function requireJob(db: Kysely<DatabaseSchema>, jobId: string): Promise<LoadedJob> {
  const loaded = await loadJob(db, jobId);
  if (!loaded) throw new ProtocolError('NOT_FOUND', `There is no replacement job ${jobId}`, { jobId });
  return loaded;
}

/** The device-side operations (restore, complete, finish) are for the job's own user only. */
export async function requireOwnJob(db: Kysely<DatabaseSchema>, jobId: string, caller: Caller): Promise<LoadedJob> {
  const loaded = await requireJob(db, jobId);
  if (loaded.job.user_id !== caller.userId) throw new ProtocolError('FORBIDDEN', 'This replacement job belongs to another user', { jobId });
  return loaded;
}

/** Jobs in their wire shape at `now` (queue positions included). */
export async function wireJobs(
  db: Kysely<DatabaseSchema>,
  now: number,
  config: GatewayConfig,
  jobIds?: readonly string[],
): Promise<ReplacementJob[]> {
  const jobs = await loadJobs(db, jobIds);
  if (jobs.length === 0) return [];
  const queue = await restoreQueue(db, now, config);
  return jobs.map((j) => toWireJob(j, now, queue));
}

export function noRestoreSlot(jobId: string): ProtocolError {
  return new ProtocolError(
    'FORBIDDEN',
    'This device does not hold the restore slot (it expired or was not granted); ask for it again with BeginRestore',
    {
      jobId,
      reason: 'noRestoreSlot',
    },
  );
}
