import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import { deleteLocalStore, openLocalStore } from '../../src/store/index.js';
import {
  changeLogin,
  InProcessSyncLock,
  resolveIssue,
  unsentAtLoginChange,
  WebLocksSyncLock,
  type CallContext,
  type SyncStatus,
  type Transport,
} from '../../src/sync/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let device: TestDevice;
beforeEach(async () => {
  gw = await startTestGateway({ demoRecords: 200 });
  device = await openDevice(gw.url, 'json', 'alice');
});
afterEach(async () => {
  await device.close();
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

function done(status: SyncStatus): Extract<SyncStatus, { phase: 'done' }> {
  if (status.phase !== 'done') throw new Error(`sync ended ${status.phase}: ${status.phase === 'failed' ? status.error.message : ''}`);
  return status;
}

test('a cancelled sync stops, and the next one finishes the work', async () => {
  const controller = new AbortController();
  const sub = device.engine.status$.subscribe((s) => {
    if (s.phase === 'syncing' && s.step === 'download' && s.objectType === 'Contact') controller.abort();
  });
  const cancelled = await device.engine.sync({ signal: controller.signal });
  sub.unsubscribe();
  expect(cancelled.phase).toBe('cancelled');
  expect((await device.store.getSettings()).lastSyncResult).toBe('cancelled');
  done(await device.engine.sync());
  expect(await localView(device)).toEqual(await serverView(gw.url, device));
});

test('only one sync runs at a time on one database, even from two panes', async () => {
  const second = await openDevice(gw.url, 'json', 'alice', {
    deviceTag: device.store.databaseName.split('|')[0]!.replace('fieldbook@', ''),
  });
  try {
    expect(second.store.databaseName).toBe(device.store.databaseName);
    const [a, b] = await Promise.all([device.engine.sync(), second.engine.sync()]);
    const phases = [a.phase, b.phase].sort();
    expect(phases).toEqual(['done', 'failed']);
    const failed = [a, b].find((s) => s.phase === 'failed');
    expect(failed?.phase === 'failed' && failed.error.message).toContain('already running');
  } finally {
    await second.close();
  }
});

test('the Web Locks adapter grants one holder and releases', async () => {
  // A minimal LockManager with the ifAvailable semantics of the Web Locks API.
  const held = new Set<string>();
  const locks = {
    async request(name: string, _options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void>) {
      if (held.has(name)) return callback(null);
      held.add(name);
      try {
        await callback({ name });
      } finally {
        held.delete(name);
      }
    },
  };
  const lock = new WebLocksSyncLock(locks);
  const release = await lock.tryAcquire('db');
  expect(release).toEqual(expect.any(Function));
  expect(await lock.tryAcquire('db')).toBeNull();
  release!();
  await new Promise((r) => setImmediate(r));
  expect(await lock.tryAcquire('db')).toEqual(expect.any(Function));
  const fallback = new InProcessSyncLock();
  const r1 = await fallback.tryAcquire('x');
  expect(await fallback.tryAcquire('x')).toBeNull();
  r1!();
  expect(await fallback.tryAcquire('x')).not.toBeNull();
});

test('a disabled object type is not downloaded, but what the rep creates in it uploads', async () => {
  done(await device.engine.sync());
  expect((await device.store.listRecords('Activity')).length).toBeGreaterThan(0);
  await device.store.updateSettings({ disabledObjects: ['Activity'] });
  done(await device.engine.sync());
  expect(await device.store.listRecords('Activity')).toEqual([]);
  const edits = await device.edits();
  const [contact] = await device.store.listRecords('Contact');
  const activity = await edits.create('Activity', {
    Type: 'Call',
    Subject: 'Created while disabled',
    Start: '2026-11-21T10:00:00.000Z',
    ContactId: contact!.rowId!,
  });
  done(await device.engine.sync());
  const alice = new GatewayClient(gw.url, 'json');
  await alice.login('alice');
  const found = await alice.call('EstimateCount', {
    objectType: 'Activity',
    filter: { field: 'Subject', op: 'eq', value: 'Created while disabled' },
  });
  expect(found.count).toBe(1);
  expect(await device.store.getRecord('Activity', activity.localId)).toBeUndefined();
});

test('a local change is uploaded even when its record left the filters', async () => {
  done(await device.engine.sync());
  const edits = await device.edits();
  const [contact] = await device.store.listRecords('Contact');
  await edits.update('Contact', contact!.localId, { JobTitle: 'Changed, then filtered out' });
  await device.store.updateSettings({ personalFilters: { Contact: { field: 'LastName', op: 'eq', value: '__nobody__' } } });
  done(await device.engine.sync());
  const alice = new GatewayClient(gw.url, 'json');
  await alice.login('alice');
  const server = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [contact!.rowId!] })).records[0]!;
  expect(server.fields['JobTitle']).toBe('Changed, then filtered out');
  expect(await localView(device)).toEqual(await serverView(gw.url, device));
});

test('"sync local changes only" uploads without downloading', async () => {
  done(await device.engine.sync());
  const edits = await device.edits();
  const [contact] = await device.store.listRecords('Contact');
  await edits.update('Contact', contact!.localId, { JobTitle: 'Local only' });
  const alice = new GatewayClient(gw.url, 'json');
  await alice.login('alice');
  const [account] = await device.store.listRecords('Account');
  const created = await alice.call('InsertRecord', {
    operationId: 'local-only-elsewhere',
    objectType: 'Contact',
    fields: { FirstName: 'Not', LastName: 'Downloaded', AccountId: account!.rowId! },
  });
  const result = done(await device.engine.sync({ localOnly: true }));
  expect(result.counts.uploaded).toBe(1);
  expect(await device.store.getRecordByRowId('Contact', created.rowId)).toBeUndefined();
  expect((await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [contact!.rowId!] })).records[0]!.fields['JobTitle']).toBe(
    'Local only',
  );
});

test('a storage failure stops the sync with a clear error; the next sync completes', async () => {
  const spy = jest
    .spyOn(device.store, 'updateRecords')
    .mockRejectedValueOnce(new ProtocolError('STORAGE_FULL', 'The browser has no more storage space for Fieldbook.'));
  const failed = await device.engine.sync();
  spy.mockRestore();
  expect(failed.phase === 'failed' && failed.error.code).toBe('STORAGE_FULL');
  done(await device.engine.sync());
  expect(await localView(device)).toEqual(await serverView(gw.url, device));
});

test('JSON and SOAP devices end with identical data', async () => {
  done(await device.engine.sync());
  const soap = await openDevice(gw.url, 'soap', 'alice');
  try {
    done(await soap.engine.sync());
    expect(await localView(soap)).toEqual(await localView(device));
  } finally {
    await soap.close();
  }
});

describe('a login change', () => {
  test('to the same user at a new gateway address carries unsent changes into the new archive and removes the old data', async () => {
    done(await device.engine.sync());
    const edits = await device.edits();
    const [contact] = await device.store.listRecords('Contact');
    await edits.update('Contact', contact!.localId, { JobTitle: 'Unsent before the move' });
    expect((await unsentAtLoginChange(device.store, 1)).map((e) => e.fields['JobTitle'])).toEqual(['Unsent before the move']);

    const newUrl = gw.url.replace('localhost', '127.0.0.1');
    const identity = { gatewayUrl: newUrl, userName: 'alice', deviceTag: 'moved' };
    const next = await openLocalStore(identity);
    const oldName = device.store.databaseName;
    const result = await changeLogin(
      {
        store: device.store,
        userName: 'alice',
        remove: () =>
          deleteLocalStore({ gatewayUrl: gw.url, userName: 'alice', deviceTag: oldName.split('|')[0]!.replace('fieldbook@', '') }),
      },
      { store: next, userName: 'alice' },
      2,
    );
    expect(result).toEqual({ carriedOver: 1, toExport: [] });
    expect((await next.listArchive()).map((e) => e.fields['JobTitle'])).toEqual(['Unsent before the move']);
    await next.close();
    const reopened = await openLocalStore({
      gatewayUrl: gw.url,
      userName: 'alice',
      deviceTag: oldName.split('|')[0]!.replace('fieldbook@', ''),
    });
    expect(await reopened.getAppliedPackage()).toBeNull();
    await reopened.close();
    device = await openDevice(newUrl, 'json', 'alice', { deviceTag: 'moved' });
    done(await device.engine.sync());
    expect((await device.store.listArchive()).length).toBe(1);
    expect(await localView(device)).toEqual(await serverView(newUrl, device));
  });

  test("to another user returns the old user's unsent changes for export and never shows them to the new one", async () => {
    done(await device.engine.sync());
    const edits = await device.edits();
    await edits.create('Account', { Name: 'Unsent of alice', Location: 'Riga, Latvia' });
    const bobStore = await openLocalStore({ gatewayUrl: gw.url, userName: 'bob', deviceTag: 'bob' });
    const tag = device.store.databaseName.split('|')[0]!.replace('fieldbook@', '');
    const result = await changeLogin(
      { store: device.store, userName: 'alice', remove: () => deleteLocalStore({ gatewayUrl: gw.url, userName: 'alice', deviceTag: tag }) },
      { store: bobStore, userName: 'bob' },
      3,
    );
    expect(result.carriedOver).toBe(0);
    expect(result.toExport.map((e) => e.fields['Name'])).toEqual(['Unsent of alice']);
    expect(await bobStore.listArchive()).toEqual([]);
    await bobStore.close();
    device = await openDevice(gw.url, 'json', 'bob', { deviceTag: 'bob' });
  });
});

test('a responsibility without a package stops the sync with words for the rep', async () => {
  const db = gw.context.database.db;
  await db.updateTable('users').set({ responsibility_id: 'R-SALES-DIRECTOR' }).where('user_name', '=', 'alice').execute();
  await db.deleteFrom('packages').where('responsibility_id', '=', 'R-SALES-DIRECTOR').execute();
  const result = await device.engine.sync();
  expect(result.phase === 'failed' && result.error.code).toBe('PACKAGE_UNAVAILABLE');
  expect(result.phase === 'failed' && result.error.message).toContain('Contact your administrator');
  expect(await device.store.getAppliedPackage()).toBeNull();
});

test('an unreachable gateway stops the sync with a connectivity error', async () => {
  const offline = await openDevice('http://127.0.0.1:1', 'json', 'alice');
  try {
    const result = await offline.engine.sync();
    expect(result.phase === 'failed' && result.error.code).toBe('CONNECTIVITY');
    expect((await offline.store.getSettings()).lastSyncResult).toBe('failed');
  } finally {
    await offline.close();
  }
});

test('an edit made after answering "keep theirs" reopens the conflict instead of being overwritten', async () => {
  done(await device.engine.sync());
  const edits = await device.edits();
  const [contact] = await device.store.listRecords('Contact');
  await edits.update('Contact', contact!.localId, { JobTitle: 'Mine' });
  const dave = new GatewayClient(gw.url, 'json');
  await dave.login('dave');
  const server = (await dave.call('QueryRecords', { objectType: 'Contact', rowIds: [contact!.rowId!] })).records[0]!;
  await dave.call('UpdateRecord', {
    operationId: 'reopen-dave',
    objectType: 'Contact',
    rowId: contact!.rowId!,
    modNum: server.modNum,
    fields: { JobTitle: 'Theirs' },
  });
  done(await device.engine.sync());
  const [issue] = await device.store.listIssues();
  expect(issue?.kind).toBe('bothUpdated');
  await resolveIssue(device.store, issue!.id, { choice: 'server' });
  await edits.update('Contact', contact!.localId, { Phone: '+1 555 0100' });
  const [reopened] = await device.store.listIssues();
  expect(reopened).toMatchObject({ id: issue!.id, resolution: null });
  expect(reopened!.local).toMatchObject({ JobTitle: 'Mine', Phone: '+1 555 0100' });
  done(await device.engine.sync());
  // Still open, nothing lost: the rep's latest version is kept for the next answer.
  expect((await device.store.getRecord('Contact', contact!.localId))!.fields).toMatchObject({ JobTitle: 'Mine', Phone: '+1 555 0100' });
  expect((await device.store.listIssues()).map((i) => i.kind)).toEqual(['bothUpdated']);
});

describe("the pane's own session", () => {
  test('a sync on a session token neither logs in nor ends the session, and packageOnly installs the package and no data', async () => {
    const client = new GatewayClient(gw.url, 'json');
    const login = await client.call('Login', { userName: 'alice', password: 'demo' });
    let loginCalls = 0;
    let logoutCalls = 0;
    const paneDevice = await openDevice(gw.url, 'json', 'alice', {
      sessionToken: login.sessionToken,
      transport: (inner) => ({
        call(operation, request, context) {
          if (operation === 'Login') loginCalls += 1;
          if (operation === 'Logout') logoutCalls += 1;
          return inner.call(operation, request, context);
        },
      }),
    });
    try {
      done(await paneDevice.engine.sync({ packageOnly: true }));
      expect((await paneDevice.pkg()).info.id).toBeTruthy();
      for (const object of (await paneDevice.pkg()).objects) expect(await paneDevice.store.listRecords(object.name)).toEqual([]);
      done(await paneDevice.engine.sync());
      expect(await localView(paneDevice)).toEqual(await serverView(gw.url, paneDevice));
      expect(loginCalls).toBe(0);
      expect(logoutCalls).toBe(0);
      // The session is still usable by the pane after both syncs.
      const pane = new GatewayClient(gw.url, 'json', { sessionToken: login.sessionToken });
      await expect(pane.call('EstimateCount', { objectType: 'Account' })).resolves.toEqual({ count: expect.any(Number) });
    } finally {
      await paneDevice.close();
    }
  });

  test('an expired or ended session token fails the sync as UNAUTHENTICATED and changes nothing', async () => {
    const client = new GatewayClient(gw.url, 'json');
    const login = await client.call('Login', { userName: 'alice', password: 'demo' });
    await new GatewayClient(gw.url, 'json', { sessionToken: login.sessionToken }).call('Logout', {});
    const paneDevice = await openDevice(gw.url, 'json', 'alice', { sessionToken: login.sessionToken });
    try {
      const status = await paneDevice.engine.sync();
      expect(status.phase === 'failed' && status.error.code).toBe('UNAUTHENTICATED');
      expect(await paneDevice.store.getAppliedPackage()).toBeNull();
    } finally {
      await paneDevice.close();
    }
  });
});

test('a successful sync is remembered with its counts; a failed attempt after it is recorded apart and keeps it', async () => {
  let down = false;
  const flaky = await openDevice(gw.url, 'json', 'bob', {
    transport: (inner): Transport => ({
      call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
        return down
          ? Promise.reject(new ProtocolError('CONNECTIVITY', 'the gateway did not answer'))
          : inner.call(operation, request, context);
      },
    }),
  });
  try {
    const first = done(await flaky.engine.sync());
    expect(first.counts.inserted).toBeGreaterThan(0);
    const success = (await flaky.store.getSettings()).lastSuccess;
    expect(success).toEqual({ at: first.at, counts: first.counts });
    down = true;
    const failed = await flaky.engine.sync();
    expect(failed.phase).toBe('failed');
    const settings = await flaky.store.getSettings();
    expect(settings.lastSyncResult).toBe('failed');
    expect(settings.lastSyncAt).toBeGreaterThanOrEqual(success!.at);
    expect(settings.lastSuccess).toEqual(success);
  } finally {
    await flaky.close();
  }
});
