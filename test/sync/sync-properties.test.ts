import * as fc from 'fast-check';
import type { CrmRecord, FieldValue, FilterExpr } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { LocalEdits, resolveAll, resolveIssue, type SyncStatus } from '../../src/sync/index.js';
import { EditLedger, type TrackedEdit } from '../support/edit-ledger.js';
import { FaultyTransport } from '../support/faulty-transport.js';
import { Interleaver } from '../support/interleaver.js';
import { GatewayClient, type Encoding } from '../support/gateway-client.js';
import { localView, openDevice, serverView, type TestDevice, type View } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { UploadFaults } from '../support/upload-faults.js';

/**
 * docs/architecture.md, Sync, as a property: whatever a rep does offline, whatever others
 * do on the server meanwhile, whatever filters the rep sets and wherever the
 * connection drops, once the rep has answered the conflicts panel and synced
 * cleanly,
 *  (0) every record still in the outbox has an entry in the issues log saying why;
 *  (1) the device holds exactly what the server shows the rep under the rep's
 *      filters (records with an issue excepted: they may differ until the rep acts);
 *  (2) no local edit is lost: each is on the server, in the issues log, in the
 *      archive, or superseded (see EditLedger for the exact meaning);
 *  (3) nothing was written twice: every marker value occurs at most once on the server.
 *
 * Each run gets a fresh gateway and a fresh device for alice (sales rep, personal
 * visibility, default preset "My accounts"). dave, her manager, sees her records
 * and changes or deletes them; alice also works from another client.
 *
 * Reproduce a failure with FC_SEED=<seed> FC_PATH=<path> from the report, or
 * run a command list first with FC_EXAMPLE='[{"kind":"createAccount"},…]';
 * FC_RUNS overrides the number of runs; FC_STATS=1 prints what the runs exercised.
 */

const DEMO_RECORDS = 80;
/**
 * Clean syncs the final phase may take. Nobody else writes by then, so: the first
 * answers every issue (an answer built on a server version that has moved on since
 * collides and is logged again, now with the current one; the sync may also meet new
 * conflicts), the second uploads those answers, the third has nothing left to do.
 */
const MAX_SETTLE_ROUNDS = 3;

const OBJECT_TYPES = ['Account', 'Contact', 'Opportunity', 'Activity'] as const;
type ObjectType = (typeof OBJECT_TYPES)[number];
const STAGES = ['Prospecting', 'Qualification', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'] as const;
type Stage = (typeof STAGES)[number];
/**
 * Text fields a marker can go in; Name and LastName are user keys and filtered on, so edits move records in and out of
 * the filters. Not Phone: a marker is not a phone number (the package's kind="phone").
 */
const MARKER_FIELDS: Readonly<Record<ObjectType, readonly string[]>> = {
  Account: ['Location', 'Name'],
  Contact: ['JobTitle', 'FirstName', 'LastName'],
  Opportunity: ['Name'],
  Activity: ['Subject'],
};
/** Markers start with one of these letters, and the personal filters select by them. */
const LETTERS = ['B', 'M', 'S', 'Z'] as const;

/**
 * Presets of the demo package: "My open opportunities" filters opportunities by stage and
 * switches activities off; "Everything of my team" has no filter at all. ("Activities of
 * the last 90 days" is left out: the client would judge its day range by the machine's
 * date, the gateway by the test clock's.)
 */
const PRESETS = [null, 'my-open-opportunities', 'my-team'] as const;
/** Accounts cannot be switched off (canDisable="false"). */
const CAN_DISABLE = ['Contact', 'Opportunity', 'Activity'] as const;

type FilteredType = 'Account' | 'Contact' | 'Opportunity';
const FILTER_CHOICES: ReadonlyArray<{ readonly objectType: FilteredType; readonly filter: FilterExpr | null }> = [
  { objectType: 'Account', filter: null },
  ...LETTERS.map((l) => ({ objectType: 'Account' as const, filter: { field: 'Name', op: 'startsWith' as const, value: l } })),
  { objectType: 'Contact', filter: null },
  ...LETTERS.map((l) => ({ objectType: 'Contact' as const, filter: { field: 'LastName', op: 'startsWith' as const, value: l } })),
  { objectType: 'Opportunity', filter: null },
  { objectType: 'Opportunity', filter: { field: 'Stage', op: 'ne', value: 'Closed Won' } },
  { objectType: 'Opportunity', filter: { not: { field: 'Stage', in: ['Closed Won', 'Closed Lost'] } } },
  ...LETTERS.map((l) => ({ objectType: 'Opportunity' as const, filter: { field: 'Name', op: 'startsWith' as const, value: l } })),
];

/**
 * What the rep and the others do. Records are chosen by index into the list of
 * candidates at that moment (modulo its length, sorted by a stable key), so a
 * shrunk sequence still means something.
 */
type Command =
  | { readonly kind: 'createAccount' }
  | { readonly kind: 'createContact'; readonly account: number }
  | { readonly kind: 'createOpportunity'; readonly account: number; readonly stage: Stage }
  | {
      readonly kind: 'localUpdate';
      readonly objectType: ObjectType;
      readonly record: number;
      readonly field: number;
      readonly stage: Stage | null;
    }
  | { readonly kind: 'localDelete'; readonly objectType: ObjectType; readonly record: number }
  /** contested: dave picks among the records the rep has unsent changes to (when there are any), to provoke conflicts. */
  | {
      readonly kind: 'serverUpdate';
      readonly objectType: ObjectType;
      readonly record: number;
      readonly field: number;
      readonly contested: boolean;
    }
  | { readonly kind: 'serverDelete'; readonly objectType: ObjectType; readonly record: number; readonly contested: boolean }
  | { readonly kind: 'serverInsert'; readonly objectType: 'Account' | 'Contact'; readonly account: number }
  | { readonly kind: 'filter'; readonly objectType: FilteredType; readonly filter: FilterExpr | null }
  /** The first-run assistant's choices: another preset (null: the package's default), an object type switched off or on. */
  | { readonly kind: 'preset'; readonly presetId: (typeof PRESETS)[number] }
  | { readonly kind: 'disable'; readonly objectType: (typeof CAN_DISABLE)[number]; readonly disabled: boolean }
  | { readonly kind: 'sync' }
  | { readonly kind: 'faultySync'; readonly failAt: number; readonly mode: 'before' | 'after' }
  /** The connection drops at the k-th upload (insert, update, delete) of the sync: the calls where a lost answer matters most. */
  | { readonly kind: 'uploadFault'; readonly failAt: number; readonly mode: 'before' | 'after' }
  /**
   * A sync during which the rep saves an edit: at its k-th await point (after a store
   * call, or while a gateway call is in flight), one local update as `edit` describes.
   */
  | {
      readonly kind: 'editDuringSync';
      readonly at: number;
      readonly edit: { readonly objectType: ObjectType; readonly record: number; readonly field: number };
    }
  | { readonly kind: 'resolve'; readonly choices: ReadonlyArray<'local' | 'server'> };

const pick = fc.nat({ max: 99 });
const objectType = fc.constantFrom(...OBJECT_TYPES);
const stage = fc.constantFrom(...STAGES);

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'createAccount' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('createContact' as const), account: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('createOpportunity' as const), account: pick, stage }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('localUpdate' as const),
      objectType,
      record: pick,
      field: pick,
      stage: fc.option(stage, { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('localDelete' as const), objectType, record: pick }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('serverUpdate' as const), objectType, record: pick, field: pick, contested: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('serverDelete' as const), objectType, record: pick, contested: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('serverInsert' as const),
      objectType: fc.constantFrom('Account' as const, 'Contact' as const),
      account: pick,
    }),
  },
  { weight: 2, arbitrary: fc.constantFrom(...FILTER_CHOICES).map((c) => ({ kind: 'filter' as const, ...c })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('preset' as const), presetId: fc.constantFrom(...PRESETS) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('disable' as const), objectType: fc.constantFrom(...CAN_DISABLE), disabled: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'sync' } as const) },
  // A sync makes some 10–20 calls here; k past the end is simply a clean sync.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('faultySync' as const),
      failAt: fc.integer({ min: 1, max: 18 }),
      mode: fc.constantFrom('before' as const, 'after' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('uploadFault' as const),
      failAt: fc.integer({ min: 1, max: 4 }),
      mode: fc.constantFrom('before' as const, 'after' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('resolve' as const),
      choices: fc.array(fc.constantFrom('local' as const, 'server' as const), { minLength: 1, maxLength: 3 }),
    }),
  },
);

const editDuringSyncArbitrary: fc.Arbitrary<Command> = fc.record({
  kind: fc.constant('editDuringSync' as const),
  at: fc.integer({ min: 1, max: 60 }),
  edit: fc.record({ objectType, record: pick, field: pick }),
});

const commandsArbitrary = fc.array(
  fc.oneof({ weight: 9, arbitrary: commandArbitrary }, { weight: 2, arbitrary: editDuringSyncArbitrary }),
  { minLength: 1, maxLength: 24, size: 'max' },
);

interface ServerRecord {
  readonly objectType: string;
  readonly record: CrmRecord;
}

function describeStatus(status: SyncStatus): string {
  return JSON.stringify(status, (_, v: unknown) => (v instanceof Error ? { code: (v as { code?: string }).code, message: v.message } : v));
}

function expectDone(status: SyncStatus, what: string): asserts status is Extract<SyncStatus, { phase: 'done' }> {
  if (status.phase !== 'done') throw new Error(`${what} ended ${describeStatus(status)}`);
}

/** Reference values that are random ROW_IDs (records created during the run) or temporary ids are left out of content keys. */
function contentKey(fields: Readonly<Record<string, FieldValue>>): string {
  return JSON.stringify(
    Object.entries(fields)
      .filter(([, v]) => !(typeof v === 'string' && (/^1-[0-9A-Z]{13}$/.test(v) || v.startsWith('L-'))))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

function byKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** One run: a fresh gateway, alice's device, dave, alice's other client, and the test's ledger of edits. */
class Scenario {
  readonly ledger = new EditLedger();
  readonly log: string[] = [];
  /** Tags of what came up (FC_STATS). */
  readonly situations: string[] = [];
  /** Stable names for ROW_IDs the gateway made up during the run (they are random), so record choices replay the same way. */
  private readonly labels = new Map<string, string>();
  /** Issues the rep answered 'server' for, until a sync applies the answer. */
  private readonly serverChoices = new Map<string, { objectType: string; localId: string }>();
  private markerSeq = 0;

  private constructor(
    readonly gw: TestGateway,
    readonly device: TestDevice,
    private readonly faulty: FaultyTransport,
    private readonly uploadFaults: UploadFaults,
    private readonly interleaver: Interleaver,
    private readonly edits: LocalEdits,
    private readonly dave: GatewayClient,
    private readonly elsewhere: GatewayClient,
    private readonly admin: GatewayClient,
  ) {}

  static async start(encoding: Encoding): Promise<Scenario> {
    const gw = await startTestGateway({ demoRecords: DEMO_RECORDS });
    let device: TestDevice | undefined;
    try {
      let faulty: FaultyTransport | undefined;
      let uploadFaults: UploadFaults | undefined;
      // The rep's edit at an await point of a sync (editDuringSync); the scenario sets what it does.
      const interleaver = new Interleaver();
      device = await openDevice(gw.url, encoding, 'alice', {
        transport: (inner) => (faulty = new FaultyTransport(interleaver.wrapTransport((uploadFaults = new UploadFaults(inner))))),
        store: (inner) => interleaver.wrapStore(inner),
      });
      expectDone(await device.engine.sync(), 'the initial sync');
      let localSeq = 0;
      // Deterministic temporary ids, so a replayed run picks the same records.
      const edits = new LocalEdits(
        device.store,
        (await device.pkg()).objects,
        'alice',
        () => Date.now(),
        () => `L-p${++localSeq}`,
      );
      const client = async (user: string) => {
        const c = new GatewayClient(gw.url, 'json');
        await c.login(user);
        return c;
      };
      const scenario = new Scenario(
        gw,
        device,
        faulty as FaultyTransport,
        uploadFaults as UploadFaults,
        interleaver,
        edits,
        await client('dave'),
        await client('alice'),
        await client('admin'),
      );
      interleaver.action = () => scenario.editInterleaved();
      return scenario;
    } catch (error) {
      await device?.close();
      await gw.stop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.device.close();
    await deleteDatabase(this.device.store.databaseName);
    await this.gw.stop();
  }

  private get store() {
    return this.device.store;
  }

  private marker(source: 'a' | 'd' | 'o'): string {
    const n = ++this.markerSeq;
    return `${LETTERS[n % LETTERS.length] as string}k${n}${source}`;
  }

  private note(line: string): void {
    this.log.push(line);
    this.situations.push(
      line.replace(/ (L-p\d+|1-[0-9A-Z]+|[BMSZ]k\d+[ado]|\{|\[|\(|Name|LastName|Location|FirstName|JobTitle|Subject).*$/, ''),
    );
  }

  private tagCounts(what: string, status: SyncStatus): void {
    if (status.phase !== 'done') return;
    for (const [k, n] of Object.entries(status.counts)) if (n > 0) this.situations.push(`${what}: ${k} > 0`);
  }

  async apply(command: Command): Promise<void> {
    switch (command.kind) {
      case 'createAccount': {
        const marker = this.marker('a');
        const record = await this.edits.create('Account', { Name: marker, Location: 'Propertyville, Testland' });
        this.ledger.created('Account', record.localId, 'Name', marker);
        return this.note(`local: create Account ${record.localId} Name=${marker}`);
      }
      case 'createContact': {
        const account = choose(await this.editable('Account'), command.account);
        const marker = this.marker('a');
        // A contact may also have no account; a new one may hang off an account created here (temporary id).
        const record = await this.edits.create('Contact', {
          FirstName: 'Prop',
          LastName: marker,
          ...(account ? { AccountId: account.rowId ?? account.localId } : {}),
        });
        this.ledger.created('Contact', record.localId, 'LastName', marker);
        return this.note(
          `local: create Contact ${record.localId} LastName=${marker} AccountId=${String(record.fields['AccountId'] ?? '-')}`,
        );
      }
      case 'createOpportunity': {
        const account = choose(await this.editable('Account'), command.account);
        if (!account) return this.note('local: create Opportunity skipped (no editable account)');
        const marker = this.marker('a');
        const record = await this.edits.create('Opportunity', {
          Name: marker,
          AccountId: account.rowId ?? account.localId,
          Stage: command.stage,
        });
        this.ledger.created('Opportunity', record.localId, 'Name', marker);
        return this.note(
          `local: create Opportunity ${record.localId} Name=${marker} Stage=${command.stage} AccountId=${String(record.fields['AccountId'])}`,
        );
      }
      case 'localUpdate': {
        const record = choose(await this.editable(command.objectType), command.record);
        if (!record) return this.note(`local: update ${command.objectType} skipped (none editable)`);
        const field = choose(MARKER_FIELDS[command.objectType], command.field) as string;
        const marker = this.marker('a');
        const changes: Record<string, FieldValue> = { [field]: marker };
        if (command.objectType === 'Opportunity' && command.stage) changes['Stage'] = command.stage;
        await this.edits.update(command.objectType, record.localId, changes);
        this.ledger.updated(command.objectType, record.localId, field, marker);
        this.withdrawAnswers(command.objectType, record.localId);
        return this.note(`local: update ${command.objectType} ${record.localId} ${JSON.stringify(changes)}`);
      }
      case 'localDelete': {
        const record = choose(await this.editable(command.objectType), command.record);
        if (!record) return this.note(`local: delete ${command.objectType} skipped (none editable)`);
        await this.edits.delete(command.objectType, record.localId);
        this.ledger.deletedHere(command.objectType, record.localId);
        this.withdrawAnswers(command.objectType, record.localId);
        return this.note(`local: delete ${command.objectType} ${record.localId}`);
      }
      case 'serverUpdate': {
        const chosen = choose(await this.daveTargets(command.objectType, command.contested), command.record);
        if (!chosen) return this.note(`dave: update ${command.objectType} skipped (alice has none)`);
        const { objectType: type, record: target } = chosen;
        const field = choose(MARKER_FIELDS[type as ObjectType], command.field) as string;
        const marker = this.marker('d');
        this.ledger.overwrittenOnServer(target.fields[field], `dave overwrote ${field} on the server with ${marker}`);
        await this.dave.call('UpdateRecord', {
          operationId: `dave-${marker}`,
          objectType: type,
          rowId: target.rowId,
          modNum: target.modNum,
          fields: { [field]: marker },
        });
        return this.note(`dave: update ${type} ${target.rowId} ${field}=${marker} (was ${String(target.fields[field] ?? '-')})`);
      }
      case 'serverDelete': {
        const chosen = choose(await this.daveTargets(command.objectType, command.contested), command.record);
        if (!chosen) return this.note(`dave: delete ${command.objectType} skipped (alice has none)`);
        const { objectType: type, record: target } = chosen;
        for (const value of Object.values(target.fields))
          this.ledger.overwrittenOnServer(value, `dave deleted ${type} ${target.rowId} on the server`);
        await this.dave.call('DeleteRecord', {
          operationId: `dave-del-${++this.markerSeq}`,
          objectType: type,
          rowId: target.rowId,
          modNum: target.modNum,
        });
        return this.note(`dave: delete ${type} ${target.rowId} ${contentKey(target.fields)}`);
      }
      case 'serverInsert': {
        const marker = this.marker('o');
        let fields: Record<string, FieldValue>;
        if (command.objectType === 'Account') fields = { Name: marker, Location: 'Elsewhere, Testland' };
        else {
          const account = choose(await this.aliceOnServer('Account'), command.account);
          if (!account) return this.note('elsewhere: insert Contact skipped (alice has no account)');
          fields = { FirstName: 'Other', LastName: marker, AccountId: account.rowId };
        }
        const result = await this.elsewhere.call('InsertRecord', {
          operationId: `elsewhere-${marker}`,
          objectType: command.objectType,
          fields,
        });
        this.labels.set(result.rowId, `S-${marker}`);
        return this.note(`elsewhere: alice inserts ${command.objectType} ${result.rowId} ${JSON.stringify(fields)}`);
      }
      case 'filter': {
        const personalFilters = { ...(await this.store.getSettings()).personalFilters };
        if (command.filter === null) delete personalFilters[command.objectType];
        else personalFilters[command.objectType] = command.filter;
        await this.store.updateSettings({ personalFilters });
        return this.note(`local: filter ${command.objectType} ${JSON.stringify(command.filter)}`);
      }
      case 'preset': {
        await this.store.updateSettings({ presetId: command.presetId });
        return this.note(`local: preset ${String(command.presetId)}`);
      }
      case 'disable': {
        const others = (await this.store.getSettings()).disabledObjects.filter((t) => t !== command.objectType);
        await this.store.updateSettings({ disabledObjects: command.disabled ? [...others, command.objectType] : others });
        return this.note(`local: ${command.disabled ? 'disable' : 'enable'} ${command.objectType}`);
      }
      case 'sync': {
        const status = await this.device.engine.sync();
        this.note(`sync: ${describeStatus(status)}`);
        this.tagCounts('sync', status);
        expectDone(status, 'a sync without faults');
        return this.afterSync();
      }
      case 'faultySync': {
        this.faulty.calls = 0;
        this.faulty.log.length = 0;
        this.faulty.failAt = command.failAt;
        this.faulty.mode = command.mode;
        let status: SyncStatus;
        try {
          status = await this.device.engine.sync();
        } finally {
          this.faulty.failAt = null;
        }
        const hit =
          this.faulty.calls >= command.failAt
            ? `${command.mode} call ${command.failAt} (${String(this.faulty.log[command.failAt - 1])})`
            : `no fault (${this.faulty.calls} calls)`;
        this.note(`sync with fault ${hit}: ${describeStatus(status)}`);
        this.situations.push(
          this.faulty.calls >= command.failAt
            ? `fault ${command.mode} ${String(this.faulty.log[command.failAt - 1])}: ${status.phase}`
            : 'fault: none hit',
        );
        return this.afterFaultySync(status);
      }
      case 'uploadFault': {
        this.uploadFaults.arm(command.failAt, command.mode);
        let status: SyncStatus;
        try {
          status = await this.device.engine.sync();
        } finally {
          this.uploadFaults.failAt = null;
        }
        const hit = this.uploadFaults.hit
          ? `${command.mode} upload ${command.failAt} (${this.uploadFaults.hit})`
          : `no fault (${this.uploadFaults.uploads} uploads)`;
        this.note(`sync with fault ${hit}: ${describeStatus(status)}`);
        this.situations.push(
          this.uploadFaults.hit ? `upload fault ${command.mode} ${this.uploadFaults.hit}: ${status.phase}` : 'upload fault: none hit',
        );
        return this.afterFaultySync(status);
      }
      case 'editDuringSync': {
        this.interleavedEdit = command.edit;
        this.interleaver.arm(command.at);
        let status: SyncStatus;
        try {
          status = await this.device.engine.sync();
        } finally {
          this.interleaver.disarm();
          this.interleavedEdit = null;
        }
        const hit = this.interleaver.hit ?? `no point ${command.at} (${this.interleaver.points} points)`;
        this.note(`sync with an edit at ${hit}: ${describeStatus(status)}`);
        this.situations.push(
          this.interleaver.hit ? `edit during sync at ${this.interleaver.hit.replace(/ #\d+$/, '')}` : 'edit during sync: none',
        );
        this.tagCounts('sync with an edit', status);
        expectDone(status, 'a sync with an edit during it');
        return this.afterSync();
      }
      case 'resolve': {
        const open = byKey(
          (await this.store.listIssues()).filter((i) => i.resolution === null),
          (i) => `${i.objectType}/${this.keyOf(i.localId, i.rowId, i.local ?? {})}`,
        );
        for (const [n, issue] of open.entries()) {
          const choice = command.choices[n % command.choices.length] ?? 'local';
          await resolveIssue(this.store, issue.id, { choice });
          if (choice === 'server') this.serverChoices.set(issue.id, { objectType: issue.objectType, localId: issue.localId });
          this.note(`local: resolve ${issue.kind} ${issue.id} as ${choice}`);
          this.situations.push(`resolve ${issue.kind} as ${choice}`);
        }
        if (open.length === 0) this.note('local: resolve skipped (no open issues)');
        return;
      }
    }
  }

  /** What editDuringSync's edit does, while that sync runs. */
  private interleavedEdit: Extract<Command, { kind: 'editDuringSync' }>['edit'] | null = null;

  /** The rep's edit at the armed await point: a local update, with the ledger told as for any other. */
  async editInterleaved(): Promise<void> {
    const edit = this.interleavedEdit;
    if (edit === null) return;
    this.note(`  (during the sync)`);
    await this.apply({ kind: 'localUpdate', objectType: edit.objectType, record: edit.record, field: edit.field, stage: null });
  }

  /**
   * The final phase: answer every remaining issue 'local' (the rep keeps her
   * work, so nothing may be dropped for being in the log; it also exercises
   * the resolution paths once more) and sync cleanly until a sync has nothing
   * left to upload and finds no conflict. Failed operations the gateway keeps
   * refusing (e.g. a contact for an account dave deleted) stay in the log.
   */
  async settle(): Promise<void> {
    for (let round = 1; ; round++) {
      const answered = await resolveAll(this.store, { choice: 'local' });
      const status = await this.device.engine.sync();
      this.note(`final: resolved ${answered} as local; sync ${describeStatus(status)}`);
      expectDone(status, `final clean sync ${round}`);
      this.situations.push(`final round ${round}`);
      for (const i of await this.store.listIssues()) this.situations.push(`final round ${round}: ${i.kind} issue (${i.code ?? '-'})`);
      await this.afterSync();
      const waiting = (await this.store.listIssues()).filter((i) => i.kind !== 'failed');
      if (status.counts.uploaded === 0 && status.counts.conflicts === 0 && waiting.length === 0) return;
      if (round === MAX_SETTLE_ROUNDS)
        throw new Error(
          `still not quiet after ${round} clean syncs: ${JSON.stringify(status.counts)}, waiting issues ${JSON.stringify(waiting.map((i) => i.id))}`,
        );
    }
  }

  async check(): Promise<void> {
    const issues = await this.store.listIssues();
    const withIssue = new Set<string>();
    for (const issue of issues) {
      withIssue.add(issue.localId);
      if (issue.rowId) withIssue.add(issue.rowId);
      const record = await this.store.getRecord(issue.objectType, issue.localId);
      if (record?.rowId) withIssue.add(record.rowId);
    }

    // (0) Nothing waits silently: what is not uploaded has an issue the rep can see.
    const unexplained = (await this.store.listOutbox()).filter(
      (r) => !issues.some((i) => i.objectType === r.objectType && i.localId === r.localId),
    );
    expect(unexplained.map((r) => `${r.objectType} ${r.localId} ${r.state} ${JSON.stringify(r.fields)}`)).toEqual([]);

    // (1) The device equals the server's visible, filtered set.
    const without = (view: View): View =>
      new Map([...view].map(([type, records]) => [type, new Map([...records].filter(([key]) => !withIssue.has(key)))]));
    expect(without(await localView(this.device))).toEqual(without(await serverView(this.gw.url, this.device)));

    // (2) Every edit arrived somewhere, or was superseded.
    const server = await this.scanServer();
    const archive = await this.store.listArchive();
    const lost: string[] = [];
    for (const edit of this.ledger.all) {
      if (edit.superseded !== null || onServer(server, edit)) continue;
      const issue = issues.find((i) => i.objectType === edit.objectType && i.localId === edit.localId);
      const record = await this.store.getRecord(edit.objectType, edit.localId);
      if (issue && (issue.local?.[edit.field] === edit.marker || record?.fields[edit.field] === edit.marker)) continue;
      if (archive.some((a) => a.objectType === edit.objectType && a.localId === edit.localId && a.fields[edit.field] === edit.marker))
        continue;
      lost.push(
        `${edit.kind} ${edit.objectType} ${edit.localId} ${edit.field}=${edit.marker}; locally ${record ? `${record.state} ${JSON.stringify(record.fields)}` : 'gone'}`,
      );
    }
    expect(lost).toEqual([]);

    // (3) No marker twice: no insert or update was applied twice, no record duplicated.
    const occurrences = new Map<string, string[]>();
    for (const { objectType: type, record } of server) {
      for (const [field, value] of Object.entries(record.fields)) {
        if (typeof value !== 'string' || !/^[BMSZ]k\d+[ado]$/.test(value)) continue;
        occurrences.set(value, [...(occurrences.get(value) ?? []), `${type} ${record.rowId} ${field}`]);
      }
    }
    expect([...occurrences].filter(([, where]) => where.length > 1)).toEqual([]);
    // Messages only: a gateway error object can hold the whole request and database graph, too big to print.
    expect(this.gw.internalErrors.map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e)))).toEqual([]);
  }

  private async afterFaultySync(status: SyncStatus): Promise<void> {
    this.tagCounts('faulty sync', status);
    // A dropped connection fails the sync (or, at Logout, not even that); nothing else may.
    if (status.phase !== 'done' && !(status.phase === 'failed' && status.error.code === 'CONNECTIVITY'))
      throw new Error(`a sync with a dropped connection ended ${describeStatus(status)}`);
    return this.afterSync();
  }

  /** A local edit withdraws an answer not yet applied (LocalEdits reopens the issue): it is no longer a 'server' choice. */
  private withdrawAnswers(objectType: string, localId: string): void {
    for (const [id, choice] of this.serverChoices)
      if (choice.objectType === objectType && choice.localId === localId) this.serverChoices.delete(id);
  }

  /** After any sync: learn the ROW_IDs of uploaded records, and which 'server' answers were applied. */
  private async afterSync(): Promise<void> {
    await this.learnLabels();
    if (this.serverChoices.size === 0) return;
    const issues = await this.store.listIssues();
    // Applied means the engine consumed the answered issue (a new issue for the record may have appeared since).
    const applied = [...this.serverChoices].filter(([id]) => !issues.some((i) => i.id === id && i.resolution !== null));
    if (applied.length === 0) return;
    const server = await this.scanServer();
    for (const [id, { objectType: type, localId }] of applied) {
      this.serverChoices.delete(id);
      this.ledger.serverVersionChosen(type, localId, (edit) => onServer(server, edit));
    }
  }

  private async learnLabels(): Promise<void> {
    for (const type of OBJECT_TYPES)
      for (const r of await this.store.listRecords(type)) if (r.localId.startsWith('L-') && r.rowId) this.labels.set(r.rowId, r.localId);
  }

  /**
   * A sort key that is the same whenever the run is replayed: demo ROW_IDs are
   * deterministic (short), the gateway's new ones are random, so records created
   * during the run go by their temporary id or label, else by content. Those come
   * first: index 0, where shrinking goes, picks them, and their interplay (a
   * contact for an account created here, then that account deleted) is where the
   * interesting cases are.
   */
  private keyOf(localId: string, rowId: string | null, fields: Readonly<Record<string, FieldValue>>): string {
    const id = rowId ?? localId;
    const label = localId.startsWith('L-') ? localId : this.labels.get(id);
    if (label) return `0:${label}`;
    return id.length <= 8 ? `1:${id}` : `2:${contentKey(fields)}`;
  }

  /** Records the rep may edit, in a stable order. */
  private async editable(type: ObjectType): Promise<LocalRecord[]> {
    const records = (await this.store.listRecords(type)).filter((r) => !r.readOnly && r.state !== 'deleted');
    return byKey(records, (r) => this.keyOf(r.localId, r.rowId, r.fields));
  }

  /** alice's records of a type as the server has them now (her other client sees exactly hers), in a stable order. */
  private async aliceOnServer(type: ObjectType): Promise<CrmRecord[]> {
    await this.learnLabels();
    const keys = await this.elsewhere.allChangeKeys(type, 1000);
    if (keys.length === 0) return [];
    const { records } = await this.elsewhere.call('QueryRecords', { objectType: type, rowIds: keys.map((k) => k.rowId) });
    return byKey(records, (r) => this.keyOf(r.rowId, r.rowId, r.fields));
  }

  /** What dave may pick from; contested: the records (of any type) the rep has unsent changes to, if there are any. */
  private async daveTargets(type: ObjectType, contested: boolean): Promise<ServerRecord[]> {
    const of = async (t: ObjectType) => (await this.aliceOnServer(t)).map((record) => ({ objectType: t, record }));
    if (contested) {
      const dirty = new Set((await this.store.listOutbox()).map((r) => r.rowId));
      const mine: ServerRecord[] = [];
      for (const t of OBJECT_TYPES) mine.push(...(await of(t)).filter((s) => dirty.has(s.record.rowId)));
      if (mine.length > 0) return mine;
    }
    return of(type);
  }

  /** Everything on the server, whoever owns it (admin sees all). */
  private async scanServer(): Promise<ServerRecord[]> {
    const out: ServerRecord[] = [];
    for (const type of OBJECT_TYPES) {
      const keys = await this.admin.allChangeKeys(type, 1000);
      for (let i = 0; i < keys.length; i += 500) {
        const { records } = await this.admin.call('QueryRecords', { objectType: type, rowIds: keys.slice(i, i + 500).map((k) => k.rowId) });
        for (const record of records) out.push({ objectType: type, record });
      }
    }
    return out;
  }
}

/** fake-indexeddb keeps every database in memory: a few hundred runs would otherwise hold them all. */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

function choose<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

/** On the server and visible to alice: one of her records has the marker in the edited field. */
function onServer(server: readonly ServerRecord[], edit: TrackedEdit): boolean {
  return server.some((s) => s.objectType === edit.objectType && s.record.owner === 'alice' && s.record.fields[edit.field] === edit.marker);
}

/** With FC_STATS=1, how often each situation came up over all runs (to see what the runs exercise). */
const stats = new Map<string, number>();
function count(situation: string): void {
  stats.set(situation, (stats.get(situation) ?? 0) + 1);
}

async function property(encoding: Encoding, commands: readonly Command[]): Promise<void> {
  const scenario = await Scenario.start(encoding);
  try {
    for (const command of commands) await scenario.apply(command);
    await scenario.settle();
    await scenario.check();
    if (process.env['FC_STATS']) {
      for (const situation of scenario.situations) count(situation);
      for (const edit of scenario.ledger.all)
        count(
          `edit (${edit.kind}): ${edit.superseded === null ? 'must arrive' : `superseded: ${edit.superseded.replace(/ \S*[0-9]\S*.*$/, '')}`}`,
        );
    }
  } catch (error) {
    // The log says what each index resolved to; fast-check prints it with the shrunk counterexample.
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\nWhat happened:\n  ${scenario.log.join('\n  ')}`, { cause: error });
  } finally {
    await scenario.close();
  }
}

/** FC_RUNS asks for that many runs, however long they take; otherwise the time is bounded. */
const requestedRuns = process.env['FC_RUNS'] ? Number(process.env['FC_RUNS']) : null;
/** Some 40 s for both encodings here; when a failure is shrunk (whole scenarios replayed), the smallest one found by then is reported. */
const TIME_LIMIT_MS = 150_000;

function parameters(numRuns: number): fc.Parameters<[readonly Command[]]> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  const example = process.env['FC_EXAMPLE'];
  return {
    numRuns: requestedRuns ?? numRuns,
    // A counterexample as printed (the JSON array of commands) runs first.
    ...(example ? { examples: [[JSON.parse(example) as Command[]]] } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
    // A run takes a second or two; one that hangs (a sync that never ends) is a failure to report, not a stuck test.
    timeout: 60_000,
    ...(requestedRuns === null ? { interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false } : {}),
  };
}

describe('sync under random interleavings of edits, server changes, filter changes and faults', () => {
  test.each([
    ['json', 30],
    ['soap', 10],
  ] as const)(
    'over %s: converges to the server view, no edit lost, nothing duplicated (%i runs)',
    async (encoding, numRuns) => {
      await fc.assert(
        fc.asyncProperty(commandsArbitrary, (commands) => property(encoding, commands)),
        parameters(numRuns),
      );
      if (process.env['FC_STATS'])
        console.log(
          [...stats]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, n]) => `${String(n).padStart(5)}  ${k}`)
            .join('\n'),
        );
    },
    requestedRuns === null ? TIME_LIMIT_MS + 30_000 : 6 * 3_600_000,
  );
});
