import type { CrmRecord } from '../../src/protocol/index.js';
import { importChanges, InProcessSyncLock, JsonTransport, resolveIssue, restoreReplacement, unsentChanges } from '../../src/sync/index.js';
import { changesFileJson, namesFromStore } from '../../src/taskpane/issues/changes-file-json.js';
import { FaultyTransport } from '../support/faulty-transport.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { openDevice, type TestDevice } from '../support/test-client.js';
import { expectDone, requestReplacement } from '../support/replacement-job.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Issue 13, part 2: a device replacement carries the rep's unsent work and filter
 * choice, over the real gateway in both encodings. Every sync reports the outbox
 * count and the filters (ReportDevice); the admin sees the count; the old device,
 * refused, turns read-only and exports its unsent changes; the new device restores
 * the extract under the old device's filters and imports the export, where a change
 * the server overtook becomes a conflict, never an overwrite.
 */

jest.setTimeout(120_000);

let gw: TestGateway;
let admin: GatewayClient;
let devices: TestDevice[] = [];
let seq = 0;

beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 240, config: { extractPageSize: 40 } });
  admin = new GatewayClient(gw.url, 'json');
  await admin.login('admin');
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});
afterEach(async () => {
  for (const d of devices) await d.close();
  devices = [];
});

async function serverRecord(client: GatewayClient, objectType: string, rowId: string): Promise<CrmRecord | undefined> {
  return (await client.call('QueryRecords', { objectType, rowIds: [rowId] })).records[0];
}

describe.each(ENCODINGS)('device replacement carries unsent work (%s)', (encoding) => {
  test('the old device reports its outbox and filters, is refused and read-only, exports; the new device restores its filters and imports', async () => {
    const wire = { counting: null as FaultyTransport | null };
    const old = await openDevice(gw.url, encoding, 'bob', { transport: (inner) => (wire.counting = new FaultyTransport(inner)) });
    devices.push(old);
    // bob's own choice: open opportunities only, and of those the likely ones.
    await old.store.updateSettings({
      presetId: 'my-open-opportunities',
      personalFilters: { Opportunity: { field: 'Probability', op: 'ge', value: 30 } },
    });
    expectDone(await old.engine.sync());
    expect(wire.counting?.log.at(-2)).toBe('ReportDevice');
    const siteId = (await old.store.getSettings()).siteId as string;
    const listed = async () => (await admin.call('ListSites', { userName: 'bob' })).sites.find((s) => s.siteId === siteId);
    expect(await listed()).toMatchObject({ unsentChanges: 0 });

    // Work on the old device: a changed account, and a changed opportunity that someone else then
    // changes on the server.
    const edits = await old.edits();
    const accounts = (await old.store.listRecords('Account')).filter((r) => !r.readOnly);
    const opportunities = (await old.store.listRecords('Opportunity')).filter((r) => !r.readOnly);
    expect(opportunities.length).toBeGreaterThan(1);
    expect(opportunities.every((o) => Number(o.fields['Probability']) >= 30)).toBe(true);
    // Each encoding works on its own records (one gateway for both).
    const account = accounts[encoding === 'json' ? 0 : 1]!;
    const opportunity = opportunities[encoding === 'json' ? 0 : 1]!;
    await edits.update('Account', account.localId, { Phone: `+47 555 ${encoding === 'json' ? '0101' : '0102'}` });
    await edits.update('Opportunity', opportunity.localId, { Revenue: 12_345 });
    // (SOAP answers field values as text: numbers are compared as numbers.)
    const bobApi = new GatewayClient(gw.url, encoding);
    await bobApi.login('bob');
    const serverOpp = (await serverRecord(bobApi, 'Opportunity', opportunity.rowId as string))!;
    await bobApi.call('UpdateRecord', {
      operationId: `overtake-${encoding}-${++seq}`,
      objectType: 'Opportunity',
      rowId: serverOpp.rowId,
      modNum: serverOpp.modNum,
      fields: { Revenue: 54_321 },
    });

    // A sync that cannot send everything: localOnly is off, but the opportunity conflicts.
    expectDone(await old.engine.sync());
    expect((await listed())?.unsentChanges).toBe(1); // the opportunity waits for bob's answer
    // bob leaves it, and works on offline: the laptop never sends these.
    await edits.update('Account', account.localId, { Phone: `+47 555 ${encoding === 'json' ? '0201' : '0202'}` });
    const contact = await edits.create('Contact', {
      FirstName: 'Nora',
      LastName: `Offline-${encoding}`,
      Email: `nora.offline.${encoding}@example.com`,
      AccountId: account.rowId,
    });

    // The admin replaces the laptop; step 1 says what it last reported.
    const { jobId, claimCode } = await requestReplacement(admin, siteId);
    const job = (await admin.call('GetReplacement', { jobIds: [jobId] })).jobs[0]!;
    expect(job.steps[0]!.message).toMatch(/last reported 1 unsent change at/);

    // The old device is refused, remembers it and asks the gateway nothing more; edits are refused too.
    const refused = await old.engine.sync();
    expect(refused.phase === 'failed' && refused.error.code).toBe('SITE_REVOKED');
    expect((await old.store.getSettings()).revokedAt).toEqual(expect.any(Number));
    const callsBefore = wire.counting!.log.length;
    const again = await old.engine.sync();
    expect(again.phase === 'failed' && again.error.code).toBe('SITE_REVOKED');
    expect(wire.counting!.log.length).toBe(callsBefore);
    await expect(edits.update('Account', account.localId, { Phone: '+47 000' })).rejects.toMatchObject({ code: 'SITE_REVOKED' });
    await expect(edits.create('Contact', { LastName: 'Late' })).rejects.toMatchObject({ code: 'SITE_REVOKED' });

    // Its export: every unsent change, with names a person reads.
    const oldPkg = await old.pkg();
    const entries = await unsentChanges(old.store, Date.now(), { outbox: 'Not sent: this device was replaced.', issue: (k) => k });
    expect(entries).toHaveLength(3);
    const file = await changesFileJson(entries, {
      pkg: oldPkg,
      userName: 'bob',
      gatewayUrl: gw.url,
      exportedAt: Date.now(),
      nameOf: namesFromStore(old.store, oldPkg),
    });
    const parsedFile = JSON.parse(file) as { changes: Array<{ title: string; objectLabel: string; references?: Record<string, string> }> };
    expect(parsedFile.changes.map((c) => c.title).sort()).toEqual(
      [String(account.fields['Name']), String(opportunity.fields['Name']), `Nora Offline-${encoding}`].sort(),
    );
    expect(parsedFile.changes.find((c) => c.objectLabel === 'Contacts')?.references).toEqual({ AccountId: String(account.fields['Name']) });

    // The new device: claim, restore under the old device's filters.
    const claimed = await new JsonTransport(gw.url).call(
      'ClaimReplacement',
      { claimCode, deviceName: 'bob new laptop', operationId: `claim-${encoding}-${++seq}` },
      {},
    );
    const fresh = await openDevice(gw.url, encoding, 'bob', { sessionToken: claimed.sessionToken });
    devices.push(fresh);
    const outcome = await restoreReplacement({
      store: fresh.store,
      transport: fresh.transport,
      engine: fresh.engine,
      jobId: claimed.jobId,
      sessionToken: claimed.sessionToken,
      userName: 'bob',
      deviceName: 'bob new laptop',
      pollIntervalMs: 20,
      lock: new InProcessSyncLock(),
    });
    expect(outcome.phase).toBe('done');
    const settings = await fresh.store.getSettings();
    expect(settings.presetId).toBe('my-open-opportunities');
    expect(settings.personalFilters).toEqual({ Opportunity: { field: 'Probability', op: 'ge', value: encoding === 'json' ? 30 : '30' } });
    const freshOpportunities = (await fresh.store.listRecords('Opportunity')).filter((r) => !r.readOnly);
    expect(freshOpportunities.map((r) => r.rowId).sort()).toEqual(opportunities.map((r) => r.rowId).sort());

    // The import: the account change and the new contact re-enter as edits; the opportunity is a conflict.
    const lines = await importChanges(fresh.store, (await fresh.pkg()).objects, 'bob', file, Date.now());
    expect(lines.map((l) => [l.objectType, l.outcome]).sort()).toEqual([
      ['Account', 'imported'],
      ['Contact', 'imported'],
      ['Opportunity', 'conflict'],
    ]);
    // A second import of the same file changes nothing.
    expect((await importChanges(fresh.store, (await fresh.pkg()).objects, 'bob', file, Date.now())).map((l) => l.outcome)).toEqual([
      'already',
      'already',
      'already',
    ]);
    expectDone(await fresh.engine.sync());

    const serverAccount = await serverRecord(bobApi, 'Account', account.rowId as string);
    expect(serverAccount?.fields['Phone']).toBe(`+47 555 ${encoding === 'json' ? '0201' : '0202'}`);
    const contacts = await bobApi.call('QueryByUserKey', {
      objectType: 'Contact',
      fields: { Email: `nora.offline.${encoding}@example.com` },
    });
    expect(contacts.records).toHaveLength(1);
    // Not overwritten: the server's newer value stands until bob answers the conflict.
    expect(Number((await serverRecord(bobApi, 'Opportunity', opportunity.rowId as string))?.fields['Revenue'])).toBe(54_321);
    const issue = (await fresh.store.listIssues()).find((i) => i.rowId === opportunity.rowId);
    expect(issue).toMatchObject({ kind: 'bothUpdated', resolution: null });
    expect(issue?.local?.['Revenue']).toBe(12_345);
    expect(issue?.server?.fields['Revenue']).toBe(54_321);

    // bob keeps his version: now it reaches the server.
    await resolveIssue(fresh.store, issue!.id, { choice: 'local' });
    expectDone(await fresh.engine.sync());
    expect(Number((await serverRecord(bobApi, 'Opportunity', opportunity.rowId as string))?.fields['Revenue'])).toBe(12_345);
    expect(await fresh.store.listOutbox()).toEqual([]);
    const newSite = (await fresh.store.getSettings()).siteId;
    expect((await admin.call('ListSites', { userName: 'bob' })).sites.find((s) => s.siteId === newSite)).toMatchObject({
      unsentChanges: 0,
    });
    expect(contact.localId).toMatch(/^L-/);
  });
});

test('an import refuses a file that is not a changes file, or another rep’s, and writes nothing', async () => {
  const device = await openDevice(gw.url, 'json', 'carol');
  devices.push(device);
  expectDone(await device.engine.sync());
  const objects = (await device.pkg()).objects;
  const before = await device.store.listOutbox();
  const file = (changes: unknown[], userName = 'carol') =>
    JSON.stringify({
      format: 'fieldbook-changes',
      version: 1,
      exportedAt: new Date().toISOString(),
      userName,
      gatewayUrl: gw.url,
      changes,
    });
  const change = {
    id: 'Contact/L-1@1/unsent',
    objectType: 'Contact',
    localId: 'L-1',
    state: 'created',
    fields: { LastName: 'Valid', Email: 'valid@example.com' },
    reason: 'r',
    archivedAt: new Date().toISOString(),
  };
  const cases: Array<[string, RegExp]> = [
    ['not json', /not JSON/],
    [JSON.stringify({ hello: 1 }), /not a Fieldbook changes file/],
    [file([change], 'alice'), /changes of alice; you are signed in as carol/],
    [file([{ ...change, objectType: 'Spaceship' }]), /Change 1 .*no object type "Spaceship"/],
    [file([change, { ...change, localId: 'L-2', fields: { LastName: 'X', Shoe: 42 } }]), /Change 2 .*no field "Shoe"/],
    [file([{ ...change, state: 'exploded' }]), /not a Fieldbook changes file/],
  ];
  for (const [text, message] of cases) {
    await expect(importChanges(device.store, objects, 'carol', text, Date.now())).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(message),
    });
  }
  expect(await device.store.listOutbox()).toEqual(before);
});
