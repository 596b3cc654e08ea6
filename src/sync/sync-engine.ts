import { BehaviorSubject, type Observable } from 'rxjs';
import {
  decidePackageAction,
  evaluateFilter,
  FIELDBOOK_PRODUCT_VERSION,
  parsePackage,
  type CustomizationPackage,
  type ObjectDefinition,
  type PackageDecision,
  type PackageFile,
} from '../metadata/index.js';
import { ProtocolError, type CrmRecord, type FieldValue } from '../protocol/index.js';
import type { AppliedPackage, LocalRecord, LocalStore, PendingUpload, SyncIssue } from '../store/index.js';
import { dependencyOrder } from './dependency-order.js';
import { recordFromServer } from './merge-server-record.js';
import { objectSyncScope } from './object-filter.js';
import { planReinstall } from './plan-reinstall.js';
import { planSync } from './plan-sync.js';
import { sameVersion, serverMayOverwrite } from './same-version.js';
import { applyResolution } from './resolve-conflict.js';
import { NO_COUNTS, type SyncCounts, type SyncStatus, type SyncStep } from './sync-status.js';
import { defaultSyncLock, type SyncLock } from './sync-lock.js';
import { tableSpecs } from './table-specs.js';
import type { CallContext, Transport } from './transport.js';
import { typeServerFields } from './type-server-fields.js';

/**
 * How the engine opens its session: a password (the engine logs in and out), or a
 * session the pane already opened (the pane's "remember me" keeps only this token;
 * the engine neither logs in nor ends it).
 */
export type Credentials =
  { readonly userName: string; readonly password: string } | { readonly userName: string; readonly sessionToken: string };

export interface SyncEngineOptions {
  readonly store: LocalStore;
  readonly transport: Transport;
  /** Asked at the start of every session; the password is never stored by the engine. */
  readonly credentials: () => Promise<Credentials>;
  readonly deviceName: string;
  readonly productVersion?: string;
  readonly now?: () => number;
  readonly newOperationId?: () => string;
  readonly lock?: SyncLock;
  /** The longest wait for one gateway answer, in ms; the transport's own limit (60 s by default) when absent. */
  readonly callTimeoutMs?: number;
}

export interface SyncOptions {
  /** Upload local changes only; download nothing (the control panel's "Sync local changes only"). */
  readonly localOnly?: boolean;
  /**
   * Stop after the session and package steps: the first-run assistant installs the
   * package, lets the rep choose filters from it, then runs the data sync.
   */
  readonly packageOnly?: boolean;
  /** The rep agreed to the reinstall prompt. */
  readonly confirmReinstall?: boolean;
  /** Cancels the sync, the request in flight included. */
  readonly signal?: AbortSignal;
}

/** Errors that stop the whole sync (Siebel: "If a high-level error occurs … the Synchronization Engine stops"). */
const HIGH_LEVEL = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'SITE_REVOKED',
  'PACKAGE_UNAVAILABLE',
  'INCOMPATIBLE_PRODUCT',
  'CONNECTIVITY',
  'STORAGE_FULL',
  'STORAGE_FAILED',
  'STRUCTURE_DAMAGED',
  'CANCELLED',
  'PAYLOAD_TOO_LARGE',
]);

/** How often a request is prepared again when the rep keeps changing the record meanwhile; then it waits for the next sync. */
const MARK_PENDING_ATTEMPTS = 3;

interface Session {
  readonly context: CallContext;
  readonly pkg: CustomizationPackage;
  counts: SyncCounts;
  notice: string | null;
  /** ROW_IDs this session's inserts received: their keys are already local, not server inserts. */
  readonly insertedRowIds: Set<string>;
  /** Records this session uploaded: whether they are inside the filters is judged here, not by the keys fetched before. */
  readonly uploadedLocalIds: Set<string>;
  readonly userName: string;
}

/**
 * The sync engine: Siebel's session (login, site, package, data, logout) over a
 * transport port and the store's API. Every step is idempotent and every upload
 * carries an operation id persisted before it is sent, so a sync interrupted
 * anywhere is resumed by simply syncing again: nothing is lost or written twice.
 */
export class SyncEngine {
  private readonly status = new BehaviorSubject<SyncStatus>({ phase: 'idle' });
  readonly status$: Observable<SyncStatus> = this.status.asObservable();
  private readonly now: () => number;
  private readonly newOperationId: () => string;
  private readonly lock: SyncLock;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? (() => Date.now());
    this.newOperationId = options.newOperationId ?? (() => `op-${crypto.randomUUID()}`);
    this.lock = options.lock ?? defaultSyncLock();
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
    try {
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
      context = { ...context, databaseId: await this.ensureSite(context) };
      this.checkCancelled(options);

      this.report('package', null, 0, 0, NO_COUNTS);
      const prepared = await this.preparePackage(context, userName, options);
      if ('stop' in prepared) {
        await store.setCheckpoint(null);
        if (ownSession) await transport.call('Logout', {}, context).catch(() => undefined);
        return this.finish(prepared.stop);
      }
      const session: Session = {
        context,
        pkg: prepared.pkg,
        counts: NO_COUNTS,
        notice: prepared.notice,
        insertedRowIds: new Set(),
        uploadedLocalIds: new Set(),
        userName,
      };
      if (options.packageOnly) {
        await store.setCheckpoint(null);
        if (ownSession) await transport.call('Logout', {}, context).catch(() => undefined);
        return this.finish({ phase: 'done', counts: NO_COUNTS, notice: prepared.notice, at: this.now() });
      }

      await this.applyResolutions();
      // Every object type runs again on a resumed sync: what an interrupted run
      // already did now classifies as "nothing", so nothing is done twice, and a
      // record deleted on the server meanwhile is still noticed.
      for (const object of dependencyOrder(session.pkg.objects)) {
        this.checkCancelled(options);
        await this.syncObject(session, object, options);
        await this.markCompleted(`data:${object.name}`);
      }
      if (!options.localOnly) await this.cleanup(session, options);
      await store.setCheckpoint(null);
      await store.updateSettings({ lastSyncAt: this.now(), lastSyncResult: 'ok' });
      if (ownSession) await transport.call('Logout', {}, context).catch(() => undefined);
      return this.finish({ phase: 'done', counts: session.counts, notice: session.notice, at: this.now() });
    } catch (raw) {
      const error =
        raw instanceof ProtocolError
          ? raw
          : new ProtocolError('INTERNAL', raw instanceof Error ? raw.message : String(raw), undefined, { cause: raw });
      // Not under the cancel signal: a cancelled sync still ends the session it opened.
      if (ownSession && error.code !== 'CONNECTIVITY')
        await transport.call('Logout', {}, { ...context, signal: undefined }).catch(() => undefined);
      if (error.code === 'CANCELLED') {
        await store.updateSettings({ lastSyncResult: 'cancelled' }).catch(() => undefined);
        return this.finish({ phase: 'cancelled', at: this.now() });
      }
      await store.updateSettings({ lastSyncAt: this.now(), lastSyncResult: 'failed' }).catch(() => undefined);
      return this.finish({ phase: 'failed', error, at: this.now() });
    }
  }

  /** RegisterSite once; the operation id is stored first, so a lost answer does not register a second site. */
  private async ensureSite(context: CallContext): Promise<string> {
    const { store, transport } = this.options;
    const settings = await store.getSettings();
    if (settings.databaseId) return settings.databaseId;
    const operationId = settings.registerOperationId ?? this.newOperationId();
    if (!settings.registerOperationId) await store.updateSettings({ registerOperationId: operationId });
    const site = await transport.call('RegisterSite', { deviceName: this.options.deviceName, operationId }, context);
    await store.updateSettings({ siteId: site.siteId, databaseId: site.databaseId, registerOperationId: null });
    return site.databaseId;
  }

  /**
   * Siebel incremental sync steps 3–10: send the cached ids, decide about the
   * offered package, and install, apply or ask. Also checks the local structure
   * ("There is a problem with the data structure") and rebuilds it when damaged.
   */
  private async preparePackage(
    context: CallContext,
    userName: string,
    options: SyncOptions,
  ): Promise<{ pkg: CustomizationPackage; notice: string | null } | { stop: SyncStatus }> {
    const { store, transport } = this.options;
    const settings = await store.getSettings();
    const applied = await store.getAppliedPackage();
    const appliedParsed = applied ? parsePackage(applied.files) : null;
    const appliedPkg = appliedParsed?.ok ? appliedParsed.package : null;
    const damage = appliedPkg
      ? await store.checkStructure(tableSpecs(appliedPkg.objects))
      : applied
        ? 'the stored package copy cannot be read'
        : null;
    // A damaged copy is not trusted as cache: ask for the files again.
    const cached =
      appliedPkg && !damage
        ? {
            packageId: settings.packageId ?? undefined,
            responsibilityId: settings.responsibilityId ?? undefined,
            hashValue: settings.hashValue ?? undefined,
          }
        : {};
    const answer = await transport.call(
      'DownloadMetadataFiles',
      { ...stripUndefined(cached), productVersion: this.productVersion() },
      context,
    );

    // The gateway names the caller's responsibility with the package (Login's answer need not be at hand).
    const responsibilityId = answer.responsibilityId;
    let offered: CustomizationPackage | null = null;
    if (answer.containsFiles) {
      const parsed = parsePackage(answer.files ?? []);
      if (!parsed.ok) {
        throw new ProtocolError(
          'PACKAGE_UNAVAILABLE',
          'The configuration from the gateway is incomplete or damaged. Contact your administrator.',
          {
            problems: parsed.problems.slice(0, 10),
          },
        );
      }
      offered = parsed.package;
    }
    const copy = (pkg: CustomizationPackage, files: readonly PackageFile[]): AppliedPackage => ({
      packageId: answer.packageId,
      responsibilityId,
      hashValue: pkg.hash,
      files,
      appliedAt: this.now(),
    });
    const remember = () => store.updateSettings({ packageId: answer.packageId, responsibilityId, hashValue: answer.hashValue });

    if (damage) {
      // Rebuild from the newest package we hold; records with unsent changes are kept and uploaded by this sync.
      const pkg = offered ?? appliedPkg;
      const files = offered ? (answer.files ?? []) : applied?.files;
      if (pkg === null || files === undefined) {
        throw new ProtocolError(
          'STRUCTURE_DAMAGED',
          `The local data structure is damaged (${damage}) and no configuration could be downloaded to rebuild it.`,
        );
      }
      await this.reinstall(pkg, copy(pkg, files), 'keep');
      await remember();
      return { pkg, notice: `The local data structure was damaged (${damage}); it was rebuilt and your data is downloaded again.` };
    }

    const decision = decidePackageAction({
      productVersion: this.productVersion(),
      applied:
        applied && appliedPkg
          ? {
              packageId: applied.packageId,
              version: appliedPkg.info.version,
              hash: appliedPkg.hash,
              structureHash: appliedPkg.structureHash,
            }
          : null,
      offered: offered
        ? {
            packageId: answer.packageId,
            version: offered.info.version,
            hash: offered.hash,
            structureHash: offered.structureHash,
            compatibility: offered.info.compatibility,
          }
        : null,
    });
    return this.actOnDecision(decision, { appliedPkg, offered, files: answer.files ?? [], copy, remember, options, context, userName });
  }

  private async actOnDecision(
    decision: PackageDecision,
    ctx: {
      appliedPkg: CustomizationPackage | null;
      offered: CustomizationPackage | null;
      files: readonly PackageFile[];
      copy: (pkg: CustomizationPackage, files: readonly PackageFile[]) => AppliedPackage;
      remember: () => Promise<unknown>;
      options: SyncOptions;
      context: CallContext;
      userName: string;
    },
  ): Promise<{ pkg: CustomizationPackage; notice: string | null } | { stop: SyncStatus }> {
    const { store } = this.options;
    switch (decision.action) {
      case 'unchanged':
        if (!ctx.appliedPkg) throw new ProtocolError('STRUCTURE_DAMAGED', 'No configuration is installed and the gateway sent none.');
        return { pkg: ctx.appliedPkg, notice: null };
      case 'incompatibleProduct':
        throw new ProtocolError('INCOMPATIBLE_PRODUCT', decision.message, { preferredProduct: decision.preferredProduct });
      case 'install': {
        const pkg = ctx.offered as CustomizationPackage;
        await this.reinstall(pkg, ctx.copy(pkg, ctx.files), 'keep');
        await ctx.remember();
        return { pkg, notice: null };
      }
      case 'applyQuietly': {
        const pkg = ctx.offered as CustomizationPackage;
        await store.replaceAppliedPackage(ctx.copy(pkg, ctx.files));
        await ctx.remember();
        return { pkg, notice: decision.message };
      }
      case 'uploadThenReinstall':
      case 'reinstallWithArchive': {
        const old = ctx.appliedPkg as CustomizationPackage;
        const pkg = ctx.offered as CustomizationPackage;
        if (decision.action === 'uploadThenReinstall') {
          // Siebel step 6: the schemas are compatible, so local changes go up under the old package first.
          const session: Session = {
            context: ctx.context,
            pkg: old,
            counts: NO_COUNTS,
            notice: null,
            insertedRowIds: new Set(),
            uploadedLocalIds: new Set(),
            userName: ctx.userName,
          };
          await this.applyResolutions();
          for (const object of dependencyOrder(old.objects)) await this.syncObject(session, object, { ...ctx.options, localOnly: true });
        }
        if (!ctx.options.confirmReinstall) return { stop: { phase: 'reinstallRequired', decision, message: decision.message } };
        await this.reinstall(pkg, ctx.copy(pkg, ctx.files), decision.action === 'uploadThenReinstall' ? 'keep' : 'archive');
        await ctx.remember();
        return { pkg, notice: null };
      }
    }
  }

  /**
   * Removes CRM data and structure and installs `pkg` (Siebel "Situations Where
   * Siebel CRM Desktop Reinstalls the Data Structure"). Records with unsent
   * changes are kept ('keep', they upload in this sync) or archived ('archive',
   * the new schema cannot take them) — never dropped.
   */
  private async reinstall(pkg: CustomizationPackage, copy: AppliedPackage, unsent: 'keep' | 'archive'): Promise<void> {
    const { store } = this.options;
    const now = this.now();
    await store.reinstall(copy, tableSpecs(pkg.objects), (work) =>
      planReinstall(work, {
        keepTypes: unsent === 'keep' ? new Set(pkg.objects.map((o) => o.name)) : new Set(),
        now,
        reason: () =>
          unsent === 'archive'
            ? 'The new configuration cannot take this change; it was kept here instead of being uploaded.'
            : 'This object type is not part of the new configuration.',
      }),
    );
    await store.setCheckpoint({ syncId: this.newOperationId(), startedAt: now, completed: [] });
  }

  /** Applies the rep's decisions on conflicts; the resulting changes are uploaded by this sync. */
  private async applyResolutions(): Promise<void> {
    const { store } = this.options;
    const resolved = (await store.listIssues()).filter((i) => i.resolution !== null);
    for (const { id, objectType, localId } of resolved) {
      // Read and applied in one transaction: an edit saved meanwhile withdrew the answer
      // (LocalEdits reopens the issue in its own transaction), and then nothing is applied.
      await store.updateRecords({ records: [{ objectType, localId }], issueIds: [id] }, (seen) => {
        const issue = seen.issue(id);
        if (issue === undefined || issue.resolution === null) return { result: undefined };
        const outcome = applyResolution(issue, seen.record(objectType, localId), this.now());
        return {
          put: outcome.put ? [outcome.put] : [],
          remove: outcome.remove ? [{ objectType, localId }] : [],
          deleteIssues: [id],
          result: undefined,
        };
      });
    }
  }

  /** Siebel "How Siebel CRM Desktop Synchronizes Siebel CRM Data", for one object type. */
  private async syncObject(session: Session, object: ObjectDefinition, options: SyncOptions): Promise<void> {
    const { store, transport } = this.options;
    const settings = await store.getSettings();
    const scope = objectSyncScope(session.pkg, settings, object.name);
    const download = scope.enabled && !options.localOnly;
    // Requests sent before an interruption are finished first, with their own operation
    // ids: the gateway replays answers it already gave, so the change key our own write
    // produced is not mistaken for someone else's change (a false conflict).
    for (const record of (await store.listRecords(object.name)).filter((r) => r.pending !== null)) {
      this.checkCancelled(options);
      const pending = record.pending as NonNullable<LocalRecord['pending']>;
      if (pending.kind === 'insert') await this.uploadInsert(session, object, record);
      else if (pending.kind === 'update') await this.uploadUpdate(session, object, record);
      else await this.uploadDelete(session, object, record);
    }
    const local = await store.listRecords(object.name);
    const issues = await store.listIssues();
    const blocking = new Set(issues.filter((i) => i.kind !== 'failed' && i.objectType === object.name).map((i) => i.localId));

    const keys: Array<{ rowId: string; lastUpd: string }> = [];
    if (download) {
      const { count } = await transport.call(
        'EstimateCount',
        { objectType: object.name, ...(scope.filter ? { filter: scope.filter } : {}) },
        session.context,
      );
      this.report('download', object.name, 0, count, session.counts);
      let pageToken: string | undefined;
      do {
        this.checkCancelled(options);
        const page = await transport.call(
          'GetChangeKeys',
          {
            objectType: object.name,
            pageSize: session.pkg.sync.pageSize,
            ...(scope.filter ? { filter: scope.filter } : {}),
            ...(pageToken ? { pageToken } : {}),
          },
          session.context,
        );
        keys.push(...page.keys);
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
    // Without a download the server's keys are unknown: only the outbox is planned (uploads).
    const candidates = download ? local : local.filter((r) => r.state !== 'clean' || r.pending !== null);
    const plan = planSync(
      candidates,
      download
        ? keys
        : candidates.filter((r) => r.rowId && r.lastUpd).map((r) => ({ rowId: r.rowId as string, lastUpd: r.lastUpd as string })),
      blocking,
    );
    const byLocalId = new Map(local.map((r) => [r.localId, r]));
    const byRowId = new Map(local.filter((r) => r.rowId).map((r) => [r.rowId as string, r]));
    const total =
      plan.localInserts.length +
      plan.localUpdates.length +
      plan.localDeletes.length +
      plan.serverInserts.length +
      plan.serverUpdates.length +
      plan.conflicts.length;
    let done = 0;
    const tick = (step: SyncStep) => this.report(step, object.name, ++done, total, session.counts);

    // Conflicts found by comparing change keys: log both versions for the rep.
    if (plan.conflicts.length > 0) {
      const servers = await this.fetchRecords(
        session,
        object,
        plan.conflicts.map((c) => c.rowId),
      );
      const newIssues: SyncIssue[] = plan.conflicts.map((c) => {
        const record = byLocalId.get(c.localId) as LocalRecord;
        const server = servers.get(c.rowId) ?? null;
        return this.issue(record, c.kind === 'bothUpdated' ? 'bothUpdated' : 'deletedVsUpdated', server, null);
      });
      await store.putIssues(newIssues);
      session.counts = { ...session.counts, conflicts: session.counts.conflicts + newIssues.length };
      done += newIssues.length;
    }

    for (const localId of plan.localInserts) {
      this.checkCancelled(options);
      await this.uploadInsert(session, object, byLocalId.get(localId) as LocalRecord);
      tick('upload');
    }
    for (const localId of plan.localUpdates) {
      this.checkCancelled(options);
      await this.uploadUpdate(session, object, byLocalId.get(localId) as LocalRecord);
      tick('upload');
    }
    for (const localId of plan.localDeletes) {
      this.checkCancelled(options);
      await this.uploadDelete(session, object, byLocalId.get(localId) as LocalRecord);
      tick('upload');
    }

    // Server inserts and updates: fetch whole records, overwrite all local fields.
    // An insert whose answer was lost shows up among the server's keys; the retried insert above already holds it.
    const fetchIds = [...plan.serverInserts.filter((id) => !session.insertedRowIds.has(id)), ...plan.serverUpdates];
    for (let i = 0; i < fetchIds.length; i += session.pkg.sync.maxIdsPerQuery) {
      this.checkCancelled(options);
      const ids = fetchIds.slice(i, i + session.pkg.sync.maxIdsPerQuery);
      const records = await this.fetchRecords(session, object, ids);
      const keysOf = ids.map((id) => ({ objectType: object.name, localId: byRowId.get(id)?.localId ?? id }));
      // Checked and written in one transaction: a record the rep changed since the plan
      // was made keeps the change (the next sync classifies it), never overwritten.
      const written = await store.updateRecords({ records: keysOf }, (seen) => {
        const put: LocalRecord[] = [];
        let inserted = 0;
        for (const id of ids) {
          const server = records.get(id);
          if (!server) continue; // deleted in between: the next sync no longer sees its key
          const planned = byRowId.get(id);
          const current = seen.record(object.name, planned?.localId ?? id);
          if (!serverMayOverwrite(current, planned)) continue;
          put.push({ ...recordFromServer(server, object.name, current), readOnly: false });
          if (planned === undefined) inserted += 1;
        }
        return { put, result: { total: put.length, inserted } };
      });
      session.counts = {
        ...session.counts,
        inserted: session.counts.inserted + written.inserted,
        updated: session.counts.updated + written.total - written.inserted,
      };
      done += ids.length;
      this.report('download', object.name, done, total, session.counts);
    }

    // Records not among the keys — deleted on the server, out of the filters, or of a
    // disabled type — leave the device in cleanup, which knows every reference. Read
    // from the store again: a record uploaded just now may itself be outside the filters.
    if (!options.localOnly) {
      const serverIds = new Set(keys.map((k) => k.rowId));
      const after = await store.listRecords(object.name);
      const filterContext = { object, today: new Date(this.now()).toISOString().slice(0, 10), me: session.userName };
      const outside = (r: LocalRecord): boolean => {
        if (!download) return true;
        if (!session.uploadedLocalIds.has(r.localId)) return !serverIds.has(r.rowId as string);
        try {
          return scope.filter !== undefined && !evaluateFilter(scope.filter, r, filterContext);
        } catch {
          return false; // a filter the client cannot evaluate: keep the record rather than guess
        }
      };
      const candidates = after.filter((r) => r.state === 'clean' && r.pending === null && r.rowId !== null && outside(r));
      this.pendingRemovals.set(object.name, new Set(candidates.map((r) => r.localId)));
      // A record kept read-only (outside the filters, but referenced) whose key the server lists
      // again is back inside the filters: editable again. With an unchanged key it was planned as
      // "nothing", so the download above did not touch it, and cleanup would keep it read-only.
      const back = download ? after.filter((r) => r.readOnly && r.state === 'clean' && r.rowId !== null && serverIds.has(r.rowId)) : [];
      if (back.length > 0) {
        await store.updateRecords({ records: back }, (seen) => ({
          put: back.flatMap((r) => {
            const current = seen.record(r.objectType, r.localId);
            return current !== undefined && sameVersion(current, r) ? [{ ...current, readOnly: false }] : [];
          }),
          result: undefined,
        }));
      }
    }
  }

  private readonly pendingRemovals = new Map<string, Set<string>>();

  /**
   * Siebel: records outside the filters are removed, except those another synced
   * record refers to — kept read-only, refreshed, without their own
   * relationships; referenced records missing locally are fetched read-only.
   */
  private async cleanup(session: Session, options: SyncOptions): Promise<void> {
    const { store } = this.options;
    this.report('cleanup', null, 0, 0, session.counts);
    const all = new Map<string, LocalRecord[]>();
    for (const object of session.pkg.objects) all.set(object.name, await store.listRecords(object.name));
    const removals = this.pendingRemovals;
    const referenced = new Map<string, Set<string>>();
    for (const object of session.pkg.objects) {
      const refFields = object.fields.filter((f) => f.type === 'reference' && f.references);
      for (const record of all.get(object.name) ?? []) {
        if (record.readOnly || removals.get(object.name)?.has(record.localId)) continue; // read-only records keep no relationships
        for (const f of refFields) {
          const value = record.fields[f.name];
          if (typeof value === 'string') {
            const set = referenced.get(f.references as string) ?? new Set<string>();
            set.add(value);
            referenced.set(f.references as string, set);
          }
        }
      }
    }
    for (const object of session.pkg.objects) {
      this.checkCancelled(options);
      const records = all.get(object.name) ?? [];
      const refs = referenced.get(object.name) ?? new Set<string>();
      const candidates = removals.get(object.name) ?? new Set<string>();
      const remove: Array<{ objectType: string; localId: string }> = [];
      const keepReadOnly: string[] = [];
      for (const record of records) {
        // Only clean records leave: one the rep changed since it became a candidate is uploaded first.
        if (record.state !== 'clean' || record.pending !== null) continue;
        const isCandidate = candidates.has(record.localId) || record.readOnly;
        if (!isCandidate) continue;
        if (record.rowId && (refs.has(record.rowId) || refs.has(record.localId))) keepReadOnly.push(record.rowId);
        else remove.push({ objectType: object.name, localId: record.localId });
      }
      // One lookup table per type: read-only records can number tens of thousands (a scan each was quadratic).
      const byRowId = new Map(records.filter((r) => r.rowId !== null).map((r) => [r.rowId as string, r]));
      const present = new Set(byRowId.keys());
      const missing = [...refs].filter((id) => !present.has(id) && !id.startsWith('L-'));
      const fetched = await this.fetchRecords(session, object, [...keepReadOnly, ...missing]);
      // A kept record the server no longer has (or shows) goes too.
      for (const rowId of keepReadOnly)
        if (!fetched.has(rowId)) remove.push({ objectType: object.name, localId: (byRowId.get(rowId) as LocalRecord).localId });
      const planned = new Map(records.map((r) => [r.localId, r]));
      const putKeys = [...fetched.keys()].map((rowId) => ({ objectType: object.name, localId: byRowId.get(rowId)?.localId ?? rowId }));
      // Decided again inside the write: a record the rep changed since it was listed stays as
      // the rep left it (uploaded by the next sync), neither removed nor overwritten.
      const removed = await store.updateRecords({ records: [...remove, ...putKeys] }, (seen) => {
        const put: LocalRecord[] = [];
        for (const [rowId, server] of fetched) {
          const existing = byRowId.get(rowId);
          const current = seen.record(object.name, existing?.localId ?? rowId);
          if (!serverMayOverwrite(current, existing)) continue;
          put.push({ ...recordFromServer(server, object.name, current), readOnly: true });
        }
        const gone = remove.filter(({ localId }) => {
          const current = seen.record(object.name, localId);
          const seenThen = planned.get(localId);
          return (
            current !== undefined &&
            seenThen !== undefined &&
            current.state === 'clean' &&
            current.pending === null &&
            sameVersion(current, seenThen)
          );
        });
        return { put, remove: gone, result: gone.length };
      });
      session.counts = { ...session.counts, deleted: session.counts.deleted + removed };
    }
    removals.clear();
  }

  private async fetchRecords(session: Session, object: ObjectDefinition, rowIds: readonly string[]): Promise<Map<string, CrmRecord>> {
    const out = new Map<string, CrmRecord>();
    for (let i = 0; i < rowIds.length; i += session.pkg.sync.maxIdsPerQuery) {
      const ids = rowIds.slice(i, i + session.pkg.sync.maxIdsPerQuery);
      const answer = await this.options.transport.call('QueryRecords', { objectType: object.name, rowIds: ids }, session.context);
      for (const r of answer.records) out.set(r.rowId, { ...r, fields: typeServerFields(object, r.fields) });
    }
    return out;
  }

  /**
   * Saves `pending` on the record, built from the record as read now (`prepare`), in
   * one conditional write: if the rep changed the record while the request was being
   * prepared, it is prepared again from the new version (a few times), else left for
   * the next sync. Returns the record with its pending request, or null when there is
   * nothing to send (`prepare` says so, or the record keeps changing).
   */
  private async markPending(
    object: ObjectDefinition,
    localId: string,
    prepare: (record: LocalRecord) => Promise<PendingUpload | null>,
  ): Promise<LocalRecord | null> {
    const { store } = this.options;
    for (let attempt = 0; attempt < MARK_PENDING_ATTEMPTS; attempt++) {
      const record = await store.getRecord(object.name, localId);
      if (record === undefined) return null;
      if (record.pending !== null) return record; // sent before an interruption: resent as it is
      const pending = await prepare(record);
      if (pending === null) return null;
      const marked = await store.updateRecords({ records: [record] }, (seen) => {
        const current = seen.record(object.name, localId);
        if (current === undefined || !sameVersion(current, record)) return { result: null };
        const next: LocalRecord = { ...current, pending };
        return { put: [next], result: next };
      });
      if (marked !== null) return marked;
    }
    return null;
  }

  /** Siebel "IBM Notes insert": the gateway checks the user keys; a match becomes a sync issue. */
  private async uploadInsert(session: Session, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
    const { store, transport } = this.options;
    let record: LocalRecord | null;
    try {
      record = await this.markPending(object, planned.localId, async (r) => {
        if (r.state !== 'created') return null;
        const fields = await this.resolveReferences(object, r.fields);
        // null: refers to a record that is not uploaded yet; next sync
        return fields === null ? null : { kind: 'insert', operationId: this.newOperationId(), fields, modNum: null };
      });
    } catch (error) {
      return this.operationFailed(session, planned, error, 'insert'); // refers to a record deleted before it was uploaded
    }
    if (record === null || record.pending?.kind !== 'insert') return;
    const pending = record.pending;
    try {
      const result = await transport.call(
        'InsertRecord',
        { operationId: pending.operationId, objectType: object.name, fields: pending.fields },
        session.context,
      );
      session.insertedRowIds.add(result.rowId);
      session.uploadedLocalIds.add(record.localId);
      const sent = record;
      await store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
        const current = seen.record(object.name, sent.localId) ?? sent;
        const changedMeanwhile = !sameFields(current.fields, pending.fields);
        const uploaded: LocalRecord = {
          ...current,
          rowId: result.rowId,
          lastUpd: result.lastUpd,
          modNum: result.modNum,
          base: pending.fields,
          origin: 'crm',
          state: current.state === 'deleted' ? 'deleted' : changedMeanwhile ? 'updated' : 'clean',
          pending: null,
        };
        return { put: [uploaded], deleteIssues: [issueId(sent)], result: undefined };
      });
      await this.replaceTemporaryId(session, object.name, record.localId, result.rowId);
      session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
    } catch (error) {
      await this.operationFailed(session, record, error, pending.kind);
    }
  }

  /** Siebel "IBM Notes update": only the changed fields, guarded by the modification number. */
  private async uploadUpdate(session: Session, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
    const { store, transport } = this.options;
    let record: LocalRecord | null;
    try {
      record = await this.markPending(object, planned.localId, async (r) => {
        if (r.state !== 'updated' || r.rowId === null || r.modNum === null) return null;
        const resolved = await this.resolveReferences(object, r.fields);
        if (resolved === null) return null;
        const changes: Record<string, FieldValue> = {};
        const base = r.base ?? {};
        for (const [k, v] of Object.entries(resolved)) if (base[k] !== v) changes[k] = v;
        for (const k of Object.keys(base)) if (!(k in resolved)) changes[k] = null;
        return { kind: 'update', operationId: this.newOperationId(), fields: changes, modNum: r.modNum };
      });
    } catch (error) {
      return this.operationFailed(session, planned, error, 'update'); // refers to a record deleted before it was uploaded
    }
    if (record === null || record.pending?.kind !== 'update' || record.rowId === null) return;
    const pending = record.pending;
    try {
      const result = await transport.call(
        'UpdateRecord',
        {
          operationId: pending.operationId,
          objectType: object.name,
          rowId: record.rowId,
          modNum: pending.modNum as number,
          fields: pending.fields,
        },
        session.context,
      );
      const sent = record;
      await store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
        const current = seen.record(object.name, sent.localId) ?? sent;
        const newBase = { ...(current.base ?? {}), ...pending.fields };
        for (const k of Object.keys(newBase)) if (newBase[k] === null) delete newBase[k];
        const uploaded: LocalRecord = {
          ...current,
          lastUpd: result.lastUpd,
          modNum: result.modNum,
          base: newBase,
          state: current.state === 'deleted' ? 'deleted' : sameFields(current.fields, newBase) ? 'clean' : 'updated',
          pending: null,
        };
        return { put: [uploaded], deleteIssues: [issueId(sent)], result: undefined };
      });
      session.uploadedLocalIds.add(record.localId);
      session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
    } catch (error) {
      await this.operationFailed(session, record, error, 'update');
    }
  }

  /** Siebel "IBM Notes delete". A record already gone on the server is simply gone. */
  private async uploadDelete(session: Session, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
    const { transport } = this.options;
    const record = await this.markPending(object, planned.localId, (r) =>
      Promise.resolve(
        r.state !== 'deleted' || r.rowId === null || r.modNum === null
          ? null
          : { kind: 'delete' as const, operationId: this.newOperationId(), fields: {}, modNum: r.modNum },
      ),
    );
    if (record === null) {
      // Created here and deleted before it was ever uploaded: nothing to tell the server.
      await this.removeDeleted(object, planned, (r) => r.rowId === null && r.pending === null);
      return;
    }
    if (record.pending?.kind !== 'delete' || record.rowId === null) return;
    const pending = record.pending;
    try {
      await transport.call(
        'DeleteRecord',
        { operationId: pending.operationId, objectType: object.name, rowId: record.rowId, modNum: pending.modNum as number },
        session.context,
      );
      await this.removeDeleted(object, record, () => true);
      session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'NOT_FOUND') {
        await this.removeDeleted(object, record, () => true);
        return;
      }
      await this.operationFailed(session, record, error, 'delete');
    }
  }

  /** Removes a record the rep deleted (and its issue), if it is still deleted and `also` holds. */
  private async removeDeleted(object: ObjectDefinition, record: LocalRecord, also: (current: LocalRecord) => boolean): Promise<void> {
    await this.options.store.updateRecords({ records: [record], issueIds: [issueId(record)] }, (seen) => {
      const current = seen.record(object.name, record.localId);
      if (current === undefined || current.state !== 'deleted' || !also(current)) return { result: undefined };
      return { remove: [record], deleteIssues: [issueId(record)], result: undefined };
    });
  }

  /**
   * Turns a refused operation into the right log entry. High-level errors stop
   * the sync (the pending operation id stays, so the resumed sync repeats the same
   * request). COLLISION and NOT_FOUND become conflicts with the server's version;
   * DUPLICATE_USER_KEY a duplicate issue; anything else a failed operation,
   * retried next sync (Siebel "How Siebel CRM Desktop Handles Synchronization Errors").
   */
  private async operationFailed(session: Session, record: LocalRecord, raw: unknown, kind: 'insert' | 'update' | 'delete'): Promise<void> {
    const { store } = this.options;
    const error = raw instanceof ProtocolError ? raw : new ProtocolError('INTERNAL', String(raw), undefined, { cause: raw });
    if (HIGH_LEVEL.has(error.code)) throw error;
    const conflict = error.code === 'COLLISION' || (error.code === 'NOT_FOUND' && kind === 'update');
    let server: CrmRecord | null = null;
    if (conflict && record.rowId) {
      const object = session.pkg.objects.find((o) => o.name === record.objectType) as ObjectDefinition;
      server = (await this.fetchRecords(session, object, [record.rowId])).get(record.rowId) ?? null;
    }
    // The request was answered: the pending id is spent (a refused request wrote nothing). The
    // issue shows the record as it is when logged, in the same transaction as the pending id goes.
    await store.updateRecords({ records: [record] }, (seen) => {
      const current = seen.record(record.objectType, record.localId) ?? record;
      let issue: SyncIssue;
      if (conflict) {
        const conflictKind = server === null ? 'updatedVsDeleted' : kind === 'delete' ? 'deletedVsUpdated' : 'bothUpdated';
        issue = this.issue(current, conflictKind, server, null);
      } else if (error.code === 'DUPLICATE_USER_KEY') {
        issue = { ...this.issue(current, 'duplicate', null, error.code), message: error.message };
      } else {
        issue = { ...this.issue(current, 'failed', null, error.code), message: error.message };
      }
      return { put: [{ ...current, pending: null }], putIssues: [issue], result: undefined };
    });
    session.counts = conflict
      ? { ...session.counts, conflicts: session.counts.conflicts + 1 }
      : { ...session.counts, issues: session.counts.issues + 1 };
  }

  private issue(record: LocalRecord, kind: SyncIssue['kind'], server: CrmRecord | null, code: string | null): SyncIssue {
    const messages: Record<SyncIssue['kind'], string> = {
      bothUpdated: 'Changed here and on the server since the last synchronisation.',
      updatedVsDeleted: 'Changed here, but deleted on the server.',
      deletedVsUpdated: 'Deleted here, but changed on the server.',
      duplicate: 'A record with the same key already exists on the server.',
      failed: 'The server could not apply this change; it is tried again at the next synchronisation.',
    };
    return {
      id: issueId(record),
      objectType: record.objectType,
      localId: record.localId,
      rowId: record.rowId,
      kind,
      local: record.state === 'deleted' ? null : record.fields,
      server,
      message: messages[kind],
      code,
      detectedAt: this.now(),
      resolution: null,
    };
  }

  /**
   * Reference fields may still hold the temporary id of a record created here.
   * Those already uploaded are swapped for their ROW_ID; if one is not uploaded
   * yet the record waits (null) for the next pass; if one no longer exists, it
   * throws INVALID_REQUEST, which the caller logs as a failed operation.
   */
  private async resolveReferences(
    object: ObjectDefinition,
    fields: Readonly<Record<string, FieldValue>>,
  ): Promise<Record<string, FieldValue> | null> {
    const out: Record<string, FieldValue> = { ...fields };
    for (const f of object.fields) {
      const value = fields[f.name];
      if (f.type !== 'reference' || typeof value !== 'string' || !value.startsWith('L-') || !f.references) continue;
      const target = await this.options.store.getRecord(f.references, value);
      // Created here and deleted before it was uploaded: it never gets a ROW_ID, so waiting for it
      // would keep this record out of the server forever, with nothing in the log to tell the rep.
      if (!target)
        throw new ProtocolError('INVALID_REQUEST', `${f.name} refers to a ${f.references} that was deleted before it was synchronised`, {
          objectType: object.name,
          field: f.name,
          references: f.references,
        });
      if (!target.rowId) return null;
      out[f.name] = target.rowId;
    }
    return out;
  }

  /** After an insert: every reference to the temporary id now holds the server's ROW_ID. */
  private async replaceTemporaryId(session: Session, objectType: string, localId: string, rowId: string): Promise<void> {
    const { store } = this.options;
    // Only a temporary id is replaced. A record kept after the server deleted it ("keep mine"
    // on updated vs deleted) is inserted again under its old ROW_ID as localId; records that
    // refer to that ROW_ID refer to the deleted record on the server too, and rewriting them
    // here (clean, so never uploaded) would leave the device silently unlike the server.
    if (!localId.startsWith('L-')) return;
    for (const object of session.pkg.objects) {
      for (const f of object.fields) {
        if (f.type !== 'reference' || f.references !== objectType) continue;
        const referring = await store.findByField(object.name, f.name, localId);
        if (referring.length === 0) continue;
        // Rewritten from the record as it is inside the write, so an edit saved meanwhile stays.
        await store.updateRecords({ records: referring }, (seen) => ({
          put: referring.flatMap((r) => {
            const current = seen.record(r.objectType, r.localId);
            return current !== undefined && current.fields[f.name] === localId
              ? [{ ...current, fields: { ...current.fields, [f.name]: rowId } }]
              : [];
          }),
          result: undefined,
        }));
      }
    }
  }

  private async markCompleted(step: string): Promise<void> {
    const { store } = this.options;
    const checkpoint = await store.getCheckpoint();
    if (checkpoint) await store.setCheckpoint({ ...checkpoint, completed: [...checkpoint.completed, step] });
  }

  private checkCancelled(options: SyncOptions): void {
    if (options.signal?.aborted)
      throw new ProtocolError('CANCELLED', 'The synchronisation was cancelled; it continues where it stopped next time.');
  }

  private productVersion(): string {
    return this.options.productVersion ?? FIELDBOOK_PRODUCT_VERSION;
  }

  private report(step: SyncStep, objectType: string | null, done: number, total: number, counts: SyncCounts): void {
    this.status.next({ phase: 'syncing', step, objectType, done, total, counts });
  }

  private finish(status: SyncStatus): SyncStatus {
    this.status.next(status);
    return status;
  }
}

function issueId(record: Pick<LocalRecord, 'objectType' | 'localId'>): string {
  return `${record.objectType}/${record.localId}`;
}

function sameFields(a: Readonly<Record<string, FieldValue>>, b: Readonly<Record<string, FieldValue>>): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== null);
  const kb = Object.keys(b).filter((k) => b[k] !== null);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
