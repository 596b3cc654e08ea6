import type { Kysely } from 'kysely';
import type { ReplacementJob } from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayConfig } from '../gateway-config.js';
import { GATEWAY_STEPS, jobStateOf, nextReplacementStep, type ReplacementAction, type StepState } from './next-replacement-step.js';
import type { JobRow, LoadedJob } from './replacement-store.js';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? undefined : new Date(Number(ms)).toISOString());

export interface EffectiveStep {
  readonly step: ReplacementJob['steps'][number]['step'];
  readonly state: StepState;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  readonly message: string | null;
}

export function isClaimed(job: JobRow): boolean {
  return job.claimed_at !== null;
}

export function claimExpired(job: JobRow, now: number): boolean {
  return job.claimed_at === null && Number(job.claim_expires_at) <= now;
}

export function holdsRestoreSlot(job: JobRow, restoreState: StepState, now: number): boolean {
  return restoreState === 'running' && job.restore_lease_until !== null && Number(job.restore_lease_until) > now;
}

/**
 * The steps as they stand at `now`: two things happen by the clock alone and are
 * read off rather than written by a timer. Once the extract is ready, an unclaimed
 * code past its expiry fails step 6 (RetryReplacementStep issues a new code); a
 * restore whose lease ran
 * out is waiting again (the slot is free for the next device).
 */
export function effectiveSteps(loaded: LoadedJob, now: number): EffectiveStep[] {
  const { job } = loaded;
  const extractReady = GATEWAY_STEPS.every((name) => loaded.steps.find((s) => s.step === name)?.state === 'done');
  return loaded.steps.map((s) => {
    const base: EffectiveStep = {
      step: s.step as EffectiveStep['step'],
      state: s.state,
      startedAt: s.started_at,
      finishedAt: s.finished_at,
      message: s.message,
    };
    if (s.step !== 'restore' || s.state === 'done') return base;
    if (extractReady && claimExpired(job, now)) {
      return {
        ...base,
        state: 'failed',
        message: `The claim code expired at ${iso(job.claim_expires_at)} unused; retry this step for a new code.`,
      };
    }
    if (s.state === 'running' && !holdsRestoreSlot(job, s.state, now)) {
      return {
        ...base,
        state: 'waiting',
        message: `The restore stopped: its slot expired at ${iso(job.restore_lease_until)}; the device may ask again.`,
      };
    }
    return base;
  });
}

export function planJob(loaded: LoadedJob, now: number): ReplacementAction {
  return nextReplacementStep({ steps: effectiveSteps(loaded, now), claimed: isClaimed(loaded.job) });
}

export interface RestoreQueue {
  /** The job holding the gateway-wide restore slot, if any. */
  readonly holder: string | null;
  /** 1-based place of every job waiting for the slot (1 = next). */
  readonly positions: ReadonlyMap<string, number>;
}

/**
 * The gateway-wide restore queue at `now`: the slot holder (a valid lease) and the
 * jobs that asked for the slot, in the order they first asked. A waiting device
 * that has not asked for `restoreQueueStaleMs` is not counted ahead of others
 * (it loses its turn, not its place), so a device that vanished cannot block the
 * queue, just as an expired lease frees the slot.
 */
export async function restoreQueue(db: Kysely<DatabaseSchema>, now: number, config: GatewayConfig): Promise<RestoreQueue> {
  const rows = await db
    .selectFrom('replacement_jobs')
    .innerJoin('replacement_steps', (j) =>
      j.onRef('replacement_steps.job_id', '=', 'replacement_jobs.job_id').on('replacement_steps.step', '=', 'restore'),
    )
    .select([
      'replacement_jobs.job_id',
      'replacement_jobs.restore_requested_at',
      'replacement_jobs.restore_polled_at',
      'replacement_jobs.restore_lease_until',
      'replacement_steps.state',
    ])
    .where('replacement_jobs.restore_requested_at', 'is not', null)
    .where('replacement_jobs.finished_at', 'is', null)
    .where('replacement_steps.state', 'in', ['waiting', 'running'])
    .orderBy('replacement_jobs.restore_requested_at')
    .orderBy('replacement_jobs.job_id')
    .execute();
  let holder: string | null = null;
  const positions = new Map<string, number>();
  let freshAhead = 0;
  for (const row of rows) {
    if (row.state === 'running' && row.restore_lease_until !== null && Number(row.restore_lease_until) > now) {
      holder ??= row.job_id;
      continue;
    }
    positions.set(row.job_id, freshAhead + 1);
    if (row.restore_polled_at !== null && Number(row.restore_polled_at) >= now - config.restoreQueueStaleMs) freshAhead++;
  }
  return { holder, positions };
}

/** The wire shape of a job for the admin view. */
export function toWireJob(loaded: LoadedJob, now: number, queue: RestoreQueue): ReplacementJob {
  const { job } = loaded;
  const steps = effectiveSteps(loaded, now);
  const action = nextReplacementStep({ steps, claimed: isClaimed(job) });
  const position = action.kind === 'waitForRestore' ? queue.positions.get(job.job_id) : undefined;
  const showCode = job.claim_code !== null && !isClaimed(job) && !claimExpired(job, now);
  return {
    jobId: job.job_id,
    siteId: job.site_id,
    userName: loaded.userName,
    deviceName: loaded.deviceName,
    state: jobStateOf(action),
    requestedAt: iso(job.requested_at)!,
    requestedBy: job.requested_by,
    ...(showCode ? { claimCode: job.claim_code! } : {}),
    ...(isClaimed(job) ? {} : { claimExpiresAt: iso(job.claim_expires_at)! }),
    ...(position !== undefined ? { queuePosition: position } : {}),
    ...(job.new_site_id ? { newSiteId: job.new_site_id } : {}),
    steps: steps.map((s) => ({
      step: s.step,
      state: s.state,
      ...(s.startedAt !== null ? { startedAt: iso(s.startedAt)! } : {}),
      ...(s.finishedAt !== null ? { finishedAt: iso(s.finishedAt)! } : {}),
      ...(s.message !== null ? { message: s.message } : {}),
    })),
  };
}
