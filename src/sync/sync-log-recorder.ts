import type { Observable, Subscription } from 'rxjs';
import type { LocalStore } from '../store/index.js';
import { NO_SYNC_LOG_STATE, syncLogEntries, type SyncLogState } from './sync-log-entries.js';
import type { SyncStatus } from './sync-status.js';

/**
 * Keeps the sync log of one store: follows an engine's status and, for each sync that
 * starts while the rep has the log on (`keepSyncLog`, read once when the sync begins),
 * appends the entries syncLogEntries gives. Off by default, so an ordinary sync costs
 * no log write. Writes go one after another in status order; a failed write is dropped,
 * because a log must never fail or slow the sync it describes.
 */
export class SyncLogRecorder {
  private state: SyncLogState = NO_SYNC_LOG_STATE;
  private keeping: Promise<boolean> = Promise.resolve(false);
  private writes: Promise<void> = Promise.resolve();
  private readonly subscription: Subscription;

  constructor(
    status$: Observable<SyncStatus>,
    private readonly store: Pick<LocalStore, 'getSettings' | 'appendSyncLog'>,
    private readonly now: () => number = () => Date.now(),
  ) {
    let subscribing = true;
    this.subscription = status$.subscribe((status) => {
      // The engine replays its last status to a new subscriber: an old outcome is not a new sync.
      if (subscribing && status.phase !== 'syncing') return;
      this.observe(status);
    });
    subscribing = false;
  }

  /** Resolves once every entry seen so far is written (or dropped): what a download waits for. */
  settled(): Promise<void> {
    return this.writes;
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private observe(status: SyncStatus): void {
    const at = this.now();
    if (this.state.syncStartedAt === null && status.phase !== 'idle') {
      this.keeping = this.store.getSettings().then(
        (settings) => settings.keepSyncLog === true,
        () => false,
      );
    }
    const { state, entries } = syncLogEntries(this.state, status, at);
    this.state = state;
    if (entries.length === 0) return;
    const keeping = this.keeping;
    this.writes = this.writes
      .then(async () => {
        if (await keeping) await this.store.appendSyncLog(entries);
      })
      .catch(() => undefined);
  }
}
