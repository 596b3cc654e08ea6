import { BehaviorSubject, combineLatest, distinctUntilChanged, map, type Observable } from 'rxjs';
import type { SyncStatus, Timers } from '../../sync/index.js';
import { AutoSync } from './auto-sync.js';
import { connectionState, type ConnectionState } from './connection-state.js';
import { browserOnlineSignal, type OnlineSignal } from './online-signal.js';
import type { PaneLogin } from './pane-login.js';
import type { PaneSession } from './pane-session.js';
import type { RememberedLogin } from './remembered-login.js';
import { syncOwed } from './sync-owed.js';

/** The controller's side effects, as ports: the browser's by default, the test's own in tests. */
export interface PaneControllerPorts {
  readonly online?: OnlineSignal;
  readonly timers?: Timers;
  readonly now?: () => number;
}

/**
 * The pane's own actions around the engine: one place that starts syncs (button,
 * timer, reinstall, resuming), cancels them, keeps the connection state and the
 * session token. Views call this and render the engine's status$; none of them
 * calls the engine with options of its own.
 */
export class PaneController {
  private readonly browserOnline: BehaviorSubject<boolean>;
  /** Online, offline, or online without the gateway answering (the header and the Sync tab show it). */
  readonly connection$: Observable<ConnectionState>;
  readonly autoSync: AutoSync;
  private running: AbortController | null = null;
  private readonly cleanups: (() => void)[] = [];
  private readonly now: () => number;

  constructor(
    readonly session: PaneSession,
    private readonly remembered: RememberedLogin,
    ports: PaneControllerPorts = {},
  ) {
    const online = ports.online ?? browserOnlineSignal();
    this.now = ports.now ?? (() => Date.now());
    this.browserOnline = new BehaviorSubject(online.isOnline());
    this.cleanups.push(
      online.watch((isOnline) => {
        // Back online, the gateway's last silence was probably the network's: unknown until the next call.
        if (isOnline) session.transport.forget();
        this.browserOnline.next(isOnline);
      }),
    );
    this.connection$ = combineLatest([this.browserOnline, session.transport.reachability$]).pipe(
      map(([browserOnline, gateway]) => connectionState(browserOnline, gateway)),
      distinctUntilChanged(),
    );
    this.autoSync = new AutoSync({
      run: () => this.sync(),
      online,
      isBusy: () => this.running !== null || this.session.engine.current.phase === 'syncing',
      isOwed: () => this.syncOwed(),
      ...(ports.timers ? { timers: ports.timers } : {}),
    });
  }

  get syncing(): boolean {
    return this.running !== null;
  }

  /**
   * Starts the automatic sync at `intervalMinutes`, and at once runs a sync owed
   * from before the pane opened: one interrupted (crash, closed pane, lost
   * connection) or due by the interval. Resolves when that run ended.
   */
  start(intervalMinutes: number): Promise<void> {
    this.autoSync.setInterval(intervalMinutes);
    return this.autoSync.resume();
  }

  /** Runs a sync (or reports why it cannot). An ended session clears the kept token so the pane asks for the password. */
  async sync(options: { localOnly?: boolean; confirmReinstall?: boolean; packageOnly?: boolean } = {}): Promise<SyncStatus> {
    const controller = new AbortController();
    this.running = controller;
    try {
      const result = await this.session.engine.sync({ ...options, signal: controller.signal });
      if (result.phase === 'failed' && result.error.code === 'UNAUTHENTICATED') await this.dropSession();
      return result;
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  cancel(): void {
    this.running?.abort();
  }

  /** After the rep typed their password again. */
  async renewLogin(login: PaneLogin): Promise<void> {
    this.session.replaceLogin(login);
    await this.remembered.save(login, this.session.store);
  }

  private async dropSession(): Promise<void> {
    this.session.replaceLogin({ ...this.session.login, sessionToken: null, expiresAt: null });
    // Not forgetting on disk (storage failing) leaves a token the gateway refuses: the next sync lands here again.
    await this.remembered.forgetSession(this.session.store).catch(() => undefined);
  }

  private async syncOwed(): Promise<boolean> {
    const { store, login } = this.session;
    const [settings, checkpoint] = await Promise.all([store.getSettings(), store.getCheckpoint()]);
    return syncOwed({
      canSync: login.sessionToken !== null,
      interrupted: checkpoint !== null,
      lastSyncAt: settings.lastSyncAt,
      intervalMinutes: this.autoSync.intervalMinutes,
      now: this.now(),
    });
  }

  dispose(): void {
    this.autoSync.stop();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
