import {
  objectSyncScope,
  filterSettingsOf,
  parsePackage,
  type CustomizationPackage,
  type ObjectSyncScope,
} from '../../src/metadata/index.js';
import {
  fingerprintOf,
  RECONCILE_LIMITS,
  toWireFingerprint,
  type Change,
  type ChangeKey,
  type ChangeResult,
  type FieldValue,
  type FilterChoice,
  type RangeAnswer,
  type ReconcileSet,
} from '../../src/protocol/index.js';
import {
  applyReconcileAnswer,
  indexLocalKeys,
  nextReconcileRanges,
  NO_DIFFERENCES,
  reconcileDone,
  serverKeyChanges,
  startReconcile,
  withRecentKeys,
  type CallContext,
  type LocalKeyIndex,
  type ReconcilePlan,
} from '../../src/sync/index.js';
import { LOAD_OBJECT_TYPES, type LoadObjectType, type LoadUser } from './load-dataset.js';
import type { LoadClient } from './load-client.js';
import { LOAD_PASSWORD } from './seed-load-data.js';

/** What the rep holds of one record: its change key and the modification number an update must name. */
interface HeldKey {
  lastUpd: string;
  modNum: number;
}

interface TypeState {
  readonly keys: Map<string, HeldKey>;
  /** Fingerprint and newest DB_LAST_UPD of `keys`, kept until a write changes them (the engine's key summary). */
  summary: { fingerprint: ReturnType<typeof toWireFingerprint>; newest: string | undefined } | null;
}

/** The field each edit writes, per type: one no user key, filter or reference depends on, so an edit moves nothing. */
const EDIT_FIELD: Readonly<Record<LoadObjectType, string>> = {
  Account: 'Employees',
  Contact: 'JobTitle',
  Opportunity: 'Revenue',
  Activity: 'Subject',
};

export type EditKind = 'none' | 'update' | 'insert' | 'conflict';

export interface SyncPlan {
  readonly edit: EditKind;
  /** Switch to another preset of the package before syncing (and report it). */
  readonly changeFilter: boolean;
}

/** An upload the gateway acknowledged: what the end check looks for in the database. */
export interface AcknowledgedWrite {
  readonly kind: 'update' | 'insert';
  readonly operationId: string;
  readonly userName: string;
  readonly objectType: LoadObjectType;
  readonly rowId: string;
  readonly field: string;
  readonly value: FieldValue;
  /** The record's modification number the gateway answered. */
  readonly modNum: number;
}

export interface SyncResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly collisions: number;
  readonly downloaded: number;
  readonly removed: number;
}

/** Shared by every rep: the package is parsed once per hash, not a thousand times. */
const PACKAGES = new Map<string, CustomizationPackage>();

/**
 * One rep's device without a browser: the key set of each object type in memory and
 * the real sync protocol over HTTP, in the order SyncEngine runs it (Login →
 * DownloadMetadataFiles with the cached package ids → ReconcileKeys for every type at
 * once → ApplyChanges → QueryRecords for what differs → ReportDevice → Logout). The
 * reconciliation uses the engine's pure planner (reconcile-ranges.ts) over the same
 * key summary the engine keeps, so the gateway sees the requests a device makes.
 */
export class SimulatedRep {
  private readonly types = new Map<LoadObjectType, TypeState>(LOAD_OBJECT_TYPES.map((t) => [t, { keys: new Map(), summary: null }]));
  private pkg: CustomizationPackage | null = null;
  private packageIds: { packageId: string; responsibilityId: string; hashValue: string } | null = null;
  private databaseId: string | undefined;
  private sessionToken: string | undefined;
  private choice: FilterChoice;
  private writes = 0;
  /** Logout failures the engine would ignore, as messages. */
  readonly logoutFailures: string[] = [];
  /** An upload whose answer never arrived: sent again, same operation id, before anything else (as the engine's outbox does). */
  private pending: { change: Change; write: Omit<AcknowledgedWrite, 'modNum' | 'rowId'> & { rowId: string | null } } | null = null;

  constructor(
    readonly user: LoadUser,
    private readonly client: LoadClient,
    presetId: string,
    private readonly random: () => number,
    private readonly users: number,
    private readonly loginEverySync: boolean,
    private readonly onAcknowledged: (write: AcknowledgedWrite) => void,
  ) {
    this.choice = { presetId, disabledObjects: [], personalFilters: [], personalPresets: [] };
  }

  get presetId(): string | undefined {
    return this.choice.presetId;
  }

  get heldKeys(): number {
    let n = 0;
    for (const state of this.types.values()) n += state.keys.size;
    return n;
  }

  /**
   * Before the timed phase: log in, register the device, download the package and take
   * the initial key sets with GetChangeKeys (keys only, a few requests per type, instead
   * of a first sync that streams every record). Every seeded record has modification
   * number 1; later versions come with the records fetched during the run.
   */
  async setUp(): Promise<void> {
    await this.login();
    const site = await this.client.call(
      'RegisterSite',
      { deviceName: `load device ${this.user.userName}`, operationId: `load-site-${this.user.userName}` },
      this.context(),
    );
    this.databaseId = site.databaseId;
    await this.packageStep();
    for (const objectType of LOAD_OBJECT_TYPES) {
      const scope = this.scope(objectType);
      if (!scope.enabled) continue;
      const keys = (this.types.get(objectType) as TypeState).keys;
      let pageToken: string | undefined;
      do {
        const page = await this.client.call(
          'GetChangeKeys',
          { objectType, pageSize: 5_000, ...(scope.filter ? { filter: scope.filter } : {}), ...(pageToken ? { pageToken } : {}) },
          this.context(),
        );
        for (const key of page.keys) keys.set(key.rowId, { lastUpd: key.lastUpd, modNum: 1 });
        pageToken = page.nextPageToken;
      } while (pageToken);
    }
    if (this.loginEverySync) await this.logout();
  }

  async sync(plan: SyncPlan): Promise<SyncResult> {
    let collisions = 0;
    let downloaded = 0;
    let removed = 0;
    try {
      if (this.loginEverySync || !this.sessionToken) await this.login();
      await this.packageStep();
      if (plan.changeFilter) this.switchPreset();
      const changes = await this.reconcile();
      if (this.pending) await this.upload();
      if (plan.edit !== 'none') {
        const outcome = await this.edit(plan.edit);
        if (outcome === 'collision') collisions += 1;
      }
      for (const [objectType, rows] of changes) {
        const state = this.types.get(objectType) as TypeState;
        const fetch: string[] = [];
        for (const [rowId, lastUpd] of rows) {
          if (lastUpd === null) {
            state.keys.delete(rowId);
            state.summary = null;
            removed += 1;
          } else fetch.push(rowId);
        }
        downloaded += await this.fetchRecords(objectType, fetch);
      }
      await this.client.call('ReportDevice', { unsentChanges: this.pending ? 1 : 0, filters: this.choice }, this.context());
      if (this.loginEverySync) await this.logout();
      return { ok: true, collisions, downloaded, removed };
    } catch (error) {
      // The engine does not log out after a failure it cannot judge; the next sync logs in afresh.
      if (this.loginEverySync) this.sessionToken = undefined;
      return { ok: false, error: error instanceof Error ? error.message : String(error), collisions, downloaded, removed };
    }
  }

  private context(): CallContext {
    return { sessionToken: this.sessionToken, databaseId: this.databaseId };
  }

  private async login(): Promise<void> {
    const answer = await this.client.call('Login', { userName: this.user.userName, password: LOAD_PASSWORD }, {});
    this.sessionToken = answer.sessionToken;
  }

  /**
   * Logout as the engine sends it: its failure is ignored (sync-engine.ts). Logout is not
   * idempotent: when a process dies after ending the session but before answering, the
   * retry on another process finds the session ended (UNAUTHENTICATED). Counted apart.
   */
  private async logout(): Promise<void> {
    try {
      await this.client.call('Logout', {}, this.context());
    } catch (error) {
      this.logoutFailures.push(error instanceof Error ? error.message : String(error));
    }
    this.sessionToken = undefined;
  }

  /** DownloadMetadataFiles with the cached ids and hash: files only when the package changed (never, in this run). */
  private async packageStep(): Promise<void> {
    const answer = await this.client.call('DownloadMetadataFiles', this.packageIds ?? {}, this.context());
    this.packageIds = { packageId: answer.packageId, responsibilityId: answer.responsibilityId, hashValue: answer.hashValue };
    if (!answer.containsFiles) {
      if (!this.pkg) throw new Error('DownloadMetadataFiles sent no files to a device without a package');
      return;
    }
    let pkg = PACKAGES.get(answer.hashValue);
    if (!pkg) {
      const parsed = parsePackage(answer.files ?? []);
      if (!parsed.ok) throw new Error(`the package does not parse: ${parsed.problems.map((p) => p.reason).join('; ')}`);
      pkg = parsed.package;
      PACKAGES.set(answer.hashValue, pkg);
    }
    this.pkg = pkg;
  }

  private scope(objectType: LoadObjectType): ObjectSyncScope {
    if (!this.pkg) throw new Error('no package yet');
    return objectSyncScope(this.pkg, filterSettingsOf(this.choice), objectType);
  }

  /** The rep picks another preset (Filter Records): types it switches off leave the device; the rest is reconciled under the new filters. */
  private switchPreset(): void {
    const presets = (this.pkg as CustomizationPackage).filters.presets.map((p) => p.id).filter((id) => id !== this.choice.presetId);
    const presetId = presets[Math.floor(this.random() * presets.length)];
    if (!presetId) return;
    this.choice = { ...this.choice, presetId };
    for (const objectType of LOAD_OBJECT_TYPES) {
      if (this.scope(objectType).enabled) continue;
      const state = this.types.get(objectType) as TypeState;
      state.keys.clear();
      state.summary = null;
    }
  }

  /**
   * ReconcileKeys for every enabled type at once. First round: each type's summary
   * (fingerprint of all its keys, and its newest key as recentSince). A type answered
   * equal with nothing new is done; otherwise its keys are indexed (with the recent
   * keys in place when they differ, then compared again) and its ranges are split
   * until the planner has listed every difference.
   */
  private async reconcile(): Promise<Map<LoadObjectType, ReadonlyMap<string, string | null>>> {
    interface SetState {
      readonly objectType: LoadObjectType;
      readonly filter: ReconcileSet['filter'];
      device: ChangeKey[] | null;
      index: LocalKeyIndex | null;
      plan: ReconcilePlan;
      recent: readonly ChangeKey[];
      recentSince: string | undefined;
    }
    const states: SetState[] = [];
    for (const objectType of LOAD_OBJECT_TYPES) {
      const scope = this.scope(objectType);
      if (!scope.enabled) continue;
      const type = this.types.get(objectType) as TypeState;
      type.summary ??= summarise(type.keys);
      states.push({
        objectType,
        filter: scope.filter,
        device: null,
        index: null,
        plan: { open: [{ fingerprint: type.summary.fingerprint }], differences: NO_DIFFERENCES },
        recent: [],
        recentSince: type.summary.newest,
      });
    }
    for (let requests = 0; ; requests++) {
      const open = states.filter((s) => !reconcileDone(s.plan));
      if (open.length === 0) break;
      if (requests > 200) throw new Error('ReconcileKeys did not converge in 200 requests');
      let budget: number = RECONCILE_LIMITS.maxRangesPerRequest;
      const round: Array<{ state: SetState; set: ReconcileSet; limit: number }> = [];
      for (const state of open) {
        if (budget === 0) break;
        const ranges = nextReconcileRanges(state.plan, budget);
        budget -= ranges.length;
        round.push({
          state,
          limit: ranges.length,
          set: {
            objectType: state.objectType,
            ...(state.filter ? { filter: state.filter } : {}),
            ...(state.recentSince ? { recentSince: state.recentSince } : {}),
            ranges,
          },
        });
      }
      const answer = await this.client.call('ReconcileKeys', { sets: round.map((r) => r.set) }, this.context());
      if (answer.sets.length !== round.length) throw new Error(`${answer.sets.length} set answers for ${round.length} sets`);
      for (const [i, { state, set, limit }] of round.entries()) {
        const setAnswer = answer.sets[i] as (typeof answer.sets)[number];
        if (set.recentSince !== undefined) {
          state.recentSince = undefined;
          state.recent = setAnswer.recent ?? [];
        }
        if (state.index === null) this.firstAnswer(state, setAnswer.ranges, limit);
        else state.plan = applyReconcileAnswer(state.index, state.plan, setAnswer.ranges, limit);
      }
    }
    return new Map(states.map((s) => [s.objectType, serverKeyChanges(s.device ?? [], s.recent, s.plan.differences)]));
  }

  /** The answer to a type's summary: settle it, or index its keys and go on range by range. */
  private firstAnswer(
    state: {
      objectType: LoadObjectType;
      device: ChangeKey[] | null;
      index: LocalKeyIndex | null;
      plan: ReconcilePlan;
      recent: readonly ChangeKey[];
    },
    ranges: readonly RangeAnswer[],
    limit: number,
  ): void {
    const held = (this.types.get(state.objectType) as TypeState).keys;
    const equal = ranges.length === 1 && ranges[0]?.state === 'equal';
    if (equal && state.recent.every((k) => held.get(k.rowId)?.lastUpd === k.lastUpd)) {
      state.plan = { open: [], differences: NO_DIFFERENCES };
      return;
    }
    state.device = [...held].map(([rowId, key]) => ({ rowId, lastUpd: key.lastUpd }));
    const adjusted = withRecentKeys(state.device, state.recent);
    if (adjusted !== null) {
      // Compared against the old keys: compare again with the recent ones in place.
      state.index = indexLocalKeys(adjusted);
      state.plan = startReconcile(state.index);
      return;
    }
    // The summary was the fingerprint of exactly these keys, so the answer fits a fresh plan over them.
    state.index = indexLocalKeys(state.device);
    state.plan = applyReconcileAnswer(state.index, startReconcile(state.index), ranges, limit);
  }

  /** QueryRecords in pages of the package's maxIdsPerQuery; what is not found left the rep's view. */
  private async fetchRecords(objectType: LoadObjectType, rowIds: readonly string[]): Promise<number> {
    const state = this.types.get(objectType) as TypeState;
    const pageSize = (this.pkg as CustomizationPackage).sync.maxIdsPerQuery;
    let fetched = 0;
    for (let i = 0; i < rowIds.length; i += pageSize) {
      const answer = await this.client.call('QueryRecords', { objectType, rowIds: rowIds.slice(i, i + pageSize) }, this.context());
      for (const record of answer.records) state.keys.set(record.rowId, { lastUpd: record.lastUpd, modNum: record.modNum });
      for (const rowId of answer.notFound) state.keys.delete(rowId);
      fetched += answer.records.length;
      state.summary = null;
    }
    return fetched;
  }

  /**
   * One upload in an ApplyChanges batch. update: a new value in a record the rep owns,
   * with the modification number it holds. conflict: the same on a version older than
   * the one it holds, as when someone else changed the record since (COLLISION is the
   * expected answer). insert: a new activity. Each carries a fresh operation id.
   */
  private async edit(kind: Exclude<EditKind, 'none'>): Promise<'ok' | 'collision' | 'skipped'> {
    this.writes += 1;
    const operationId = `load-${this.user.userName}-${this.writes}-${kind}`;
    if (kind === 'insert') {
      const subject = `Load insert ${operationId}`;
      const fields = { Type: 'Call', Subject: subject, Start: new Date().toISOString(), Status: 'Planned' };
      this.pending = {
        change: { insert: { operationId, objectType: 'Activity', fields } },
        write: {
          kind: 'insert',
          operationId,
          userName: this.user.userName,
          objectType: 'Activity',
          rowId: null,
          field: 'Subject',
          value: subject,
        },
      };
      return (await this.upload()) ?? 'ok';
    }
    const target = this.ownRecord();
    if (!target) return 'skipped';
    const { objectType, rowId, key } = target;
    const field = EDIT_FIELD[objectType];
    const value: FieldValue =
      field === 'Employees' || field === 'Revenue' ? 1_000_000_000 + this.user.index * 100_000 + this.writes : `Load write ${operationId}`;
    const modNum = kind === 'conflict' ? key.modNum - 1 : key.modNum;
    this.pending = {
      change: { update: { operationId, objectType, rowId, modNum, fields: { [field]: value } } },
      write: { kind: 'update', operationId, userName: this.user.userName, objectType, rowId, field, value },
    };
    const outcome = await this.upload();
    if (kind === 'conflict') {
      if (outcome === 'collision') return 'collision';
      throw new Error(`an update of ${rowId} with the stale modNum ${modNum} was not refused with COLLISION`);
    }
    if (outcome === 'collision') throw new Error(`an update of ${rowId} with its current modNum ${modNum} was refused with COLLISION`);
    return 'ok';
  }

  /**
   * Sends the pending change and settles it: applied (acknowledged, the rep's key moves to
   * the answer), or refused. A failure with no answer keeps it pending for the next sync.
   */
  private async upload(): Promise<'collision' | undefined> {
    const pending = this.pending;
    if (!pending) return undefined;
    const answer = await this.client.call('ApplyChanges', { changes: [pending.change] }, this.context());
    this.pending = null;
    const result = answer.results[0] as ChangeResult;
    if (result.operationId !== pending.write.operationId) throw new Error(`ApplyChanges answered ${result.operationId}`);
    if (result.error) {
      if (result.error.code === 'COLLISION') return 'collision';
      throw new Error(`${pending.write.kind} ${pending.write.operationId} refused: ${result.error.code} ${result.error.message}`);
    }
    const ok = result.ok;
    if (!ok?.lastUpd || ok.modNum === undefined) throw new Error(`ApplyChanges answered no version for ${pending.write.operationId}`);
    this.onAcknowledged({ ...pending.write, rowId: ok.rowId, modNum: ok.modNum });
    const state = this.types.get(pending.write.objectType) as TypeState;
    if (pending.write.kind === 'update' || this.scope(pending.write.objectType).enabled) {
      state.keys.set(ok.rowId, { lastUpd: ok.lastUpd, modNum: ok.modNum });
      state.summary = null;
    }
    return undefined;
  }

  /** A held record of the seeded data set that this rep owns (a manager also holds its team's). */
  private ownRecord(): { objectType: LoadObjectType; rowId: string; key: HeldKey } | null {
    const candidates = LOAD_OBJECT_TYPES.filter((t) => (this.types.get(t) as TypeState).keys.size > 0);
    for (let attempt = 0; attempt < 20 && candidates.length > 0; attempt++) {
      const objectType = candidates[Math.floor(this.random() * candidates.length)] as LoadObjectType;
      const keys = [...(this.types.get(objectType) as TypeState).keys];
      const [rowId, key] = keys[Math.floor(this.random() * keys.length)] as [string, HeldKey];
      const position = seededPosition(rowId);
      if (position !== null && position % this.users === this.user.index) return { objectType, rowId, key };
    }
    return null;
  }
}

function summarise(keys: ReadonlyMap<string, HeldKey>): NonNullable<TypeState['summary']> {
  let newest: string | undefined;
  const list: ChangeKey[] = [];
  for (const [rowId, key] of keys) {
    list.push({ rowId, lastUpd: key.lastUpd });
    if (newest === undefined || key.lastUpd > newest) newest = key.lastUpd;
  }
  return { fingerprint: toWireFingerprint(fingerprintOf(list)), newest };
}

/** The position i of a seeded row id (load-dataset.ts loadRowId); null for a record created during the run. */
function seededPosition(rowId: string): number | null {
  return rowId.startsWith('1-LD') ? parseInt(rowId.slice(4), 36) : null;
}
