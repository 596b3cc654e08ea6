import { BehaviorSubject, type Observable } from 'rxjs';
import type { SyncStatus } from '../../sync/index.js';
import { AutoSync } from './auto-sync.js';
import type { PaneLogin } from './pane-login.js';
import type { PaneSession } from './pane-session.js';
import type { RememberedLogin } from './remembered-login.js';

/**
 * The pane's own actions around the engine: one place that starts syncs (button,
 * timer, reinstall), cancels them, keeps the online signal and the session token.
 * Views call this and render the engine's status$; none of them calls the engine
 * with options of its own.
 */
export class PaneController {
  private readonly online = new BehaviorSubject<boolean>(typeof navigator === 'undefined' ? true : navigator.onLine);
  readonly online$: Observable<boolean> = this.online.asObservable();
  readonly autoSync: AutoSync;
  private running: AbortController | null = null;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly session: PaneSession,
    private readonly remembered: RememberedLogin,
  ) {
    const update = () => this.online.next(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    this.cleanups.push(
      () => window.removeEventListener('online', update),
      () => window.removeEventListener('offline', update),
    );
    this.autoSync = new AutoSync({
      run: () => this.sync(),
      isOnline: () => this.online.value,
      isBusy: () => this.running !== null || this.session.engine.current.phase === 'syncing',
    });
  }

  get syncing(): boolean {
    return this.running !== null;
  }

  /** Runs a sync (or reports why it cannot). An ended session clears the kept token so the pane asks for the password. */
  async sync(options: { localOnly?: boolean; confirmReinstall?: boolean; packageOnly?: boolean } = {}): Promise<SyncStatus> {
    const controller = new AbortController();
    this.running = controller;
    try {
      const result = await this.session.engine.sync({ ...options, signal: controller.signal });
      if (result.phase === 'failed' && result.error.code === 'UNAUTHENTICATED') this.dropSession();
      return result;
    } finally {
      if (this.running === controller) this.running = null;
    }
  }

  cancel(): void {
    this.running?.abort();
  }

  /** After the rep typed their password again. */
  renewLogin(login: PaneLogin): void {
    this.remembered.save(login);
    this.session.replaceLogin(login);
  }

  private dropSession(): void {
    this.remembered.forgetSession();
    this.session.replaceLogin({ ...this.session.login, sessionToken: null, expiresAt: null });
  }

  dispose(): void {
    this.autoSync.stop();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }
}
