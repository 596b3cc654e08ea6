import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { parsePackage } from '../../src/metadata/index.js';
import { ProtocolError, type ExtractRecord, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import { openLocalStore, type LocalRecord, type LocalStore } from '../../src/store/index.js';
import {
  InProcessSyncLock,
  LocalEdits,
  restoreReplacement,
  typeProgress,
  type CallContext,
  type RestoreProgress,
  type SyncOptions,
  type SyncStatus,
  type Transport,
} from '../../src/sync/index.js';
import { FaultyTransport } from '../support/faulty-transport.js';
import { Interleaver } from '../support/interleaver.js';
import { NAME_LIST } from '../store/store-fixtures.js';

/**
 * The replacement device's steps against a scripted gateway (the real one is in
 * restore-replacement.integration.test.ts): queueing, the extract written page by
 * page, clean-up, registration and finishing, each resumable.
 */

const FILES = loadPackageDir(resolve(__dirname, '../../packages/demo-v1'));
const parsed = parsePackage(FILES);
if (!parsed.ok) throw new Error('demo-v1 does not parse');
const PKG = parsed.package;
const GATEWAY = 'https://crm.example.com';
const TOKEN = 'claim-session';

function extractRecord(objectType: string, n: number, bulkOmitted = false): ExtractRecord {
  const fields: Record<string, string | number> =
    objectType === 'Account'
      ? { Name: `Account ${n}`, Location: 'Oslo, Norway', Employees: n }
      : { Subject: `Activity ${n}`, Start: '2026-11-21T10:00:00.000Z', Status: 'Planned' };
  return {
    objectType,
    bulkOmitted,
    record: {
      rowId: `1-${objectType.slice(0, 3).toUpperCase()}-${n}`,
      lastUpd: '2026-11-20T08:00:00.000Z',
      modNum: 1,
      owner: 'alice',
      updatedBy: 'alice',
      fields,
    },
  };
}

const PAGES: ExtractRecord[][] = [
  [extractRecord('Account', 1), extractRecord('Account', 2), extractRecord('Activity', 1, true)],
  [extractRecord('Account', 3), extractRecord('Activity', 2)],
  [extractRecord('Activity', 3, true)],
];
const RECORD_COUNT = PAGES.flat().length;
/** The grant's per-type counts, in extract order. */
const PER_TYPE = PAGES.flat().reduce<Array<{ objectType: string; count: number }>>((out, r) => {
  const last = out.at(-1);
  if (last?.objectType === r.objectType) last.count += 1;
  else out.push({ objectType: r.objectType, count: 1 });
  return out;
}, []);

/** The gateway's side of a job, as far as the device sees it: a queue, the extract, and replayed mutating answers. */
class ScriptedGateway implements Transport {
  readonly calls: Array<{ operation: OperationName; request: unknown; context: CallContext }> = [];
  /** BeginRestore answers these positions before granting. */
  queue: number[] = [2, 1];
  readonly completeIds = new Set<string>();
  readonly finishIds = new Set<string>();
  finished = false;

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    this.calls.push({ operation, request, context });
    if (context.sessionToken !== TOKEN) throw new ProtocolError('UNAUTHENTICATED', 'no session');
    const answer = (value: unknown) => value as ResponseOf<N>;
    switch (operation) {
      case 'BeginRestore': {
        const position = this.queue.shift();
        if (position !== undefined) return answer({ granted: false, position });
        return answer({
          granted: true,
          position: 0,
          packageId: 'fieldbook-demo@1',
          responsibilityId: 'R-SALES-REP',
          hashValue: 'h-1',
          files: FILES,
          recordCount: RECORD_COUNT,
          pageCount: PAGES.length,
          perType: PER_TYPE,
        });
      }
      case 'GetExtractPage': {
        const { page } = request as RequestOf<'GetExtractPage'>;
        return answer({ records: PAGES[page] ?? [] });
      }
      case 'CompleteRestore': {
        this.completeIds.add((request as RequestOf<'CompleteRestore'>).operationId);
        return answer({ siteId: 'S-NEW', databaseId: 'DB-NEW' });
      }
      case 'FinishReplacement': {
        if (context.databaseId !== 'DB-NEW') throw new ProtocolError('FORBIDDEN', 'not the new site');
        this.finishIds.add((request as RequestOf<'FinishReplacement'>).operationId);
        this.finished = true;
        return answer({ job: { jobId: 'J-1', state: 'done' } });
      }
      default:
        throw new ProtocolError('INVALID_REQUEST', `unexpected ${operation}`);
    }
  }

  count(operation: OperationName): number {
    return this.calls.filter((c) => c.operation === operation).length;
  }
}

/** Stands in for the engine: records what it was asked and what the store held when it ran. */
class StubEngine {
  runs: SyncOptions[] = [];
  databaseIdSeen: Array<string | null> = [];
  next: SyncStatus[] = [];
  constructor(private readonly store: LocalStore) {}
  async sync(options: SyncOptions = {}): Promise<SyncStatus> {
    this.runs.push(options);
    this.databaseIdSeen.push((await this.store.getSettings()).databaseId);
    return (
      this.next.shift() ?? {
        phase: 'done',
        counts: { inserted: 0, updated: 0, deleted: 0, uploaded: 0, conflicts: 0, issues: 0 },
        notice: null,
        at: 1,
      }
    );
  }
}

let stores: LocalStore[] = [];
async function freshStore(indexedDB = new IDBFactory()): Promise<LocalStore> {
  const store = await openLocalStore({ gatewayUrl: GATEWAY, userName: 'alice', indexedDB });
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const store of stores) await store.close();
  stores = [];
});

let opSeq = 0;
function run(
  store: LocalStore,
  transport: Transport,
  engine: StubEngine,
  extra: { signal?: AbortSignal; progress?: RestoreProgress[]; sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {},
) {
  return restoreReplacement({
    store,
    transport,
    engine,
    jobId: 'J-1',
    sessionToken: TOKEN,
    userName: 'alice',
    deviceName: 'new laptop',
    pollIntervalMs: 5,
    lock: new InProcessSyncLock(),
    newOperationId: () => `op-test-${++opSeq}`,
    onProgress: (p) => extra.progress?.push(p),
    ...(extra.signal ? { signal: extra.signal } : {}),
    ...(extra.sleep ? { sleep: extra.sleep } : {}),
  });
}

async function allRecords(store: LocalStore): Promise<LocalRecord[]> {
  return (await Promise.all(PKG.objects.map((o) => store.listRecords(o.name)))).flat().sort((a, b) => (a.localId < b.localId ? -1 : 1));
}

test('waits its turn, writes the extract, cleans up, registers, syncs and finishes', async () => {
  const store = await freshStore();
  await store.updateSettings({ siteId: 'S-OLD', databaseId: 'DB-OLD', registerOperationId: 'op-old-register' });
  await store.setCheckpoint({ syncId: 'old', startedAt: 1, completed: ['session'] });
  const gateway = new ScriptedGateway();
  const engine = new StubEngine(store);
  const progress: RestoreProgress[] = [];
  const slept: number[] = [];
  const outcome = await run(store, gateway, engine, { progress, sleep: async (ms) => void slept.push(ms) });

  expect(outcome).toEqual({ phase: 'done' });
  expect(progress).toEqual([
    { phase: 'waiting', position: 2 },
    { phase: 'waiting', position: 1 },
    { phase: 'restoring', done: 0, total: 6, perType: typeProgress(PER_TYPE, 0) },
    { phase: 'restoring', done: 3, total: 6, perType: typeProgress(PER_TYPE, 3) },
    { phase: 'restoring', done: 5, total: 6, perType: typeProgress(PER_TYPE, 5) },
    { phase: 'restoring', done: 6, total: 6, perType: typeProgress(PER_TYPE, 6) },
    { phase: 'registering' },
    { phase: 'syncing' },
    { phase: 'done' },
  ]);
  expect(slept).toEqual([5, 5]);
  expect(gateway.calls.map((c) => c.operation)).toEqual([
    'BeginRestore',
    'BeginRestore',
    'BeginRestore',
    'GetExtractPage',
    'GetExtractPage',
    'GetExtractPage',
    'CompleteRestore',
    'FinishReplacement',
  ]);
  // Only FinishReplacement, after registration, carries the new database id; nothing carries the old one.
  expect(gateway.calls.filter((c) => c.context.databaseId !== undefined).map((c) => c.operation)).toEqual(['FinishReplacement']);

  const records = await allRecords(store);
  expect(records.map((r) => r.localId)).toEqual(
    PAGES.flat()
      .map((e) => e.record.rowId)
      .sort(),
  );
  expect(records.every((r) => r.state === 'clean' && r.origin === 'crm' && !r.readOnly && r.pending === null)).toBe(true);
  expect(
    records
      .filter((r) => r.lastUpd === null)
      .map((r) => r.localId)
      .sort(),
  ).toEqual(['1-ACT-1', '1-ACT-3']);
  expect(await store.listOutbox()).toEqual([]);
  expect(await store.listIssues()).toEqual([]);
  expect(await store.getCheckpoint()).toBeNull();

  const settings = await store.getSettings();
  expect(settings).toMatchObject({
    siteId: 'S-NEW',
    databaseId: 'DB-NEW',
    registerOperationId: null,
    packageId: 'fieldbook-demo@1',
    responsibilityId: 'R-SALES-REP',
    hashValue: 'h-1',
  });
  expect(settings.replacement?.stage).toBe('done');
  expect((await store.getAppliedPackage())?.packageId).toBe('fieldbook-demo@1');
  // The engine ran once the new site was stored, so it does not register another.
  expect(engine.databaseIdSeen).toEqual(['DB-NEW']);
  expect(engine.runs[0]?.confirmReinstall).toBe(true);

  // Run again: already done, nothing is sent.
  const before = gateway.calls.length;
  expect(await run(store, gateway, engine)).toEqual({ phase: 'done' });
  expect(gateway.calls.length).toBe(before);
});

test.each(['before', 'after'] as const)(
  'a connection dropped %s any call: running again ends the same, one site, no duplicates',
  async (mode) => {
    // Reference run without faults.
    const reference = await freshStore();
    const clean = new FaultyTransport(Object.assign(new ScriptedGateway(), { queue: [1] }));
    expect(await run(reference, clean, new StubEngine(reference))).toEqual({ phase: 'done' });
    const expected = await allRecords(reference);
    const strip = (s: Awaited<ReturnType<LocalStore['getSettings']>>) => ({
      ...s,
      replacement: { ...s.replacement, completeOperationId: null, finishOperationId: null },
    });
    const expectedSettings = strip(await reference.getSettings());

    for (let k = 1; k <= clean.calls; k += 1) {
      const store = await freshStore();
      const gateway = Object.assign(new ScriptedGateway(), { queue: [1] });
      const faulty = new FaultyTransport(gateway, k, mode);
      const engine = new StubEngine(store);
      const first = await run(store, faulty, engine);
      expect(first.phase).toBe('failed');
      if (first.phase === 'failed') expect(first.error.code).toBe('CONNECTIVITY');
      expect(await run(store, faulty, engine)).toEqual({ phase: 'done' });

      expect(await allRecords(store)).toEqual(expected);
      expect(strip(await store.getSettings())).toEqual(expectedSettings);
      // A lost CompleteRestore or FinishReplacement answer was asked again under the same operation id.
      expect(gateway.completeIds.size).toBe(1);
      expect(gateway.finishIds.size).toBe(1);
      expect(engine.databaseIdSeen.every((id) => id === 'DB-NEW')).toBe(true);
    }
  },
);

test('cancelled while waiting in the queue, it continues when run again', async () => {
  const store = await freshStore();
  const gateway = new ScriptedGateway();
  gateway.queue = [3, 2, 1];
  const controller = new AbortController();
  const progress: RestoreProgress[] = [];
  const cancelled = await run(store, gateway, new StubEngine(store), {
    signal: controller.signal,
    progress,
    sleep: (_ms, signal) =>
      new Promise((_resolve, reject) => {
        controller.abort();
        if (signal?.aborted) reject(new ProtocolError('CANCELLED', 'cancelled while waiting'));
      }),
  });
  expect(cancelled.phase).toBe('failed');
  if (cancelled.phase === 'failed') expect(cancelled.error.code).toBe('CANCELLED');
  expect(progress[0]).toEqual({ phase: 'waiting', position: 3 });
  expect(await store.getAppliedPackage()).toBeNull(); // nothing installed while waiting
  expect(await run(store, gateway, new StubEngine(store), { sleep: async () => undefined })).toEqual({ phase: 'done' });
  expect(await allRecords(store)).toHaveLength(RECORD_COUNT);
});

test('the default sleep stops waiting at once when cancelled', async () => {
  const store = await freshStore();
  const gateway = new ScriptedGateway();
  gateway.queue = [1];
  const controller = new AbortController();
  const started = Date.now();
  const pending = restoreReplacement({
    store,
    transport: gateway,
    engine: new StubEngine(store),
    jobId: 'J-1',
    sessionToken: TOKEN,
    userName: 'alice',
    deviceName: 'new laptop',
    pollIntervalMs: 60_000,
    lock: new InProcessSyncLock(),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase === 'waiting') controller.abort();
    },
  });
  const outcome = await pending;
  expect(outcome.phase === 'failed' && outcome.error.code).toBe('CANCELLED');
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a failed sync after registering: running again syncs and finishes without registering again', async () => {
  const store = await freshStore();
  const gateway = new ScriptedGateway();
  gateway.queue = [];
  const engine = new StubEngine(store);
  engine.next = [{ phase: 'failed', error: new ProtocolError('CONNECTIVITY', 'offline'), at: 1 }];
  const first = await run(store, gateway, engine);
  expect(first.phase === 'failed' && first.error.code).toBe('CONNECTIVITY');
  expect(gateway.finished).toBe(false);
  expect(await run(store, gateway, engine)).toEqual({ phase: 'done' });
  expect(gateway.count('CompleteRestore')).toBe(1);
  expect(gateway.count('BeginRestore')).toBe(1);
  expect(engine.runs).toHaveLength(2);
  expect(gateway.finished).toBe(true);
});

test('a store this user had here before: its unsent changes go to the archive, not lost', async () => {
  const store = await freshStore();
  await store.reinstall(
    { packageId: 'old', responsibilityId: 'R', hashValue: 'x', files: FILES, appliedAt: 1 },
    [{ objectType: 'Account', indexedFields: [], list: NAME_LIST }],
    () => ({ keep: [], archive: [] }),
  );
  const unsent: LocalRecord = {
    localId: 'L-1',
    objectType: 'Account',
    rowId: null,
    lastUpd: null,
    modNum: null,
    owner: 'alice',
    updatedBy: 'alice',
    fields: { Name: 'Made offline', Location: 'Bergen, Norway' },
    base: null,
    state: 'created',
    origin: 'local',
    readOnly: false,
    changedAt: 5,
    pending: null,
  };
  await store.putRecords([unsent]);
  const gateway = new ScriptedGateway();
  gateway.queue = [];
  expect(await run(store, gateway, new StubEngine(store))).toEqual({ phase: 'done' });
  expect(await store.listOutbox()).toEqual([]);
  const archive = await store.listArchive();
  expect(archive).toHaveLength(1);
  expect(archive[0]).toMatchObject({ localId: 'L-1', state: 'created', fields: unsent.fields });
});

test('a grant without its package is a failure in words, not a crash', async () => {
  const store = await freshStore();
  const broken: Transport = {
    call: async <N extends OperationName>(operation: N) => {
      if (operation === 'BeginRestore') return { granted: true, position: 0 } as ResponseOf<N>;
      throw new ProtocolError('INVALID_REQUEST', 'unexpected');
    },
  };
  const outcome = await run(store, broken, new StubEngine(store));
  expect(outcome.phase === 'failed' && outcome.error.code).toBe('INTERNAL');
});

test('an edit saved at any point of the restore is kept, also when the restore then stops and writes its page again', async () => {
  const edited: string[] = [];
  const lost: string[] = [];
  for (let at = 1; ; at += 1) {
    const store = await freshStore();
    const edits = new LocalEdits(store, PKG.objects, 'alice');
    const marker = `Edited at ${at}`;
    let made = false;
    // The rep renames Account 1 the moment the restore has finished its at-th store call; then the tab
    // dies there (the call after the edit never happens), and the restore runs again from its last step.
    const interleaver = new Interleaver(async () => {
      const account = await store.getRecord('Account', '1-ACC-1');
      if (account && account.state !== 'deleted' && !account.readOnly) {
        await edits.update('Account', '1-ACC-1', { Name: marker });
        made = true;
      }
      throw new Error('the tab was closed');
    });
    interleaver.arm(at);
    const gateway = Object.assign(new ScriptedGateway(), { queue: [] });
    const first = await run(interleaver.wrapStore(store), gateway, new StubEngine(store));
    if (interleaver.hit === null) {
      expect(first).toEqual({ phase: 'done' });
      break;
    }
    expect(await run(store, gateway, new StubEngine(store))).toEqual({ phase: 'done' });
    if (!made) continue;
    edited.push(interleaver.hit);
    const account = await store.getRecord('Account', '1-ACC-1');
    const archived = (await store.listArchive()).some((e) => e.localId === '1-ACC-1' && e.fields['Name'] === marker);
    if (!(account?.state === 'updated' && account.fields['Name'] === marker) && !archived)
      lost.push(`${interleaver.hit}: Account 1 is ${account?.state} ${String(account?.fields['Name'])}`);
  }
  expect(lost).toEqual([]);
  expect(edited.length).toBeGreaterThan(3);
});
