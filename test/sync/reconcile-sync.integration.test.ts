import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import type { LocalStore } from '../../src/store/index.js';
import type { CallContext, SyncStatus, Transport } from '../../src/sync/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { allLocal, localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * The reconcile key exchange against the real gateway over HTTP, both encodings:
 * what a sync sends when nothing changed, what it finds when the server changed,
 * deleted or filtered records away, and the Siebel fallback for a gateway without
 * the new operations. Every case ends with the device equal to the server's view.
 */

function expectDone(status: SyncStatus): asserts status is Extract<SyncStatus, { phase: 'done' }> {
  if (status.phase !== 'done') throw new Error(`sync ended ${status.phase}: ${JSON.stringify(status)}`);
}

/** Counts operations, and refuses `lacking` ones as a gateway from before them does (build-server.ts). */
class Recorder implements Transport {
  readonly calls: OperationName[] = [];
  lacking = new Set<OperationName>();
  constructor(private readonly inner: Transport) {}
  call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    this.calls.push(operation);
    if (this.lacking.has(operation))
      return Promise.reject(new ProtocolError('INVALID_REQUEST', `Unknown operation "${operation}"`, { operation }));
    return this.inner.call(operation, request, context);
  }
}

/** Counts the record bodies the engine reads from the store. */
function countBodies(read: { bodies: number }): (inner: LocalStore) => LocalStore {
  const bodyReads = new Set(['getRecord', 'getRecordByRowId', 'listRecords', 'getRecords', 'listOutbox', 'findByField']);
  return (inner) =>
    new Proxy(inner, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (bodyReads.has(property)) read.bodies += Array.isArray(result) ? result.length : result === undefined ? 0 : 1;
          return result;
        };
      },
    });
}

describe.each(ENCODINGS)('the reconcile key exchange over %s', (encoding) => {
  let gw: TestGateway;
  let device: TestDevice;
  let wire: Recorder;
  const read = { bodies: 0 };
  let dave: GatewayClient;

  beforeEach(async () => {
    gw = await startTestGateway({ demoRecords: 400 });
    device = await openDevice(gw.url, encoding, 'alice', {
      transport: (inner) => (wire = new Recorder(inner)),
      store: countBodies(read),
    });
    dave = new GatewayClient(gw.url, 'json');
    await dave.login('dave');
  });
  afterEach(async () => {
    await device.close();
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  const sync = async () => {
    wire.calls.length = 0;
    read.bodies = 0;
    const status = await device.engine.sync();
    expectDone(status);
    return status;
  };

  test('the first sync streams whole records; a sync where nothing changed is one ReconcileKeys for every type and reads no record', async () => {
    const first = await sync();
    expect(wire.calls).not.toContain('GetChangeKeys');
    expect(wire.calls).not.toContain('QueryRecords');
    expect(wire.calls.filter((c) => c === 'ListRecords').length).toBeGreaterThanOrEqual(4);
    expect(first.counts.inserted).toBeGreaterThan(0);
    expect(await localView(device)).toEqual(await serverView(gw.url, device));

    const second = await sync();
    expect(wire.calls).toEqual(['Login', 'DownloadMetadataFiles', 'ReconcileKeys', 'ReportDevice', 'Logout']);
    expect(read.bodies).toBe(0);
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, deleted: 0, uploaded: 0 });
  });

  test("the server's updates come as recent keys, its deletes are found by the ranges", async () => {
    await sync();
    const contacts = (await allLocal(device, 'Contact')).filter((r) => !r.readOnly);
    const changed = contacts.slice(0, 3);
    for (const [i, c] of changed.entries())
      await dave.call('UpdateRecord', {
        operationId: `rk-upd-${i}`,
        objectType: 'Contact',
        rowId: c.rowId!,
        modNum: c.modNum!,
        fields: { JobTitle: `Changed ${i}` },
      });
    const gone = contacts[contacts.length - 1]!;
    await dave.call('DeleteRecord', { operationId: 'rk-del-1', objectType: 'Contact', rowId: gone.rowId!, modNum: gone.modNum! });

    const status = await sync();
    expect(status.counts).toMatchObject({ updated: 3, deleted: 1, inserted: 0 });
    expect(wire.calls).not.toContain('GetChangeKeys');
    // The recent keys, one more comparison with them in place, then the ranges' rounds down to the deleted row.
    expect(wire.calls.filter((c) => c === 'ReconcileKeys').length).toBeLessThanOrEqual(6);
    expect(await device.store.getRecord('Contact', gone.localId)).toBeUndefined();
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('a filter change is a difference like a delete: records leave, referenced ones stay read-only and are left out next time', async () => {
    await sync();
    await device.store.updateSettings({ personalFilters: { Account: { field: 'Name', op: 'eq', value: '__no account has this name__' } } });
    await sync();
    const accounts = await allLocal(device, 'Account');
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.readOnly)).toBe(true);
    expect((await device.store.getSyncHints()).readOnlyRowIds['Account']?.length).toBe(accounts.length);
    // The read-only accounts are not a difference any more: nothing to do.
    await sync();
    expect(wire.calls).toEqual(['Login', 'DownloadMetadataFiles', 'ReconcileKeys', 'ReportDevice', 'Logout']);
    // Back inside the filters: editable again.
    await device.store.updateSettings({ personalFilters: {} });
    await sync();
    expect((await allLocal(device, 'Account')).every((a) => !a.readOnly)).toBe(true);
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('a gateway without ReconcileKeys and ListRecords is synced the Siebel way, to the same result', async () => {
    wire.lacking = new Set(['ReconcileKeys', 'ListRecords']);
    await sync();
    expect(wire.calls).toContain('GetChangeKeys');
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
    const c = (await allLocal(device, 'Contact')).find((r) => !r.readOnly)!;
    await dave.call('UpdateRecord', {
      operationId: 'rk-upd-old',
      objectType: 'Contact',
      rowId: c.rowId!,
      modNum: c.modNum!,
      fields: { JobTitle: 'Old gateway' },
    });
    expect((await sync()).counts.updated).toBe(1);
    expect(wire.calls.filter((x) => x === 'ReconcileKeys')).toHaveLength(1);
    // The gateway learns the new operations: the next sync uses them.
    wire.lacking = new Set();
    await sync();
    expect(wire.calls).toEqual(['Login', 'DownloadMetadataFiles', 'ReconcileKeys', 'ReportDevice', 'Logout']);
  });

  test('the Siebel mode and the reconcile mode leave the same records on the device', async () => {
    await sync();
    const siebel = await openDevice(gw.url, encoding, 'alice', { keyExchange: 'siebel' });
    try {
      expectDone(await siebel.engine.sync());
      const c = (await allLocal(device, 'Contact')).find((r) => !r.readOnly)!;
      await dave.call('UpdateRecord', {
        operationId: 'rk-both-1',
        objectType: 'Contact',
        rowId: c.rowId!,
        modNum: c.modNum!,
        fields: { JobTitle: 'Both see this' },
      });
      await sync();
      expectDone(await siebel.engine.sync());
      expect(await localView(device)).toEqual(await localView(siebel));
    } finally {
      await siebel.close();
    }
  });
});
