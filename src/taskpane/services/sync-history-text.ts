import { formatCount } from '../format/display-format.js';
import type { StoreSettings } from '../../store/index.js';

/** One line of the Sync panel's status list: a term and what it says. */
export interface SyncHistoryLine {
  readonly term: string;
  readonly detail: string;
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * What the Sync panel says of past syncs: the last *successful* one and what it did,
 * and, apart, an attempt after it that failed or was cancelled, so a failure never
 * passes for the last sync. A store synced before successes were recorded apart
 * (no lastSuccess) still knows its last attempt succeeded when its result says so.
 */
export function syncHistoryLines(
  settings: Pick<StoreSettings, 'lastSyncAt' | 'lastSyncResult' | 'lastSuccess'>,
  when: (at: number) => string,
  /** The sync whose counts the panel's result bar already shows (its `at`): not said twice. */
  resultShownAt: number | null = null,
): SyncHistoryLine[] {
  const success = settings.lastSuccess ?? null;
  const successAt = success?.at ?? (settings.lastSyncResult === 'ok' ? settings.lastSyncAt : null);
  const lines: SyncHistoryLine[] = [{ term: 'Last successful sync', detail: successAt === null ? 'Never' : when(successAt) }];
  if (success && success.at !== resultShownAt) {
    const c = success.counts;
    const extra = [
      c.conflicts > 0 ? `${plural(c.conflicts, 'conflict')} to resolve` : null,
      c.issues > 0 ? plural(c.issues, 'issue') : null,
    ].filter((part): part is string => part !== null);
    lines.push({
      term: 'Its result',
      detail: [
        `${plural(c.inserted + c.updated, 'record')} received`,
        `${plural(c.uploaded, 'change')} sent`,
        `${plural(c.deleted, 'record')} removed`,
        ...extra,
      ].join(', '),
    });
  }
  if (settings.lastSyncResult === 'failed' && settings.lastSyncAt !== null)
    lines.push({ term: 'Last attempt', detail: `Failed at ${when(settings.lastSyncAt)}` });
  else if (settings.lastSyncResult === 'cancelled') lines.push({ term: 'Last attempt', detail: 'Cancelled' });
  return lines;
}
