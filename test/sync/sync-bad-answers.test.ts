import type { SyncStatus } from '../../src/sync/index.js';
import { JsonTransport } from '../../src/sync/index.js';
import { GatedFetch } from '../support/gated-fetch.js';
import { GatewayClient } from '../support/gateway-client.js';
import { allLocal, localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * An answer that breaks the contract stops the sync before any of it is used:
 * nothing of it is written, and an upload whose answer was garbled is repeated
 * with its own operation id, so the server holds the record once.
 */
let gw: TestGateway;
let gate: GatedFetch;
let device: TestDevice;
beforeEach(async () => {
  gw = await startTestGateway({ demoRecords: 60 });
  gate = new GatedFetch();
  device = await openDevice(gw.url, 'json', 'alice', { transport: () => new JsonTransport(gw.url, gate.fetch) });
});
afterEach(async () => {
  await device.close();
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

function failed(status: SyncStatus): Extract<SyncStatus, { phase: 'failed' }> {
  if (status.phase !== 'failed') throw new Error(`expected a failed sync, got ${status.phase}`);
  return status;
}

test('a ListRecords page with one bad record among good ones stops the first sync with nothing of it written', async () => {
  const spoiled: string[] = [];
  gate.rewrite = {
    operation: 'ListRecords',
    answer: (real) => {
      const body = JSON.parse(real) as { records: { rowId: string; modNum: unknown }[] };
      // The first answer with several records: the last one's modNum becomes text.
      if (spoiled.length > 0 || body.records.length < 2) return real;
      spoiled.push(...body.records.map((r) => r.rowId));
      body.records[body.records.length - 1]!.modNum = 'three';
      return JSON.stringify(body);
    },
  };
  const status = failed(await device.engine.sync());
  expect(status.error.code).toBe('CONNECTIVITY');
  expect(status.error.message).toMatch(
    /^The gateway's answer to ListRecords does not match the contract: ListRecordsResponse\.records\[\d+\]\.modNum: expected a whole number, got "three"/,
  );
  const pkg = await device.pkg();
  const local = (await Promise.all(pkg.objects.map((o) => allLocal(device, o.name)))).flat();
  expect(spoiled.length).toBeGreaterThan(1);
  expect(local.filter((r) => r.rowId !== null && spoiled.includes(r.rowId))).toEqual([]);

  gate.rewrite = null;
  expect((await device.engine.sync()).phase).toBe('done');
  expect(await localView(device)).toEqual(await serverView(gw.url, device));
});

test.each([
  ['a garbled change result', (results: unknown[]) => [{ ...(results[0] as object), ok: { rowId: 42 } }]],
  ['a result missing', () => []],
  ['a result for another operation id', (results: unknown[]) => [{ ...(results[0] as object), operationId: 'someone-elses-op' }]],
])('%s of ApplyChanges keeps the request pending; the next sync repeats it and the server holds the record once', async (_, garble) => {
  expect((await device.engine.sync()).phase).toBe('done');
  const edits = await device.edits();
  const created = await edits.create('Account', { Name: 'Garbled Answer GmbH', Location: 'Bern, Switzerland' });
  // The gateway applies the batch; its answer arrives mangled.
  gate.rewrite = {
    operation: 'ApplyChanges',
    answer: (real) => JSON.stringify({ results: garble((JSON.parse(real) as { results: unknown[] }).results) }),
  };
  const status = failed(await device.engine.sync());
  expect(status.error).toMatchObject({ code: 'CONNECTIVITY', details: { operation: 'ApplyChanges' } });
  const waiting = await device.store.getRecord('Account', created.localId);
  expect(waiting).toMatchObject({ rowId: null, state: 'created', pending: { kind: 'insert' } });

  gate.rewrite = null;
  expect((await device.engine.sync()).phase).toBe('done');
  const client = new GatewayClient(gw.url, 'json');
  await client.login('alice');
  const onServer = await client.call('QueryByUserKey', {
    objectType: 'Account',
    fields: { Name: 'Garbled Answer GmbH', Location: 'Bern, Switzerland' },
  });
  expect(onServer.records).toHaveLength(1);
  expect(await device.store.getRecord('Account', created.localId)).toMatchObject({
    rowId: onServer.records[0]!.rowId,
    state: 'clean',
    pending: null,
  });
});
