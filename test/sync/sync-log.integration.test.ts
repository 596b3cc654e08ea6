/**
 * The sync log against the real gateway over HTTP: off by default, on it records
 * each step and the outcome, package failures carry the preferred version, and the
 * downloaded file holds neither the session token, the full database id, nor a
 * field value of the records that were synced.
 */
import type { FieldValue } from '../../src/protocol/index.js';
import { SyncLogRecorder, syncLogFile, type SyncStatus, type Transport } from '../../src/sync/index.js';
import { openDevice, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
let device: TestDevice;
let recorder: SyncLogRecorder;
let sessionTokens: string[];

/** Notes every session token the gateway hands out, to look for it in the log. */
function noteTokens(inner: Transport): Transport {
  return {
    call: async (operation, request, context) => {
      const answer = await inner.call(operation, request, context);
      if (operation === 'Login') sessionTokens.push((answer as { sessionToken: string }).sessionToken);
      return answer;
    },
  };
}

async function syncOnce(): Promise<SyncStatus> {
  const status = await device.engine.sync();
  await recorder.settled();
  return status;
}

beforeEach(async () => {
  sessionTokens = [];
  gw = await startTestGateway({ demoRecords: 120 });
  device = await openDevice(gw.url, 'json', 'alice', { transport: noteTokens });
  recorder = new SyncLogRecorder(device.engine.status$, device.store);
});

afterEach(async () => {
  recorder.stop();
  await recorder.settled();
  await device.close();
  await gw.stop();
});

test('is off by default: a sync writes no entry', async () => {
  expect((await syncOnce()).phase).toBe('done');
  expect(await device.store.listSyncLog()).toEqual([]);
});

test('switched on, records the steps, counts and timings of each sync, and the file holds no token, id or value', async () => {
  await device.store.updateSettings({ keepSyncLog: true });
  const status = await syncOnce();
  expect(status.phase).toBe('done');
  const entries = await device.store.listSyncLog();
  const steps = entries.map((e) => (e.objectType ? `${e.step} ${e.objectType}` : e.step));
  expect(steps[0]).toBe('start');
  expect(steps).toEqual(expect.arrayContaining(['session', 'package', 'download Account', 'download Contact']));
  expect(steps[steps.length - 1]).toBe('done');
  const done = entries[entries.length - 1];
  expect(done?.durationMs).toBeGreaterThanOrEqual(0);
  expect(done?.counts['inserted']).toBe(status.phase === 'done' ? status.counts.inserted : -1);
  expect(new Set(entries.map((e) => e.syncStartedAt)).size).toBe(1);

  // A second sync is a second set of entries, after the first.
  await syncOnce();
  const after = await device.store.listSyncLog();
  expect(new Set(after.map((e) => e.syncStartedAt)).size).toBe(2);

  const text = syncLogFile(after, { userName: 'alice', gatewayUrl: gw.url, productVersion: '1.00.00.00', writtenAt: Date.now() });
  expect(sessionTokens.length).toBeGreaterThan(0);
  for (const token of sessionTokens) expect(text).not.toContain(token);
  const { databaseId } = await device.store.getSettings();
  expect(databaseId).toBeTruthy();
  expect(text).not.toContain(databaseId);
  expect(text).not.toContain('demo'); // the password
  // No field value of any synced record (long enough not to be a step name or a number by chance).
  const values = new Set<string>();
  for (const type of ['Account', 'Contact']) {
    for (const record of await device.store.listRecords(type)) {
      for (const value of Object.values<FieldValue>(record.fields))
        if (typeof value === 'string' && value.length >= 6 && !/^\d{4}-\d\d-\d\d/.test(value)) values.add(value);
    }
  }
  expect(values.size).toBeGreaterThan(50);
  expect([...values].filter((value) => text.includes(value))).toEqual([]);
});

test('switched off again, the next sync adds nothing and what was kept stays', async () => {
  await device.store.updateSettings({ keepSyncLog: true });
  await syncOnce();
  const kept = await device.store.countSyncLog();
  await device.store.updateSettings({ keepSyncLog: false });
  await syncOnce();
  expect(await device.store.countSyncLog()).toBe(kept);
});

test('an incompatible package is logged with the preferred version', async () => {
  const other = await openDevice(gw.url, 'json', 'alice', { productVersion: '2.00.00.00' });
  const otherRecorder = new SyncLogRecorder(other.engine.status$, other.store);
  try {
    await other.store.updateSettings({ keepSyncLog: true });
    expect((await other.engine.sync()).phase).toBe('failed');
    await otherRecorder.settled();
    const entries = await other.store.listSyncLog();
    expect(entries.find((e) => e.step === 'package')?.code).toBe('INCOMPATIBLE_PRODUCT');
    expect(entries[entries.length - 1]).toMatchObject({
      step: 'failed',
      code: 'INCOMPATIBLE_PRODUCT',
      details: { preferredProduct: '1.00.00.00', productVersion: '2.00.00.00' },
    });
  } finally {
    otherRecorder.stop();
    await other.close();
  }
});

test('a package download failure is logged with the preferred version last known', async () => {
  expect((await syncOnce()).phase).toBe('done');
  await device.store.updateSettings({ keepSyncLog: true });
  // The administrator withdraws the package of alice's responsibility.
  await gw.context.database.db.deleteFrom('packages').where('responsibility_id', '=', 'R-SALES-REP').execute();
  expect((await syncOnce()).phase).toBe('failed');
  const entries = await device.store.listSyncLog();
  expect(entries.find((e) => e.step === 'package')?.code).toBe('PACKAGE_UNAVAILABLE');
  expect(entries[entries.length - 1]).toMatchObject({
    step: 'failed',
    code: 'PACKAGE_UNAVAILABLE',
    details: { preferredProduct: '1.00.00.00', productVersion: '1.00.00.00', responsibilityId: 'R-SALES-REP' },
  });
});
