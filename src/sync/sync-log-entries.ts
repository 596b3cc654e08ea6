import type { SyncLogEntry } from '../store/index.js';
import { logDetailsOf } from './log-details-of.js';
import { redactLogText } from './redact-log-text.js';
import type { SyncCounts, SyncStatus, SyncStep } from './sync-status.js';

/** The step under way, as the recorder last saw it. */
interface OpenStep {
  readonly name: SyncStep;
  readonly objectType: string | null;
  readonly startedAt: number;
  readonly countsAtStart: SyncCounts;
  readonly lastCounts: SyncCounts;
  readonly done: number;
  readonly total: number;
}

/** What the recorder remembers between two statuses: the sync under way (if any) and its current step. */
export interface SyncLogState {
  readonly syncStartedAt: number | null;
  readonly step: OpenStep | null;
}

export const NO_SYNC_LOG_STATE: SyncLogState = { syncStartedAt: null, step: null };

/**
 * The sync log's entries for one status of the engine, and the state for the next:
 * a sync's first status writes `start`; a change of step (or of object type) writes
 * the step that ended, with its duration, its last done/total and what it added to
 * the counts; the end (done, failed, cancelled, reinstall asked) writes the last step
 * and then the outcome, with the whole sync's duration and, on failure, the error's
 * code, redacted message and kept details (a package failure's preferred version).
 * Progress within a step writes nothing. Built from the status alone — names, counts,
 * codes — so no field value or token can get in. Pure.
 */
export function syncLogEntries(state: SyncLogState, status: SyncStatus, at: number): { state: SyncLogState; entries: SyncLogEntry[] } {
  if (status.phase === 'idle') return { state, entries: [] };
  const entries: SyncLogEntry[] = [];
  const syncStartedAt = state.syncStartedAt ?? at;
  const entry = (fields: Partial<SyncLogEntry> & Pick<SyncLogEntry, 'step'>): SyncLogEntry => ({
    at,
    syncStartedAt,
    objectType: null,
    durationMs: null,
    counts: {},
    code: null,
    message: null,
    details: {},
    ...fields,
  });
  const closeStep = (code: string | null): void => {
    const step = state.step;
    if (step === null) return;
    entries.push(
      entry({
        step: step.name,
        objectType: step.objectType,
        durationMs: at - step.startedAt,
        counts: { ...nonZero({ done: step.done, total: step.total }), ...countsAdded(step.countsAtStart, step.lastCounts) },
        code,
      }),
    );
  };

  if (status.phase === 'syncing') {
    if (state.syncStartedAt === null) entries.push(entry({ step: 'start' }));
    const same = state.step !== null && state.step.name === status.step && state.step.objectType === status.objectType;
    if (same && state.step !== null) {
      const step: OpenStep = { ...state.step, lastCounts: status.counts, done: status.done, total: status.total };
      return { state: { syncStartedAt, step }, entries };
    }
    closeStep(null);
    const step: OpenStep = {
      name: status.step,
      objectType: status.objectType,
      startedAt: at,
      countsAtStart: status.counts,
      lastCounts: status.counts,
      done: status.done,
      total: status.total,
    };
    return { state: { syncStartedAt, step }, entries };
  }

  const durationMs = state.syncStartedAt === null ? null : at - state.syncStartedAt;
  switch (status.phase) {
    case 'done':
      closeStep(null);
      entries.push(
        entry({
          step: 'done',
          durationMs,
          counts: countsAdded(ZERO, status.counts),
          message: status.notice === null ? null : redactLogText(status.notice),
        }),
      );
      break;
    case 'failed':
      closeStep(status.error.code);
      entries.push(
        entry({
          step: 'failed',
          durationMs,
          counts: state.step === null ? {} : countsAdded(ZERO, state.step.lastCounts),
          code: status.error.code,
          message: redactLogText(status.error.message),
          details: logDetailsOf(status.error.details),
        }),
      );
      break;
    case 'cancelled':
      closeStep('CANCELLED');
      entries.push(entry({ step: 'cancelled', durationMs, code: 'CANCELLED' }));
      break;
    case 'reinstallRequired': {
      closeStep(null);
      const preferred = status.decision.action === 'unchanged' ? undefined : status.decision.preferredProduct;
      entries.push(
        entry({
          step: 'reinstallRequired',
          durationMs,
          message: redactLogText(status.message),
          details: { action: status.decision.action, ...(preferred !== undefined ? { preferredProduct: preferred } : {}) },
        }),
      );
      break;
    }
  }
  return { state: NO_SYNC_LOG_STATE, entries };
}

const ZERO: SyncCounts = { inserted: 0, updated: 0, deleted: 0, uploaded: 0, conflicts: 0, issues: 0 };

/** What a step added to each count; the package step's upload runs on counts of its own, so a drop counts as nothing. */
function countsAdded(before: SyncCounts, after: SyncCounts): Record<string, number> {
  const added: Record<string, number> = {};
  for (const key of Object.keys(ZERO) as (keyof SyncCounts)[]) {
    const difference = after[key] - before[key];
    if (difference > 0) added[key] = difference;
  }
  return added;
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}
