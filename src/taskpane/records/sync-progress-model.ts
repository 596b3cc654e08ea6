import type { SyncStatus } from '../../sync/index.js';

/** One object type's bar: records received so far of those expected. */
export interface TypeProgress {
  readonly objectType: string;
  readonly received: number;
  /** How many records the gateway counted for this type; null while nobody knows yet. */
  readonly expected: number | null;
  /** waiting: not begun; running: records arriving; done: finished (received is then the real count); stopped: the sync ended first. */
  readonly state: 'waiting' | 'running' | 'done' | 'stopped';
}

/**
 * The bars of a first sync (and of the one after a reinstall), made from the engine's
 * status stream alone. A status from before this sync (the status$ of a previous one,
 * which a BehaviorSubject replays) changes nothing: every bar starts empty and only
 * the records really received fill it.
 */
export interface SyncProgressModel {
  readonly types: readonly TypeProgress[];
  /** Whether a status of this sync was seen (a "done" replayed from before it is not this sync's end). */
  readonly started: boolean;
  /** When the first records of this sync were asked for (ms), the origin of the time estimate; null before. */
  readonly downloadStartedAt: number | null;
}

/**
 * Every type waiting, with the count the filter choice's estimate gave it when one is
 * known (the first-run assistant counts before the sync starts), so the overall total
 * is known from the first instant.
 */
export function initialSyncProgress(
  objectTypes: readonly string[],
  estimate: Readonly<Record<string, number | null>> = {},
): SyncProgressModel {
  return {
    types: objectTypes.map((objectType) => ({ objectType, received: 0, expected: estimate[objectType] ?? null, state: 'waiting' })),
    started: false,
    downloadStartedAt: null,
  };
}

const finish = (t: TypeProgress): TypeProgress =>
  t.state === 'running' || t.state === 'waiting' ? { ...t, state: 'done', expected: t.received } : t;

/**
 * The model after one engine status (`now`: when it arrived, in ms). A download report
 * names its type and the records received of those counted; moving on to another
 * type, tidying up or the end of the sync finishes the type before it, whose count
 * becomes what was really received. A failed or cancelled sync stops the running type
 * where it was.
 */
export function nextSyncProgress(model: SyncProgressModel, status: SyncStatus, now: number): SyncProgressModel {
  switch (status.phase) {
    case 'syncing': {
      const { objectType } = status;
      const reportsRecords = status.step === 'download' && objectType !== null;
      const types = model.types.map((t): TypeProgress => {
        if (reportsRecords && t.objectType === objectType)
          return { ...t, received: status.done, expected: Math.max(status.total, status.done), state: 'running' };
        // Another type (or the clean-up) is at work: the one that ran before is finished.
        if (t.state === 'running' && (status.step === 'cleanup' || (objectType !== null && objectType !== t.objectType))) return finish(t);
        return t;
      });
      return { types, started: true, downloadStartedAt: model.downloadStartedAt ?? (reportsRecords ? now : null) };
    }
    case 'done':
      return model.started ? { ...model, types: model.types.map(finish) } : model;
    case 'failed':
    case 'cancelled':
      return model.started ? { ...model, types: model.types.map((t) => (t.state === 'running' ? { ...t, state: 'stopped' } : t)) } : model;
    case 'idle':
    case 'reinstallRequired':
      return model;
  }
}

/** All types together: received of expected (null while a type's count is unknown). */
export function overallSyncProgress(model: SyncProgressModel): { readonly received: number; readonly expected: number | null } {
  let received = 0;
  let expected: number | null = 0;
  for (const t of model.types) {
    received += t.received;
    expected = expected === null || t.expected === null ? null : expected + t.expected;
  }
  return { received, expected };
}
