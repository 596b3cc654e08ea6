import { BehaviorSubject, type Observable } from 'rxjs';
import { FIELDBOOK_PRODUCT_VERSION } from '../metadata/index.js';
import { ProtocolError } from '../protocol/index.js';
import { applyResolutions } from './apply-resolutions.js';
import { checkCancelled } from './check-cancelled.js';
import { cleanup, cleanupNeeded } from './cleanup-step.js';
import { dependencyOrder } from './dependency-order.js';
import { ensureSite } from './ensure-site.js';
import { exchangeKeys, type ObjectKeys } from './exchange-keys.js';
import { finishPending } from './finish-pending.js';
import { preparePackage } from './package-step.js';
import { reportDevice } from './report-device.js';
import { revokedAtOf, revokedError } from './revoked-error.js';
import type { SyncEngineOptions, SyncOptions } from './sync-options.js';
import { newSyncSession, type EngineParts } from './sync-session.js';
import { syncObject } from './sync-object.js';
import { NO_COUNTS, type SyncCounts, type SyncStatus, type SyncStep } from './sync-status.js';
import { defaultSyncLock, type SyncLock } from './sync-lock.js';
import type { CallContext } from './transport.js';

/**
 * The sync engine: Siebel's session (login, site, package, data, logout) over a
 * transport port and the store's API, as a short run of named steps —
 * ensure-site.ts, package-step.ts, apply-resolutions.ts, finish-pending.ts,
 * exchange-keys.ts (reconcile-step.ts or the Siebel key listing), sync-object.ts
 * (plan, uploads in upload-records.ts, downloads, stream-records.ts for a type the
 * device holds nothing of) and cleanup-step.ts — sharing one
 * SyncSession per sync. Every step is idempotent and every upload carries an
 * operation id persisted before it is sent, so a sync interrupted anywhere is
 * resumed by simply syncing again: nothing is lost or written twice.
 */
export class SyncEngine {
  private readonly status = new BehaviorSubject<SyncStatus>({ phase: 'idle' });
  readonly status$: Observable<SyncStatus> = this.status.asObservable();
  private readonly now: () => number;
  private readonly newOperationId: () => string;
  private readonly lock: SyncLock;
  private readonly parts: EngineParts;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => Date.now());
    this.newOperationId = options.newOperationId ?? (() => `op-${crypto.randomUUID()}`);
    this.lock = options.lock ?? defaultSyncLock();
    this.parts = {
      store: options.store,
      transport: options.transport,
      deviceName: options.deviceName,
      productVersion: options.productVersion ?? FIELDBOOK_PRODUCT_VERSION,
      now: () => this.now(),
      newOperationId: () => this.newOperationId(),
      report: (step, objectType, done, total, counts) => this.report(step, objectType, done, total, counts),
    };
  }

  get current(): SyncStatus {
    return this.status.value;
  }

  /** Runs one sync session. Resolves with the final status; never rejects (failures are a status). */
  async sync(options: SyncOptions = {}): Promise<SyncStatus> {
    const release = await this.lock.tryAcquire(`fieldbook-sync:${this.options.store.databaseName}`);
    if (!release) {
      return this.finish({
        phase: 'failed',
        error: new ProtocolError('INVALID_REQUEST', 'A synchronisation is already running for this mailbox.'),
        at: this.now(),
      });
    }
    try {
      return await this.run(options);
    } finally {
      release();
    }
  }

  private async run(options: SyncOptions): Promise<SyncStatus> {
    const { store, transport } = this.options;
    // Every call carries the cancel signal and the time limit: a request in flight is aborted by both.
    let context: CallContext = { signal: options.signal, timeoutMs: this.options.callTimeoutMs };
    // Only a session the engine opened is ended by it; the pane's own session stays open.
    let ownSession = false;
    let status: SyncStatus;
    try {
      const { revokedAt } = await store.getSettings();
      // A replaced device stays replaced: it asks the gateway nothing more (its database id is refused anyway).
      if (revokedAt) throw revokedError(revokedAt);
      this.report('session', null, 0, 0, NO_COUNTS);
      const checkpoint = (await store.getCheckpoint()) ?? { syncId: this.newOperationId(), startedAt: this.now(), completed: [] };
      await store.setCheckpoint(checkpoint);
      const credentials = await this.options.credentials();
      let userName = credentials.userName;
      if ('password' in credentials) {
        const login = await transport.call('Login', { userName: credentials.userName, password: credentials.password }, context);
        context = { ...context, sessionToken: login.sessionToken };
        userName = login.userName;
        ownSession = true;
      } else {
        context = { ...context, sessionToken: credentials.sessionToken };
      }
      context = { ...context, databaseId: await ensureSite(this.parts, context) };
      checkCancelled(options.signal);
      status = await this.afterSession(context, userName, options);
    } catch (raw) {
      status = await this.failed(raw);
    }
    // Logout in one place. Not under the cancel signal (a cancelled sync still ends the
    // session it opened), and not after a connection failure (it would only fail too).
    if (ownSession && !(status.phase === 'failed' && status.error.code === 'CONNECTIVITY')) {
      await transport.call('Logout', {}, { ...context, signal: undefined }).catch(() => undefined);
    }
    return this.finish(status);
  }

  /** The package step, then the data: the rep's answers, each object type (referenced types first), clean-up. */
  private async afterSession(context: CallContext, userName: string, options: SyncOptions): Promise<SyncStatus> {
    const { store } = this.options;
    this.report('package', null, 0, 0, NO_COUNTS);
    const prepared = await preparePackage(this.parts, context, userName, options);
    if ('stop' in prepared) {
      await store.setCheckpoint(null);
      return prepared.stop;
    }
    if (options.packageOnly) {
      await store.setCheckpoint(null);
      return { phase: 'done', counts: NO_COUNTS, notice: prepared.notice, at: this.now() };
    }
    const session = newSyncSession(this.parts, { context, pkg: prepared.pkg, userName, notice: prepared.notice });
    const resolved = await applyResolutions(store, this.now, session.pkg.objects);
    // Every object type runs again on a resumed sync: what an interrupted run
    // already did now classifies as "nothing", so nothing is done twice, and a
    // record deleted on the server meanwhile is still noticed.
    const objects = dependencyOrder(session.pkg.objects);
    await finishPending(session, objects, options.signal);
    const mode = this.options.keyExchange ?? session.pkg.sync.keyExchange;
    const keys = await exchangeKeys(session, objects, mode, options, this.options.streamFirstSync ?? mode === 'reconcile');
    for (const object of objects) {
      checkCancelled(options.signal);
      await syncObject(session, object, keys.get(object.name) as ObjectKeys, options);
      await this.markCompleted(`data:${object.name}`);
    }
    if (!options.localOnly && (mode === 'siebel' || resolved > 0 || cleanupNeeded(session))) {
      await cleanup(session, options, !session.lacking.has('ListRecords') && (await everyTypeStreamed(keys)));
    }
    await store.setCheckpoint(null);
    const at = this.now();
    await store.updateSettings({ lastSyncAt: at, lastSyncResult: 'ok', lastSuccess: { at, counts: session.counts } });
    await reportDevice(session);
    // The time recorded as the last success: the Sync panel knows its result bar and its history speak of the same sync.
    return { phase: 'done', counts: session.counts, notice: session.notice, at };
  }

  /** A sync that stopped: cancelled, or failed with a high-level error (recorded for the Sync panel). */
  private async failed(raw: unknown): Promise<SyncStatus> {
    const { store } = this.options;
    const error =
      raw instanceof ProtocolError
        ? raw
        : new ProtocolError('INTERNAL', raw instanceof Error ? raw.message : String(raw), undefined, { cause: raw });
    if (error.code === 'CANCELLED') {
      await store.updateSettings({ lastSyncResult: 'cancelled' }).catch(() => undefined);
      return { phase: 'cancelled', at: this.now() };
    }
    if (error.code === 'SITE_REVOKED') {
      // From now on read-only (LocalEdits refuses, the pane says why and offers the export), even after a restart.
      const revokedAt = (await store.getSettings().catch(() => null))?.revokedAt ?? null;
      // Known already: nothing to write (an automatic sync of a replaced pane changes nothing).
      if (revokedAt) return { phase: 'failed', error, at: this.now() };
      const at = revokedAtOf(error) ?? this.now();
      await store.updateSettings({ revokedAt: at, lastSyncResult: 'failed' }).catch(() => undefined);
      return { phase: 'failed', error: revokedError(at), at: this.now() };
    }
    await store.updateSettings({ lastSyncAt: this.now(), lastSyncResult: 'failed' }).catch(() => undefined);
    return { phase: 'failed', error, at: this.now() };
  }

  private async markCompleted(step: string): Promise<void> {
    const { store } = this.options;
    const checkpoint = await store.getCheckpoint();
    if (checkpoint) await store.setCheckpoint({ ...checkpoint, completed: [...checkpoint.completed, step] });
  }

  private report(step: SyncStep, objectType: string | null, done: number, total: number, counts: SyncCounts): void {
    this.status.next({ phase: 'syncing', step, objectType, done, total, counts });
  }

  private finish(status: SyncStatus): SyncStatus {
    this.status.next(status);
    return status;
  }
}

/**
 * Whether the device held no synced record when this sync began: every type streamed
 * (a disabled type holding nothing). The caller also checks that no stream fell back
 * to the Siebel way (a gateway without ListRecords).
 */
async function everyTypeStreamed(keys: ReadonlyMap<string, ObjectKeys>): Promise<boolean> {
  for (const k of keys.values()) {
    if (k.kind === 'stream') continue;
    if (k.kind === 'upload only' && (await k.local()).length === 0) continue;
    return false;
  }
  return true;
}
