import { audit, distinctUntilChanged, filter, map, merge, Observable, share, skip, startWith, timer } from 'rxjs';
import { objectSyncScope, parsePackage, type CustomizationPackage } from '../../metadata/index.js';
import { ProtocolError } from '../../protocol/index.js';
import { openLocalStore, type LocalStore, type StoreSettings } from '../../store/index.js';
import { JsonTransport, LocalEdits, SyncEngine, SyncLogRecorder, tableSpecs, type Transport } from '../../sync/index.js';
import type { PaneLogin } from './pane-login.js';
import { ReachabilityTransport } from './reachability-transport.js';

/** How often views re-read while a sync is writing, and after an edit. */
const SYNC_REFRESH_MS = 2_000;
const EDIT_REFRESH_MS = 60;

/** Per object type, how many records a filter choice means (null: could not be counted). */
export type Estimate = Readonly<Record<string, number | null>>;

/**
 * Everything the views of one signed-in pane share: the rep's store, the engine,
 * the transport for the pane's own calls (EstimateCount) — the engine's too, so it
 * tells whether the gateway answered last — and a stream that fires after every
 * write to the store (edits, syncs, other panes). Views read through this object
 * and render; they never reach into the engine.
 */
export class PaneSession {
  readonly changes$: Observable<void>;
  /** Writes the sync log while the rep has it on (Sync panel, "Keep a sync log"). */
  readonly syncLog: SyncLogRecorder;
  private cachedPackage: { hash: string; pkg: CustomizationPackage } | null = null;
  private lists: { hash: string; ready: Promise<void> } | null = null;

  private constructor(
    private currentLogin: PaneLogin,
    readonly store: LocalStore,
    readonly engine: SyncEngine,
    readonly transport: ReachabilityTransport,
  ) {
    this.syncLog = new SyncLogRecorder(engine.status$, store);
    // One store listener for all views. Views re-read whole tables, so while a sync
    // writes batch after batch they refresh at most every SYNC_REFRESH_MS (not per
    // batch, which competed with the sync for the one thread), and once more when it
    // ends; otherwise a burst of writes (an edit, another tab) is one re-render.
    const writes = new Observable<void>((subscriber) => store.watchChanges(() => subscriber.next())).pipe(
      audit(() => timer(engine.current.phase === 'syncing' ? SYNC_REFRESH_MS : EDIT_REFRESH_MS)),
    );
    const syncEnded = engine.status$.pipe(
      map((status) => status.phase === 'syncing'),
      distinctUntilChanged(),
      filter((syncing) => !syncing),
      skip(1),
      map(() => undefined),
    );
    const shared = merge(writes, syncEnded).pipe(share());
    // Each subscriber still gets its own first emission, so a view opened later renders at once.
    this.changes$ = shared.pipe(startWith(undefined));
  }

  /** `gateway` replaces the JSON transport to the login's gateway (tests). */
  static async open(login: PaneLogin, deviceName: string, gateway?: Transport): Promise<PaneSession> {
    const store = await openLocalStore({ gatewayUrl: login.gatewayUrl, userName: login.userName });
    const transport = new ReachabilityTransport(gateway ?? new JsonTransport(login.gatewayUrl));
    let session: PaneSession | null = null;
    const engine = new SyncEngine({
      store,
      transport,
      deviceName,
      credentials: () => {
        const token = session?.login.sessionToken;
        if (!token) return Promise.reject(new ProtocolError('UNAUTHENTICATED', 'Sign in again to sync.'));
        return Promise.resolve({ userName: login.userName, sessionToken: token });
      },
    });
    session = new PaneSession(login, store, engine, transport);
    return session;
  }

  get login(): PaneLogin {
    return this.currentLogin;
  }

  /** After the rep signed in again (expired session): the engine uses the new token from the next sync. */
  replaceLogin(login: PaneLogin): void {
    this.currentLogin = login;
  }

  /** The installed package, parsed once per package hash; null before the first install. */
  async package(): Promise<CustomizationPackage | null> {
    const applied = await this.store.getAppliedPackage();
    if (!applied) return null;
    if (this.cachedPackage?.hash === applied.hashValue) return this.cachedPackage.pkg;
    const parsed = parsePackage(applied.files);
    if (!parsed.ok) return null;
    this.cachedPackage = { hash: applied.hashValue, pkg: parsed.package };
    return parsed.package;
  }

  async requirePackage(): Promise<CustomizationPackage> {
    const pkg = await this.package();
    if (!pkg) throw new ProtocolError('STRUCTURE_DAMAGED', 'No configuration is installed on this device yet. Sync to download it.');
    return pkg;
  }

  /**
   * Makes the store's list indexes ready for the installed package, once per package:
   * a store from before they existed gets them in place and its records keyed
   * (checkStructure → refreshListing). The lists wait for this before their first read.
   */
  async listsReady(): Promise<void> {
    const pkg = await this.requirePackage();
    const hash = this.cachedPackage?.hash ?? '';
    if (this.lists?.hash !== hash) {
      const ready = this.store.checkStructure(tableSpecs(pkg.objects)).then(() => undefined);
      this.lists = { hash, ready };
      // A failure is not kept: the next list tries again.
      ready.catch(() => {
        if (this.lists?.ready === ready) this.lists = null;
      });
    }
    return this.lists.ready;
  }

  async edits(): Promise<LocalEdits> {
    return new LocalEdits(this.store, (await this.requirePackage()).objects, this.login.userName);
  }

  /**
   * The first-run assistant's and the Filter Records tab's estimate: EstimateCount
   * for each object type under the filters `settings` would apply (the server adds
   * visibility). Disabled types count 0. Needs the network; a type that cannot be
   * counted is null and the total says so.
   */
  async estimate(settings: StoreSettings, signal?: AbortSignal): Promise<Estimate> {
    const pkg = await this.requirePackage();
    const token = this.login.sessionToken;
    const entries = await Promise.all(
      pkg.objects.map(async (object): Promise<[string, number | null]> => {
        const scope = objectSyncScope(pkg, settings, object.name);
        if (!scope.enabled) return [object.name, 0];
        if (signal?.aborted || !token) return [object.name, null];
        try {
          const answer = await this.transport.call(
            'EstimateCount',
            { objectType: object.name, ...(scope.filter ? { filter: scope.filter } : {}) },
            { sessionToken: token, signal },
          );
          return [object.name, answer.count];
        } catch {
          return [object.name, null];
        }
      }),
    );
    return Object.fromEntries(entries);
  }

  async close(): Promise<void> {
    this.syncLog.stop();
    await this.syncLog.settled();
    await this.store.close();
  }
}
