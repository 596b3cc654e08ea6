import { realTimers, type Timers } from '../../sync/index.js';
import type { OnlineSignal } from './online-signal.js';

export interface AutoSyncOptions {
  /** Runs one sync; resolves when it ends, whatever the result. */
  readonly run: () => Promise<unknown>;
  /** The browser's online signal: runs happen only online, and coming back online resumes an owed sync. */
  readonly online: OnlineSignal;
  /** Whether a sync is already running (started by the rep or another pane). */
  readonly isBusy: () => boolean;
  /** Whether a sync is owed right now (interrupted, or due by the interval; see sync-owed.ts). Never, by default. */
  readonly isOwed?: () => Promise<boolean>;
  readonly timers?: Timers;
}

/**
 * The control panel's automatic sync. The next run is scheduled only after the
 * previous one ended, so runs never pile up; a run that falls due while offline
 * or while another sync runs is skipped, not queued: the next interval tries
 * again (Siebel's scheduled sync, without catching up on missed ones). At start
 * and when the connection comes back, a sync that is owed — interrupted, or due
 * while the pane was closed or offline — runs at once, by itself.
 */
export class AutoSync {
  private handle: unknown = null;
  private minutes = 0;
  private stopped = false;
  /** A run started here is under way. */
  private running = false;
  /** resume() is asking whether a run is owed (one question at a time). */
  private checking = false;
  private readonly timers: Timers;
  private readonly unwatch: () => void;

  constructor(private readonly options: AutoSyncOptions) {
    this.timers = options.timers ?? realTimers;
    this.unwatch = options.online.watch((online) => {
      if (online) void this.resume();
    });
  }

  /** Sets the interval (0 = manual only) and restarts the countdown. */
  setInterval(minutes: number): void {
    this.minutes = minutes;
    this.schedule();
  }

  get intervalMinutes(): number {
    return this.minutes;
  }

  /**
   * Runs a sync now if one is owed and can run (online, none running), and then
   * restarts the countdown; otherwise leaves the countdown as it is. Called at
   * start and by the online signal; resolves when that run ended.
   */
  async resume(): Promise<void> {
    if (this.checking || !this.canRun()) return;
    this.checking = true;
    let owed = false;
    try {
      owed = await (this.options.isOwed?.() ?? Promise.resolve(false));
    } catch {
      // Whether a sync is owed could not be read (storage): the interval tries again.
    } finally {
      this.checking = false;
    }
    // The answer took a moment: the pane may have stopped, gone offline or started a sync meanwhile.
    if (!owed || !this.canRun()) return;
    await this.runOnce();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unwatch();
    this.clear();
  }

  private canRun(): boolean {
    return !this.stopped && !this.running && this.options.online.isOnline() && !this.options.isBusy();
  }

  private schedule(): void {
    this.clear();
    if (this.stopped || this.minutes <= 0) return;
    this.handle = this.timers.setTimeout(() => void this.tick(), this.minutes * 60_000);
  }

  private async tick(): Promise<void> {
    this.handle = null;
    if (this.canRun()) await this.runOnce();
    this.schedule();
  }

  private async runOnce(): Promise<void> {
    this.running = true;
    try {
      await this.options.run();
    } catch {
      // The run reports its own failure as sync status; the schedule goes on.
    } finally {
      this.running = false;
    }
  }

  private clear(): void {
    if (this.handle !== null) this.timers.clearTimeout(this.handle);
    this.handle = null;
  }
}
