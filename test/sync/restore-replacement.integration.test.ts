import { ProtocolError, type FieldValue, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import {
  InProcessSyncLock,
  JsonTransport,
  restoreReplacement,
  type CallContext,
  type RestoreOutcome,
  type RestoreProgress,
  type SyncOptions,
  type SyncStatus,
  type Transport,
} from '../../src/sync/index.js';
import { FaultyTransport } from '../support/faulty-transport.js';
import { GatewayClient } from '../support/gateway-client.js';
import { allLocal, localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { expectDone, requestReplacement } from '../support/replacement-job.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Device replacement end to end, the replacement device's side (issue 6): the real
 * gateway, an old and a new device on fake-indexeddb. The admin requests the
 * replacement, the new device claims it with the one-time code and restores the
 * extract, registers and syncs; the old device is refused from then on.
 */

jest.setTimeout(120_000);

let gw: TestGateway;
let admin: GatewayClient;
let devices: TestDevice[] = [];
let seq = 0;

beforeEach(async () => {
  // Small extract pages, so an interrupted extract stops between pages.
  gw = await startTestGateway({ demoRecords: 240, config: { extractPageSize: 25 } });
  admin = new GatewayClient(gw.url, 'json');
  await admin.login('admin');
});
afterEach(async () => {
  for (const device of devices) await device.close();
  devices = [];
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

function expectRestored(outcome: RestoreOutcome): void {
  if (outcome.phase !== 'done') throw new Error(`restore failed: ${outcome.error.code} ${outcome.error.message}`);
}

async function device(userName: string, options: Parameters<typeof openDevice>[3] = {}): Promise<TestDevice> {
  const opened = await openDevice(gw.url, 'json', userName, options);
  devices.push(opened);
  return opened;
}

async function claim(claimCode: string, deviceName: string): Promise<ResponseOf<'ClaimReplacement'>> {
  return new JsonTransport(gw.url).call('ClaimReplacement', { claimCode, deviceName, operationId: `claim-${++seq}-${Date.now()}` }, {});
}

async function jobState(jobId: string): Promise<string | undefined> {
  return (await admin.call('GetReplacement', { jobIds: [jobId] })).jobs[0]?.state;
}

type Snapshot = Map<string, Map<string, LocalRecord>>;

async function snapshot(of: TestDevice): Promise<Snapshot> {
  const pkg = await of.pkg();
  const out: Snapshot = new Map();
  for (const object of pkg.objects) out.set(object.name, new Map((await allLocal(of, object.name)).map((r) => [r.rowId ?? r.localId, r])));
  return out;
}

function withoutFields(fields: Readonly<Record<string, FieldValue>>, names: ReadonlySet<string>): Record<string, FieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !names.has(name)));
}

/** How many local rows each object type holds, and whether any ROW_ID is there twice. */
async function duplicates(of: TestDevice): Promise<string[]> {
  const found: string[] = [];
  for (const object of (await of.pkg()).objects) {
    const rows = await allLocal(of, object.name);
    const ids = rows.map((r) => r.rowId ?? r.localId);
    if (new Set(ids).size !== ids.length) found.push(object.name);
  }
  return found;
}

/** Wraps the engine: `before` runs just before the incremental sync (after the extract, CompleteRestore). */
function engineWith(target: TestDevice, before: () => Promise<void>): { sync(options?: SyncOptions): Promise<SyncStatus> } {
  return {
    async sync(options?: SyncOptions) {
      await before();
      return target.engine.sync(options);
    },
  };
}

test('a replacement end to end: the new device restores what the old one had, syncs what changed meanwhile, the old one is refused', async () => {
  const old = await device('alice');
  expectDone(await old.engine.sync());
  const oldRecords = await snapshot(old);
  expect([...oldRecords.values()].reduce((n, m) => n + m.size, 0)).toBeGreaterThan(20);
  const oldSettings = await old.store.getSettings();
  const oldSiteId = oldSettings.siteId as string;
  expect(oldSiteId).toBeTruthy();

  const { jobId, claimCode } = await requestReplacement(admin, oldSiteId);
  const claimed = await claim(claimCode, 'replacement laptop');
  expect(claimed).toMatchObject({ jobId, userName: 'alice' });
  // The code works once.
  await expect(claim(claimCode, 'another laptop')).rejects.toBeInstanceOf(ProtocolError);

  const wire = { transport: null as FaultyTransport | null };
  const fresh = await device('alice', {
    sessionToken: claimed.sessionToken,
    transport: (inner: Transport) => (wire.transport = new FaultyTransport(inner)),
  });
  const alice = new GatewayClient(gw.url, 'json');
  await alice.login('alice');

  let restored: Snapshot | null = null;
  let changedRowId = '';
  const progress: RestoreProgress[] = [];
  const outcome = await restoreReplacement({
    store: fresh.store,
    transport: fresh.transport,
    engine: engineWith(fresh, async () => {
      restored = await snapshot(fresh);
      // A change on the server after the extract: the incremental sync must bring it.
      const account = [...(restored.get('Account')?.values() ?? [])].find((r) => !r.readOnly && r.modNum !== null) as LocalRecord;
      changedRowId = account.rowId as string;
      const current = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [changedRowId] })).records[0]!;
      await alice.call('UpdateRecord', {
        operationId: `after-extract-${++seq}`,
        objectType: 'Account',
        rowId: changedRowId,
        modNum: current.modNum,
        fields: { Phone: '+47 555 0100' },
      });
    }),
    jobId,
    sessionToken: claimed.sessionToken,
    userName: claimed.userName,
    deviceName: 'replacement laptop',
    pollIntervalMs: 20,
    lock: new InProcessSyncLock(),
    onProgress: (p) => progress.push(p),
  });
  expectRestored(outcome);

  // The steps the pane shows, in order.
  const phases = progress.map((p) => p.phase).filter((p, i, all) => all[i - 1] !== p);
  expect(phases.filter((p) => p !== 'waiting')).toEqual(['restoring', 'registering', 'syncing', 'done']);
  const last = [...progress].reverse().find((p) => p.phase === 'restoring');
  expect(last?.phase === 'restoring' && last.done === last.total).toBe(true);

  // Right after the extract: the old device's records (same ROW_IDs and fields), bulk fields possibly left out.
  const pkg = await fresh.pkg();
  const bulk = new Map(pkg.objects.map((o) => [o.name, new Set(o.fields.filter((f) => f.bulk).map((f) => f.name))]));
  const before = restored as unknown as Snapshot;
  for (const [objectType, oldMap] of oldRecords) {
    const newMap = before.get(objectType) ?? new Map<string, LocalRecord>();
    const bulkNames = bulk.get(objectType) ?? new Set<string>();
    for (const [rowId, oldRecord] of oldMap) {
      if (oldRecord.readOnly) continue; // referenced only: the sync fetches it again if still referenced
      const copy = newMap.get(rowId);
      expect({ objectType, rowId, present: copy !== undefined }).toEqual({ objectType, rowId, present: true });
      if (!copy) continue;
      expect(copy).toMatchObject({ state: 'clean', origin: 'crm', readOnly: false, pending: null });
      if (copy.lastUpd === null) {
        // Bulk left out: everything else is there; the sync downloads it whole.
        expect(copy.fields).toEqual(withoutFields(oldRecord.fields, bulkNames));
      } else {
        expect(copy.fields).toEqual(oldRecord.fields);
        expect(copy.lastUpd).toBe(oldRecord.lastUpd);
      }
    }
    for (const rowId of newMap.keys()) expect({ objectType, rowId, inOld: oldMap.has(rowId) }).toEqual({ objectType, rowId, inOld: true });
  }
  // Bulk data stayed out of the extract: no restored record carries a bulk field, and those that had one await the sync.
  let bulkOmitted = 0;
  for (const [objectType, map] of before) {
    for (const record of map.values()) {
      for (const name of bulk.get(objectType) ?? []) expect(record.fields[name]).toBeUndefined();
      if (record.lastUpd === null) bulkOmitted += 1;
    }
  }
  expect(bulkOmitted).toBeGreaterThan(0);

  // After the incremental sync: exactly the server's view, the change after the extract and all bulk data included.
  expect(await localView(fresh)).toEqual(await serverView(gw.url, fresh));
  expect((await fresh.store.getRecordByRowId('Account', changedRowId))?.fields['Phone']).toBe('+47 555 0100');
  const activitiesWithBody = [...(await snapshot(fresh)).get('Activity')!.values()].filter(
    (r) => typeof r.fields['Description'] === 'string',
  );
  expect(activitiesWithBody.length).toBeGreaterThan(0);
  expect(await duplicates(fresh)).toEqual([]);

  // The new device is a new site; it never registered one itself (CompleteRestore did) and it keeps nothing of the old one.
  const settings = await fresh.store.getSettings();
  expect(settings.siteId).toBeTruthy();
  expect(settings.siteId).not.toBe(oldSiteId);
  expect(settings.databaseId).toBeTruthy();
  expect(settings.databaseId).not.toBe(oldSettings.databaseId);
  expect(settings.replacement?.stage).toBe('done');
  expect(settings.lastSyncResult).toBe('ok');
  expect(wire.transport?.log).not.toContain('RegisterSite');
  expect(wire.transport?.log.filter((o) => o === 'CompleteRestore')).toHaveLength(1);
  expect(await fresh.store.listOutbox()).toEqual([]);
  expect(await fresh.store.listIssues()).toEqual([]);
  expect(await jobState(jobId)).toBe('done');

  // Later syncs of the new device are ordinary incremental syncs.
  expectDone(await fresh.engine.sync());

  // The old device is refused for good.
  const refused = await old.engine.sync();
  expect(refused.phase === 'failed' && refused.error.code).toBe('SITE_REVOKED');
});

test('a restore cancelled in the middle of the extract continues when run again: same data, no duplicates', async () => {
  const old = await device('alice');
  expectDone(await old.engine.sync());
  const { jobId, claimCode } = await requestReplacement(admin, (await old.store.getSettings()).siteId as string);
  const claimed = await claim(claimCode, 'replacement laptop');
  const fresh = await device('alice', { sessionToken: claimed.sessionToken });
  const base = {
    store: fresh.store,
    transport: fresh.transport,
    engine: fresh.engine,
    jobId,
    sessionToken: claimed.sessionToken,
    userName: claimed.userName,
    deviceName: 'replacement laptop',
    pollIntervalMs: 20,
    lock: new InProcessSyncLock(),
  };
  const controller = new AbortController();
  const first = await restoreReplacement({
    ...base,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase === 'restoring' && p.done > 0) controller.abort();
    },
  });
  expect(first.phase === 'failed' && first.error.code).toBe('CANCELLED');
  const stopped = (await fresh.store.getSettings()).replacement;
  expect(stopped?.stage).toBe('extract');
  expect(stopped?.pagesDone).toBeGreaterThan(0);
  expect(stopped?.pagesDone).toBeLessThan(stopped?.pageCount ?? 0); // stopped between pages, not at the end

  expectRestored(await restoreReplacement(base));
  expect(await localView(fresh)).toEqual(await serverView(gw.url, fresh));
  expect(await duplicates(fresh)).toEqual([]);
  expect(await jobState(jobId)).toBe('done');
  // Run again once finished: nothing to do, nothing sent twice.
  expectRestored(await restoreReplacement(base));
});

/** Drops the connection once, at the first call of one operation: before it reaches the gateway, or losing its answer. */
class DropOnce implements Transport {
  readonly log: string[] = [];
  dropped = false;
  constructor(
    private readonly inner: Transport,
    private readonly operation: OperationName,
    private readonly mode: 'before' | 'after',
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    this.log.push(operation);
    const drop = !this.dropped && operation === this.operation;
    if (drop) this.dropped = true;
    if (drop && this.mode === 'before') throw new ProtocolError('CONNECTIVITY', `injected: connection dropped before ${operation}`);
    const response = await this.inner.call(operation, request, context);
    if (drop) throw new ProtocolError('CONNECTIVITY', `injected: answer to ${operation} lost`);
    return response;
  }
}

test.each(['BeginRestore', 'GetExtractPage', 'CompleteRestore', 'ReconcileKeys', 'FinishReplacement'] as const)(
  'the connection dropped at %s (request or answer lost): running again ends the same, one site, no duplicates',
  async (operation) => {
    let current = await device('alice');
    expectDone(await current.engine.sync());
    for (const mode of ['before', 'after'] as const) {
      const siteId = (await current.store.getSettings()).siteId as string;
      const { jobId, claimCode } = await requestReplacement(admin, siteId);
      const deviceName = `replacement ${operation} ${mode}`;
      const claimed = await claim(claimCode, deviceName);
      const wire = { transport: null as DropOnce | null };
      const fresh = await device('alice', {
        sessionToken: claimed.sessionToken,
        transport: (inner: Transport) => (wire.transport = new DropOnce(inner, operation, mode)),
      });
      const options = {
        store: fresh.store,
        transport: fresh.transport,
        engine: fresh.engine,
        jobId,
        sessionToken: claimed.sessionToken,
        userName: claimed.userName,
        deviceName,
        pollIntervalMs: 20,
        lock: new InProcessSyncLock(),
      };
      const first = await restoreReplacement(options);
      expect(wire.transport?.dropped).toBe(true);
      expect(first.phase === 'failed' && first.error.code).toBe('CONNECTIVITY');
      expectRestored(await restoreReplacement(options));

      expect(await localView(fresh)).toEqual(await serverView(gw.url, fresh));
      expect(await duplicates(fresh)).toEqual([]);
      expect(await jobState(jobId)).toBe('done');
      expect(wire.transport?.log).not.toContain('RegisterSite');
      // One new site for this job, whatever was lost on the way.
      const sites = (await admin.call('ListSites', { userName: 'alice' })).sites;
      expect(sites.filter((site) => site.deviceName === deviceName && site.status === 'active')).toHaveLength(1);
      const newSiteId = (await fresh.store.getSettings()).siteId;
      expect(sites.find((site) => site.siteId === newSiteId)?.status).toBe('active');
      const replaced = await current.engine.sync();
      expect(replaced.phase === 'failed' && replaced.error.code).toBe('SITE_REVOKED');
      current = fresh;
    }
  },
);

test('two replacements claimed at once restore one after the other; the second shows its place in the queue', async () => {
  const oldAlice = await device('alice');
  const oldBob = await device('bob');
  expectDone(await oldAlice.engine.sync());
  expectDone(await oldBob.engine.sync());
  const aliceJob = await requestReplacement(admin, (await oldAlice.store.getSettings()).siteId as string);
  const bobJob = await requestReplacement(admin, (await oldBob.store.getSettings()).siteId as string);
  const aliceClaim = await claim(aliceJob.claimCode, 'alice replacement');
  const bobClaim = await claim(bobJob.claimCode, 'bob replacement');

  // Alice's extract pauses at its first page until Bob is waiting in line.
  let bobWaiting: () => void = () => undefined;
  const bobInLine = new Promise<void>((resolve) => (bobWaiting = resolve));
  const gate = (inner: Transport): Transport => ({
    async call(operation, request, context) {
      if (operation === 'GetExtractPage') await bobInLine;
      return inner.call(operation, request, context);
    },
  });
  const newAlice = await device('alice', { sessionToken: aliceClaim.sessionToken, transport: gate });
  const newBob = await device('bob', { sessionToken: bobClaim.sessionToken });
  let aliceGranted: () => void = () => undefined;
  const aliceHasSlot = new Promise<void>((resolve) => (aliceGranted = resolve));
  const bobProgress: RestoreProgress[] = [];
  const common = { pollIntervalMs: 20, lock: new InProcessSyncLock() };

  const aliceDone = restoreReplacement({
    ...common,
    store: newAlice.store,
    transport: newAlice.transport,
    engine: newAlice.engine,
    jobId: aliceJob.jobId,
    sessionToken: aliceClaim.sessionToken,
    userName: 'alice',
    deviceName: 'alice replacement',
    onProgress: (p) => p.phase === 'restoring' && aliceGranted(),
  });
  await aliceHasSlot;
  const bobDone = restoreReplacement({
    ...common,
    store: newBob.store,
    transport: newBob.transport,
    engine: newBob.engine,
    jobId: bobJob.jobId,
    sessionToken: bobClaim.sessionToken,
    userName: 'bob',
    deviceName: 'bob replacement',
    onProgress: (p) => {
      bobProgress.push(p);
      if (p.phase === 'waiting' && p.position >= 1) bobWaiting();
    },
  });
  expectRestored(await aliceDone);
  expectRestored(await bobDone);

  expect(bobProgress).toContainEqual({ phase: 'waiting', position: 1 });
  // Bob restored only once Alice had finished hers.
  expect(bobProgress.findIndex((p) => p.phase === 'restoring')).toBeGreaterThan(bobProgress.findIndex((p) => p.phase === 'waiting'));
  expect(await localView(newAlice)).toEqual(await serverView(gw.url, newAlice));
  expect(await localView(newBob)).toEqual(await serverView(gw.url, newBob));
  expect(await jobState(aliceJob.jobId)).toBe('done');
  expect(await jobState(bobJob.jobId)).toBe('done');
});
