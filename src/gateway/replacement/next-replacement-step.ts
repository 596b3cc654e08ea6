import { REPLACEMENT_STEPS, type ReplacementJob, type ReplacementStepName } from '../../protocol/index.js';

export type StepState = ReplacementJob['steps'][number]['state'];
export type JobState = ReplacementJob['state'];

/** Steps 1–5: the gateway runs them, in order, as soon as the job exists. */
export const GATEWAY_STEPS = [
  'readSite',
  'acceptPending',
  'revokeSite',
  'dropServerEntries',
  'buildExtract',
] as const satisfies readonly ReplacementStepName[];
export type GatewayStepName = (typeof GATEWAY_STEPS)[number];

export interface PlannerStep {
  readonly step: ReplacementStepName;
  readonly state: StepState;
}

export interface PlannerInput {
  /** The nine steps in REPLACEMENT_STEPS order. */
  readonly steps: readonly PlannerStep[];
  /** Whether a device has claimed the job with its code. */
  readonly claimed: boolean;
}

/** What happens next in a replacement job. */
export type ReplacementAction =
  /** The gateway runs (or, after a crash, re-runs) this step; `number` is 1-based. */
  | { readonly kind: 'run'; readonly step: GatewayStepName; readonly number: number }
  /** A step failed; nothing moves until an administrator retries it. */
  | { readonly kind: 'failed'; readonly step: ReplacementStepName; readonly number: number }
  /** The extract is ready; the replacement device has not claimed the job yet. */
  | { readonly kind: 'waitForClaim' }
  /** Claimed; the device waits for (or has not yet asked for) the gateway-wide restore slot. */
  | { readonly kind: 'waitForRestore' }
  /** The device holds the restore slot and downloads the extract (steps 6–8 are the device's). */
  | { readonly kind: 'restoring' }
  /** The new site is registered; the device's incremental sync (step 9) has not been reported. */
  | { readonly kind: 'waitForSync' }
  | { readonly kind: 'done' };

/**
 * The replacement job's planner: from the persisted steps (and whether the job
 * was claimed) to the next thing to do. Pure: no I/O, no clock. The runner asks
 * it before every step, so a job resumes after a crash from its first step not
 * done (a step left `running` by a crash is run again: every step is idempotent),
 * and the job state the admin view shows is read off the same answer.
 *
 * Rules, in order: a failed step stops the job; the first of steps 1–5 not done
 * is run; then the job waits for the claim, for the restore slot, for the restore
 * (step 6 running, or 6 done while 7 or 8 is not), for the incremental sync; 9 done
 * is done.
 */
export function nextReplacementStep(input: PlannerInput): ReplacementAction {
  const { steps } = input;
  if (steps.length !== REPLACEMENT_STEPS.length || steps.some((s, i) => s.step !== REPLACEMENT_STEPS[i])) {
    throw new RangeError(`nextReplacementStep: expected the steps ${REPLACEMENT_STEPS.join(', ')} in order`);
  }
  const stateOf = (name: ReplacementStepName): StepState => steps[REPLACEMENT_STEPS.indexOf(name)]!.state;

  const failed = steps.findIndex((s) => s.state === 'failed');
  if (failed >= 0) return { kind: 'failed', step: steps[failed]!.step, number: failed + 1 };

  for (const [i, name] of GATEWAY_STEPS.entries()) {
    if (stateOf(name) !== 'done') return { kind: 'run', step: name, number: i + 1 };
  }
  if (stateOf('incrementalSync') === 'done') return { kind: 'done' };
  const restore = stateOf('restore');
  if (restore === 'done' && stateOf('cleanRestoredCopy') === 'done' && stateOf('registerNewSite') === 'done')
    return { kind: 'waitForSync' };
  if (restore === 'running' || restore === 'done') return { kind: 'restoring' };
  return input.claimed ? { kind: 'waitForRestore' } : { kind: 'waitForClaim' };
}

/** The job state of the wire (ReplacementJob.state) for an action. */
export function jobStateOf(action: ReplacementAction): JobState {
  switch (action.kind) {
    case 'run':
      return 'running';
    case 'failed':
      return 'failed';
    case 'waitForClaim':
      return 'waitingForClaim';
    case 'waitForRestore':
      return 'waitingForRestore';
    case 'restoring':
      return 'restoring';
    case 'waitForSync':
      return 'syncing';
    case 'done':
      return 'done';
  }
}
