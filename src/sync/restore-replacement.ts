import { parsePackage, type CustomizationPackage } from '../metadata/index.js';
import { ProtocolError, type ResponseOf } from '../protocol/index.js';
import { WRITE_CHUNK_SIZE, type LocalStore, type ReplacementRestore } from '../store/index.js';
import { planReinstall } from './plan-reinstall.js';
import { settingsOfFilterChoice } from './filter-choice-of.js';
import { cleanedSettings, localRecordsFromPage } from './restore-records.js';
import { SyncEngine } from './sync-engine.js';
import { defaultSyncLock, type SyncLock } from './sync-lock.js';
import { tableSpecs } from './table-specs.js';
import type { CallContext, Transport } from './transport.js';

/** Where a replacement restore stands, as the pane renders it. */
export type RestoreProgress =
  /** Another device holds the gateway's restore slot; `position` 1 is next. */
  | { readonly phase: 'waiting'; readonly position: number }
  /**
   * Extract records written so far, of the extract's total, and per object type in
   * extract order (the types' `done` and `total` add up to the overall ones).
   */
  | { readonly phase: 'restoring'; readonly done: number; readonly total: number; readonly perType: readonly RestoreTypeProgress[] }
  /** CompleteRestore: the device becomes the user's new site. */
  | { readonly phase: 'registering' }
  /** The engine's incremental sync runs (its own status$ tells the details). */
  | { readonly phase: 'syncing' }
  | { readonly phase: 'done' }
  | { readonly phase: 'failed'; readonly error: ProtocolError };

/** One object type's share of a restore. */
export interface RestoreTypeProgress {
  readonly objectType: string;
  readonly done: number;
  readonly total: number;
}

export type RestoreOutcome = Extract<RestoreProgress, { phase: 'done' | 'failed' }>;

export interface RestoreReplacementOptions {
  /** The store of (gateway URL, job's user) on the replacement device. */
  readonly store: LocalStore;
  readonly transport: Transport;
  /** From ClaimReplacement. */
  readonly jobId: string;
  readonly sessionToken: string;
  readonly userName: string;
  readonly deviceName: string;
  /** Runs the incremental sync; by default an engine on the claim's session. */
  readonly engine?: Pick<SyncEngine, 'sync'>;
  readonly onProgress?: (progress: RestoreProgress) => void;
  /** How long to wait between BeginRestore calls while another restore runs (default 3 s). */
  readonly pollIntervalMs?: number;
  /** Stops the restore between steps (and the sync); running it again continues. */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly newOperationId?: () => string;
  readonly lock?: SyncLock;
  /** Waiting between polls; injectable for tests. Rejects with CANCELLED when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_POLL_MS = 3_000;

/**
 * The replacement device's side of a replacement job (SAP "Replacing Defective
 * Laptops", steps 10–13): wait for the gateway-wide restore slot → install the
 * package and write the site-specific extract → clean the old site's own data
 * out of the copy → register as the new site (CompleteRestore) → incremental
 * sync → FinishReplacement.
 *
 * Every step's completion is persisted in the store's settings (`replacement`),
 * and every mutating call's operation id is stored before it is sent: calling
 * this again after an interruption (crash, lost connection, cancel) carries on
 * from the last completed step, rewrites at most one extract page (same rows,
 * keyed by ROW_ID) and repeats lost requests as the same requests. Resolves with
 * 'done' or 'failed'; never rejects.
 */
export async function restoreReplacement(options: RestoreReplacementOptions): Promise<RestoreOutcome> {
  const lock = options.lock ?? defaultSyncLock();
  const report = (progress: RestoreProgress) => options.onProgress?.(progress);
  const release = await lock.tryAcquire(`fieldbook-restore:${options.store.databaseName}`);
  if (!release) {
    const outcome: RestoreOutcome = {
      phase: 'failed',
      error: new ProtocolError('INVALID_REQUEST', 'A restore is already running for this mailbox.'),
    };
    report(outcome);
    return outcome;
  }
  try {
    await new ReplacementRestoreRun(options, report).run();
    const outcome: RestoreOutcome = { phase: 'done' };
    report(outcome);
    return outcome;
  } catch (raw) {
    const error =
      raw instanceof ProtocolError
        ? raw
        : new ProtocolError('INTERNAL', raw instanceof Error ? raw.message : String(raw), undefined, { cause: raw });
    const outcome: RestoreOutcome = { phase: 'failed', error };
    report(outcome);
    return outcome;
  } finally {
    release();
  }
}

type Granted = ResponseOf<'BeginRestore'>;

class ReplacementRestoreRun {
  private readonly now: () => number;
  private readonly newOperationId: () => string;
  private readonly context: CallContext;

  constructor(
    private readonly options: RestoreReplacementOptions,
    private readonly report: (progress: RestoreProgress) => void,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.newOperationId = options.newOperationId ?? (() => `op-${crypto.randomUUID()}`);
    this.context = { sessionToken: options.sessionToken };
  }

  async run(): Promise<void> {
    const settings = await this.options.store.getSettings();
    const kept = settings.replacement?.jobId === this.options.jobId ? settings.replacement : null;
    if (kept?.stage === 'done') return;
    // Known from the start, so a pane reopened while this device waits in the queue continues this job.
    if (kept === null) await this.options.store.updateSettings({ replacement: initialState(this.options.jobId) });
    let state = kept === null || kept.stage === 'extract' ? await this.restoreExtract(kept ?? initialState(this.options.jobId)) : kept;
    if (state.stage === 'cleaned') state = await this.register(state);
    if (state.stage === 'registered') state = await this.syncIncrementally(state);
    if (state.stage === 'synced') await this.finish(state);
  }

  /** Steps 6 and 7: the extract into a freshly installed structure, then the clean-up. */
  private async restoreExtract(previous: ReplacementRestore): Promise<ReplacementRestore> {
    const { store, transport, jobId } = this.options;
    const granted = await this.waitForSlot();
    const { packageId, responsibilityId, hashValue, files, pageCount, recordCount } = requireGrant(granted);
    const perType = granted.perType ?? [];
    // The old device's filter choice, which the extract was built with: this device keeps it (its first sync applies it).
    const filters = granted.filters ? settingsOfFilterChoice(granted.filters) : {};
    const parsed = parsePackage(files);
    if (!parsed.ok) {
      throw new ProtocolError(
        'PACKAGE_UNAVAILABLE',
        'The configuration sent with the restore is incomplete or damaged. Contact your administrator.',
        {
          problems: parsed.problems.slice(0, 10),
        },
      );
    }
    const pkg: CustomizationPackage = parsed.package;
    const tables = tableSpecs(pkg.objects);

    // Resume only into the same extract and an intact structure; anything else starts the copy over.
    const resumable =
      previous.packageId === packageId &&
      previous.hashValue === hashValue &&
      previous.pageCount === pageCount &&
      previous.recordCount === recordCount &&
      (await store.checkStructure(tables)) === null;
    let state: ReplacementRestore;
    if (resumable) {
      state = previous;
    } else {
      // A store this user had in this browser before may hold unsent changes: they go to the archive, never
      // lost, in the reinstall's own transaction (an edit saved just before is archived too).
      this.checkCancelled();
      const now = this.now();
      await store.reinstall({ packageId, responsibilityId, hashValue: pkg.hash, files, appliedAt: now }, tables, (unsent) =>
        planReinstall(unsent, {
          keepTypes: new Set(),
          now,
          reason: () => 'Not uploaded before this device was set up again from a replacement.',
        }),
      );
      state = {
        jobId,
        stage: 'extract',
        packageId,
        responsibilityId,
        hashValue,
        pageCount,
        recordCount,
        pagesDone: 0,
        recordsDone: 0,
        completeOperationId: null,
        finishOperationId: null,
      };
      await store.updateSettings({ replacement: state });
    }

    this.report({ phase: 'restoring', done: state.recordsDone, total: recordCount, perType: typeProgress(perType, state.recordsDone) });
    for (let page = state.pagesDone; page < pageCount; page += 1) {
      this.checkCancelled();
      const answer = await transport.call('GetExtractPage', { jobId, page }, this.context);
      const { records } = localRecordsFromPage(answer.records, pkg.objects);
      for (let start = 0; start < records.length; start += WRITE_CHUNK_SIZE) {
        const chunk = records.slice(start, start + WRITE_CHUNK_SIZE);
        // A page written again (a resumed restore) must not overwrite what the rep changed since:
        // only a row that is absent or still a clean copy is written.
        await store.updateRecords({ records: chunk }, (seen) => ({
          put: chunk.filter((r) => {
            const current = seen.record(r.objectType, r.localId);
            return current === undefined || (current.state === 'clean' && current.pending === null);
          }),
          result: undefined,
        }));
      }
      state = { ...state, pagesDone: page + 1, recordsDone: state.recordsDone + answer.records.length };
      await store.updateSettings({ replacement: state });
      this.report({ phase: 'restoring', done: state.recordsDone, total: recordCount, perType: typeProgress(perType, state.recordsDone) });
    }

    // SAP "CleanDB": nothing of the old site's sync state stays. The reinstall emptied
    // issues and records, and every record written is clean: the outbox is empty.
    this.checkCancelled();
    await store.setCheckpoint(null);
    const issues = await store.listIssues();
    if (issues.length > 0) await store.deleteIssues(issues.map((i) => i.id));
    const cleaned: ReplacementRestore = { ...state, stage: 'cleaned', completeOperationId: this.newOperationId() };
    // One write: the cleaned settings and the operation id CompleteRestore will carry.
    await store.updateSettings({ ...cleanedSettings(cleaned), ...filters, replacement: cleaned });
    return cleaned;
  }

  /** BeginRestore until the gateway grants this job the restore slot; the queue position is reported meanwhile. */
  private async waitForSlot(): Promise<Granted> {
    const sleep = this.options.sleep ?? sleepFor;
    for (;;) {
      this.checkCancelled();
      const answer = await this.options.transport.call('BeginRestore', { jobId: this.options.jobId }, this.context);
      if (answer.granted) return answer;
      this.report({ phase: 'waiting', position: answer.position });
      await sleep(this.options.pollIntervalMs ?? DEFAULT_POLL_MS, this.options.signal);
    }
  }

  /** Step 8: the gateway registers the new site; a retry carries the same operation id and gets the same answer. */
  private async register(state: ReplacementRestore): Promise<ReplacementRestore> {
    const { store, transport, jobId, deviceName } = this.options;
    this.checkCancelled();
    this.report({ phase: 'registering' });
    const operationId = state.completeOperationId ?? this.newOperationId();
    if (state.completeOperationId === null) await store.updateSettings({ replacement: { ...state, completeOperationId: operationId } });
    const site = await transport.call('CompleteRestore', { jobId, deviceName, operationId }, this.context);
    const registered: ReplacementRestore = {
      ...state,
      completeOperationId: operationId,
      stage: 'registered',
      finishOperationId: this.newOperationId(),
    };
    await store.updateSettings({ siteId: site.siteId, databaseId: site.databaseId, registerOperationId: null, replacement: registered });
    return registered;
  }

  /** Step 9: the engine's incremental sync (the database id is set: it does not register another site). */
  private async syncIncrementally(state: ReplacementRestore): Promise<ReplacementRestore> {
    const { store } = this.options;
    this.checkCancelled();
    this.report({ phase: 'syncing' });
    const engine = this.options.engine ?? this.defaultEngine();
    // Everything here came from the server and is clean: a newer package may reinstall without asking.
    const result = await engine.sync({ confirmReinstall: true, ...(this.options.signal ? { signal: this.options.signal } : {}) });
    if (result.phase === 'cancelled') throw cancelled();
    if (result.phase === 'failed') throw result.error;
    if (result.phase !== 'done') throw new ProtocolError('INTERNAL', `The synchronisation after the restore stopped (${result.phase}).`);
    const synced: ReplacementRestore = { ...state, stage: 'synced' };
    await store.updateSettings({ replacement: synced });
    return synced;
  }

  private async finish(state: ReplacementRestore): Promise<void> {
    const { store, transport, jobId } = this.options;
    this.checkCancelled();
    const operationId = state.finishOperationId ?? this.newOperationId();
    if (state.finishOperationId === null) await store.updateSettings({ replacement: { ...state, finishOperationId: operationId } });
    const { databaseId } = await store.getSettings();
    await transport.call('FinishReplacement', { jobId, operationId }, { ...this.context, ...(databaseId ? { databaseId } : {}) });
    await store.updateSettings({ replacement: { ...state, finishOperationId: operationId, stage: 'done' } });
  }

  private defaultEngine(): SyncEngine {
    const { store, transport, userName, sessionToken, deviceName } = this.options;
    return new SyncEngine({
      store,
      transport,
      deviceName,
      credentials: () => Promise.resolve({ userName, sessionToken }),
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.newOperationId ? { newOperationId: this.options.newOperationId } : {}),
      ...(this.options.lock ? { lock: this.options.lock } : {}),
    });
  }

  private checkCancelled(): void {
    if (this.options.signal?.aborted) throw cancelled();
  }
}

/**
 * Each type's part of the records written so far. The extract is ordered by type
 * (build-extract.ts) and written in that order, so the first `done` records fill
 * the types one after the other; a restore resumed after a crash counts the same.
 */
export function typeProgress(
  perType: ReadonlyArray<{ readonly objectType: string; readonly count: number }>,
  done: number,
): RestoreTypeProgress[] {
  let left = done;
  return perType.map(({ objectType, count }) => {
    const mine = Math.min(count, Math.max(left, 0));
    left -= count;
    return { objectType, done: mine, total: count };
  });
}

/** Before the restore slot is granted: nothing of the extract is known or written yet. */
function initialState(jobId: string): ReplacementRestore {
  return {
    jobId,
    stage: 'extract',
    packageId: '',
    responsibilityId: '',
    hashValue: '',
    pageCount: 0,
    recordCount: 0,
    pagesDone: 0,
    recordsDone: 0,
    completeOperationId: null,
    finishOperationId: null,
  };
}

function requireGrant(answer: Granted): {
  packageId: string;
  responsibilityId: string;
  hashValue: string;
  files: NonNullable<Granted['files']>;
  pageCount: number;
  recordCount: number;
} {
  const { packageId, responsibilityId, hashValue, files, pageCount, recordCount } = answer;
  if (
    packageId === undefined ||
    responsibilityId === undefined ||
    hashValue === undefined ||
    files === undefined ||
    pageCount === undefined ||
    recordCount === undefined
  ) {
    throw new ProtocolError('INTERNAL', 'The gateway granted the restore without its package or extract size.');
  }
  return { packageId, responsibilityId, hashValue, files, pageCount, recordCount };
}

function cancelled(): ProtocolError {
  return new ProtocolError('CANCELLED', 'The restore was cancelled; it continues where it stopped when you try again.');
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
