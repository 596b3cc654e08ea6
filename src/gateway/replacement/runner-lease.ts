import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';
import { GATEWAY_STEPS } from './next-replacement-step.js';

/**
 * The lease a gateway process holds on a replacement job while it runs the job's
 * steps: several processes share one database, and a step (revoking a site, dropping
 * its entries, building an extract) must run on one of them at a time. Each change is
 * one conditional UPDATE, so two processes racing for a job cannot both win it.
 */

/** Names this process in the jobs it runs (shown to nobody; host and pid help whoever reads the table). */
export function newRunnerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/** Takes the job's lease when it is free, ran out, or already this runner's; false when another runner holds it. */
export async function acquireLease(
  db: Kysely<DatabaseSchema>,
  jobId: string,
  runnerId: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('replacement_jobs')
    .set({ runner_id: runnerId, runner_lease_until: now + leaseMs })
    .where('job_id', '=', jobId)
    .where((eb) => eb.or([eb('runner_id', 'is', null), eb('runner_id', '=', runnerId), eb('runner_lease_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Extends the lease of a job this runner still holds; false when it lost it (it ran out
 * and another process took the job over). Called inside a step's transaction before the
 * step's completion is written, this fences a runner that stalled past its lease: its
 * step rolls back instead of landing after the new holder's.
 */
export async function renewLease(
  db: Kysely<DatabaseSchema>,
  jobId: string,
  runnerId: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('replacement_jobs')
    .set({ runner_lease_until: now + leaseMs })
    .where('job_id', '=', jobId)
    .where('runner_id', '=', runnerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease up (the job waits for a device, failed, or this process stops): any process may take it at once. */
export async function releaseLease(db: Kysely<DatabaseSchema>, jobId: string, runnerId: string): Promise<void> {
  await db
    .updateTable('replacement_jobs')
    .set({ runner_id: null, runner_lease_until: null })
    .where('job_id', '=', jobId)
    .where('runner_id', '=', runnerId)
    .execute();
}

/**
 * Unfinished jobs with a gateway step still to run whose lease is free or ran out: a job
 * whose process died mid-step, or whose request committed on a process that died before
 * it started the job. Jobs waiting for a device have all gateway steps done and are not
 * looked at again.
 */
export async function jobsWithoutRunner(db: Kysely<DatabaseSchema>, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('replacement_jobs')
    .innerJoin('replacement_steps', 'replacement_steps.job_id', 'replacement_jobs.job_id')
    .select('replacement_jobs.job_id')
    .distinct()
    .where('replacement_jobs.finished_at', 'is', null)
    .where((eb) => eb.or([eb('replacement_jobs.runner_id', 'is', null), eb('replacement_jobs.runner_lease_until', '<', now)]))
    .where('replacement_steps.step', 'in', [...GATEWAY_STEPS])
    .where('replacement_steps.state', 'in', ['pending', 'running'])
    .orderBy('replacement_jobs.job_id')
    .execute();
  return rows.map((r) => r.job_id);
}
