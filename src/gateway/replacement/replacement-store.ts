import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { REPLACEMENT_STEPS, type ReplacementStepName } from '../../protocol/index.js';
import type { DatabaseSchema, ReplacementJobsTable, ReplacementStepState, ReplacementStepsTable } from '../db/database-schema.js';
import { hashClaimCode, newClaimCode } from './claim-code.js';

export type JobRow = Selectable<ReplacementJobsTable>;
export type StepRow = Selectable<ReplacementStepsTable>;

/** A job with its nine steps (in REPLACEMENT_STEPS order) and the names the admin view shows. */
export interface LoadedJob {
  readonly job: JobRow;
  readonly steps: readonly StepRow[];
  readonly userName: string;
  readonly displayName: string;
  /** The old site's device name; empty when the site no longer exists. */
  readonly deviceName: string;
}

/**
 * Creates a job for a site with its nine pending steps and a fresh one-time claim
 * code (answered once here, shown to administrators until used or expired).
 */
export async function createReplacementJob(
  db: Kysely<DatabaseSchema>,
  input: { siteId: string; userId: string; requestedBy: string; now: number; claimTtlMs: number },
): Promise<string> {
  const jobId = `J-${randomBytes(5).toString('hex').toUpperCase()}`;
  const claimCode = newClaimCode();
  await db
    .insertInto('replacement_jobs')
    .values({
      job_id: jobId,
      site_id: input.siteId,
      user_id: input.userId,
      requested_by: input.requestedBy,
      requested_at: input.now,
      claim_code: claimCode,
      claim_code_hash: hashClaimCode(claimCode),
      claim_expires_at: input.now + input.claimTtlMs,
      claimed_at: null,
      claim_device_name: null,
      claim_operation_id: null,
      new_site_id: null,
      restore_requested_at: null,
      restore_polled_at: null,
      restore_lease_until: null,
      runner_id: null,
      runner_lease_until: null,
      extract_responsibility_id: null,
      extract_package_revision: null,
      extract_record_count: null,
      finished_at: null,
      updated_at: input.now,
    })
    .execute();
  await db
    .insertInto('replacement_steps')
    .values(
      REPLACEMENT_STEPS.map((step) => ({
        job_id: jobId,
        step,
        state: 'pending' as const,
        started_at: null,
        finished_at: null,
        message: null,
      })),
    )
    .execute();
  return jobId;
}

/** Jobs by id (all when `jobIds` is undefined), newest first. */
export async function loadJobs(db: Kysely<DatabaseSchema>, jobIds?: readonly string[]): Promise<LoadedJob[]> {
  if (jobIds !== undefined && jobIds.length === 0) return [];
  let query = db
    .selectFrom('replacement_jobs')
    .innerJoin('users', 'users.user_id', 'replacement_jobs.user_id')
    .leftJoin('sites', 'sites.site_id', 'replacement_jobs.site_id')
    .selectAll('replacement_jobs')
    .select(['users.user_name', 'users.display_name', 'sites.device_name']);
  if (jobIds !== undefined) query = query.where('replacement_jobs.job_id', 'in', [...jobIds]);
  const jobs = await query.orderBy('replacement_jobs.requested_at', 'desc').orderBy('replacement_jobs.job_id', 'desc').execute();
  if (jobs.length === 0) return [];
  // The steps of the same jobs by the same condition, not by listing the ids found: without
  // `jobIds` that list would be every job there is, one bound parameter each, and grow
  // past what the database takes in one statement.
  let stepQuery = db.selectFrom('replacement_steps').selectAll();
  if (jobIds !== undefined) stepQuery = stepQuery.where('replacement_steps.job_id', 'in', [...jobIds]);
  const steps = await stepQuery.execute();
  const byJob = new Map<string, StepRow[]>();
  for (const s of steps) byJob.set(s.job_id, [...(byJob.get(s.job_id) ?? []), s]);
  return jobs.map(({ user_name, display_name, device_name, ...job }) => ({
    job,
    steps: REPLACEMENT_STEPS.map((name) => {
      const row = byJob.get(job.job_id)?.find((s) => s.step === name);
      if (!row) throw new Error(`Replacement job ${job.job_id} has no step ${name}`);
      return row;
    }),
    userName: user_name,
    displayName: display_name,
    deviceName: device_name ?? '',
  }));
}

export async function loadJob(db: Kysely<DatabaseSchema>, jobId: string): Promise<LoadedJob | undefined> {
  return (await loadJobs(db, [jobId]))[0];
}

export interface StepPatch {
  readonly state: ReplacementStepState;
  readonly startedAt?: number | null;
  readonly finishedAt?: number | null;
  readonly message?: string | null;
}

/** Writes one step's state (and the job's updated_at). */
export async function setStep(
  db: Kysely<DatabaseSchema>,
  jobId: string,
  step: ReplacementStepName,
  patch: StepPatch,
  now: number,
): Promise<void> {
  await db
    .updateTable('replacement_steps')
    .set({
      state: patch.state,
      ...(patch.startedAt !== undefined ? { started_at: patch.startedAt } : {}),
      ...(patch.finishedAt !== undefined ? { finished_at: patch.finishedAt } : {}),
      ...(patch.message !== undefined ? { message: patch.message === null ? null : patch.message.slice(0, 1000) } : {}),
    })
    .where('job_id', '=', jobId)
    .where('step', '=', step)
    .execute();
  await db.updateTable('replacement_jobs').set({ updated_at: now }).where('job_id', '=', jobId).execute();
}

/** Jobs that are not done (failed ones included: a retry resumes them). */
export async function unfinishedJobIds(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const rows = await db
    .selectFrom('replacement_jobs')
    .select('job_id')
    .where('finished_at', 'is', null)
    .orderBy('requested_at')
    .orderBy('job_id')
    .execute();
  return rows.map((r) => r.job_id);
}
