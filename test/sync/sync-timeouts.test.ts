import { InProcessSyncLock, JsonTransport, SoapTransport, SyncEngine, type SyncStatus } from '../../src/sync/index.js';
import { GatedFetch } from '../support/gated-fetch.js';
import { manualTimers, type ManualTimers } from '../support/manual-timers.js';
import { localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * A gateway that stops answering in the middle of a sync: the call times out, the
 * sync fails with CONNECTIVITY and lets go of its lock, and the next sync finishes
 * the work. Cancelling aborts the request in flight. Manual timers move time.
 */
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 60 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

function failed(status: SyncStatus): Extract<SyncStatus, { phase: 'failed' }> {
  if (status.phase !== 'failed') throw new Error(`expected a failed sync, got ${status.phase}`);
  return status;
}

describe.each(['json', 'soap'] as const)('over %s', (encoding) => {
  let device: TestDevice;
  let gate: GatedFetch;
  let clock: ManualTimers;
  beforeEach(async () => {
    gate = new GatedFetch();
    clock = manualTimers();
    const options = { timers: clock.timers };
    device = await openDevice(gw.url, encoding, 'alice', {
      transport: () =>
        encoding === 'json' ? new JsonTransport(gw.url, gate.fetch, options) : new SoapTransport(gw.url, gate.fetch, options),
    });
  });
  afterEach(() => device.close());

  test('a call that is never answered fails the sync with CONNECTIVITY after 60 s; the lock is free and the next sync finishes', async () => {
    gate.hangOn = 'ListRecords';
    const first = device.engine.sync();
    await gate.untilHanging();
    await clock.advance(60_000);
    const status = failed(await first);
    expect(status.error.code).toBe('CONNECTIVITY');
    expect(status.error.message).toMatch(/^ListRecords timed out after 60 s/);
    expect(gate.hung[0]?.aborted).toBe(true);

    gate.hangOn = null;
    expect((await device.engine.sync()).phase).toBe('done');
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('cancelling the sync aborts the request in flight: cancelled, not failed; the next sync finishes', async () => {
    gate.hangOn = 'ListRecords';
    const controller = new AbortController();
    const first = device.engine.sync({ signal: controller.signal });
    await gate.untilHanging();
    controller.abort();
    expect((await first).phase).toBe('cancelled');
    expect(gate.hung[0]?.aborted).toBe(true);
    expect((await device.store.getSettings()).lastSyncResult).toBe('cancelled');
    expect(clock.pendingCount()).toBe(0);

    gate.hangOn = null;
    expect((await device.engine.sync()).phase).toBe('done');
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });
});

test("the engine's callTimeoutMs is the limit of every call it makes", async () => {
  const gate = new GatedFetch();
  const clock = manualTimers();
  const device = await openDevice(gw.url, 'json', 'alice', {
    transport: () => new JsonTransport(gw.url, gate.fetch, { timers: clock.timers }),
  });
  try {
    const engine = new SyncEngine({
      store: device.store,
      transport: device.transport,
      credentials: () => Promise.resolve({ userName: 'alice', password: 'demo' }),
      deviceName: 'impatient device',
      lock: new InProcessSyncLock(),
      callTimeoutMs: 5_000,
    });
    gate.hangOn = 'DownloadMetadataFiles';
    const first = engine.sync();
    await gate.untilHanging();
    await clock.advance(5_000);
    expect(failed(await first).error.message).toMatch(/^DownloadMetadataFiles timed out after 5 s/);
  } finally {
    await device.close();
  }
});
