import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import type { PackageFile } from '../../src/metadata/index.js';
import type { SyncStatus } from '../../src/sync/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { allLocal, openDevice, type TestDevice } from '../support/test-client.js';

/**
 * Issue 13, part 1: a record on the device that breaks a rule of a package published
 * after it was edited. The new package is applied quietly (rules are not structure),
 * the gateway refuses that one upload, naming field and rule; it becomes a sync issue
 * of kind 'failed', the sync completes and uploads everything else, and the record
 * stays editable: once the rep fixes the value, the next sync uploads it.
 */

const V1 = loadPackageDir(resolve(__dirname, '../../packages/demo-v1'));

function expectDone(status: SyncStatus): asserts status is Extract<SyncStatus, { phase: 'done' }> {
  if (status.phase !== 'done') throw new Error(`sync ended ${JSON.stringify(status)}`);
}

/** demo-v1 at another version, with Probability at most 90 (a rule v1 does not have). */
function withStricterProbability(files: readonly PackageFile[]): PackageFile[] {
  return files.map((f) => {
    if (f.name === 'info.xml') return { ...f, content: f.content.replace(/(<info[^>]*\sversion=")[\d.]+"/, '$11.00.00.07"') };
    if (f.name !== 'objects.xml') return f;
    const content = f.content.replace('kind="percent"', 'kind="percent" max="90"');
    if (content === f.content) throw new Error('objects.xml has no percent field');
    return { ...f, content };
  });
}

describe.each(ENCODINGS)('a local change that breaks a newly published rule, over %s', (encoding) => {
  let gw: TestGateway;
  let device: TestDevice;
  let alice: GatewayClient;
  let admin: GatewayClient;
  beforeEach(async () => {
    gw = await startTestGateway({ demoRecords: 160 });
    device = await openDevice(gw.url, encoding, 'alice');
    alice = new GatewayClient(gw.url, 'json');
    await alice.login('alice');
    admin = new GatewayClient(gw.url, 'json');
    await admin.login('admin');
  });
  afterEach(async () => {
    await device.close();
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  test('is refused by the gateway as a failed sync issue, the sync completes, and the record stays editable', async () => {
    expectDone(await device.engine.sync());
    const [target, other] = (await allLocal(device, 'Opportunity')).filter((r) => r.rowId !== null && !r.readOnly);
    if (!target || !other) throw new Error('alice has too few opportunities');
    const server = async (rowId: string | null) =>
      (await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [rowId ?? ''] })).records[0]?.fields;
    const before = await server(target.rowId);

    // Offline, under demo-v1: 95 is a valid percent.
    let edits = await device.edits();
    await edits.update('Opportunity', target.localId, { Probability: 95 });
    await edits.update('Opportunity', other.localId, { Probability: 85 });
    await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: withStricterProbability(V1) });

    const result = await device.engine.sync();
    expectDone(result);
    expect((await device.pkg()).objects.find((o) => o.name === 'Opportunity')?.fields.find((f) => f.name === 'Probability')?.max).toBe(90);
    const issues = await device.store.listIssues();
    expect(issues).toEqual([
      expect.objectContaining({
        kind: 'failed',
        objectType: 'Opportunity',
        localId: target.localId,
        message: expect.stringContaining('Probability (max): Probability (%) must be at most 90') as unknown,
      }),
    ]);
    // Nothing of the refused change reached the server; the other change did.
    expect(await server(target.rowId)).toEqual(before);
    expect((await server(other.rowId))?.['Probability']).toBe(85);
    // The device keeps the rep's value, and the record stays editable.
    expect((await device.store.getRecord('Opportunity', target.localId))?.fields['Probability']).toBe(95);

    edits = await device.edits();
    // Writing the breaking value again is refused on the device with the same rule…
    await expect(edits.update('Opportunity', target.localId, { Probability: 99 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      details: { field: 'Probability', rule: 'max' },
    });
    // …another field can still be edited while the old value stays…
    await edits.update('Opportunity', target.localId, { Stage: 'Negotiation' });
    // …and once fixed, the change uploads and the issue goes.
    await edits.update('Opportunity', target.localId, { Probability: 90 });
    expectDone(await device.engine.sync());
    expect(await server(target.rowId)).toMatchObject({ Probability: 90, Stage: 'Negotiation' });
    expect(await device.store.listIssues()).toEqual([]);
  });
});
