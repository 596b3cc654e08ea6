/** The timer port of the automatic sync (tests pass fake timers). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface AutoSyncOptions {
  /** Runs one sync; resolves when it ends, whatever the result. */
  readonly run: () => Promise<unknown>;
  /** The online signal (navigator.onLine in the pane). */
  readonly isOnline: () => boolean;
  /** Whether a sync is already running (started by the rep or another pane). */
  readonly isBusy: () => boolean;
  readonly timers?: Timers;
}

/**
 * The control panel's automatic sync. The next run is scheduled only after the
 * previous one ended, so runs never pile up; a run that falls due while offline
 * or while another sync runs is skipped, not queued: the next interval tries
 * again (Siebel's scheduled sync, without catching up on missed ones).
 */
export class AutoSync {
  private handle: unknown = null;
  private minutes = 0;
  private stopped = false;
  private readonly timers: Timers;

  constructor(private readonly options: AutoSyncOptions) {
    this.timers = options.timers ?? {
      setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
      clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
    };
  }

  /** Sets the interval (0 = manual only) and restarts the countdown. */
  setInterval(minutes: number): void {
    this.minutes = minutes;
    this.schedule();
  }

  get intervalMinutes(): number {
    return this.minutes;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private schedule(): void {
    this.clear();
    if (this.stopped || this.minutes <= 0) return;
    this.handle = this.timers.setTimeout(() => void this.tick(), this.minutes * 60_000);
  }

  private async tick(): Promise<void> {
    this.handle = null;
    if (this.options.isOnline() && !this.options.isBusy()) {
      try {
        await this.options.run();
      } catch {
        // The run reports its own failure as sync status; the schedule goes on.
      }
    }
    this.schedule();
  }

  private clear(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
