import { resolve } from 'node:path';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import type { PackageFile } from '../../src/metadata/index.js';
import { resolveAll, resolveIssue, type SyncStatus } from '../../src/sync/index.js';
import { tableSpecs } from '../../src/sync/table-specs.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { allLocal, localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';

const V1 = loadPackageDir(resolve(__dirname, '../../packages/demo-v1'));
const V2 = loadPackageDir(resolve(__dirname, '../../packages/demo-v2'));

function expectDone(status: SyncStatus): asserts status is Extract<SyncStatus, { phase: 'done' }> {
  if (status.phase !== 'done')
    throw new Error(
      `sync ended ${JSON.stringify(status, (_, v: unknown) => (v instanceof Error ? { code: (v as { code?: string }).code, message: v.message } : v))}`,
    );
}

function withVersion(files: readonly PackageFile[], version: string, edit?: (f: PackageFile) => PackageFile): PackageFile[] {
  return files.map((f) => {
    const next = f.name === 'info.xml' ? { ...f, content: f.content.replace(/(<info[^>]*\sversion=")[\d.]+"/, `$1${version}"`) } : f;
    return edit ? edit(next) : next;
  });
}

describe.each(ENCODINGS)('sync engine over %s', (encoding) => {
  let gw: TestGateway;
  let device: TestDevice;
  let alice: GatewayClient; // alice on another device, straight to the gateway
  let dave: GatewayClient; // her manager, who may change her records
  let admin: GatewayClient;
  beforeEach(async () => {
    gw = await startTestGateway({ demoRecords: 240 });
    device = await openDevice(gw.url, encoding, 'alice');
    alice = new GatewayClient(gw.url, 'json');
    await alice.login('alice');
    dave = new GatewayClient(gw.url, 'json');
    await dave.login('dave');
    admin = new GatewayClient(gw.url, 'json');
    await admin.login('admin');
  });
  afterEach(async () => {
    await device.close();
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  test('initial sync brings exactly what the server shows the rep under the default preset', async () => {
    const statuses: SyncStatus[] = [];
    const sub = device.engine.status$.subscribe((s) => statuses.push(s));
    const result = await device.engine.sync();
    sub.unsubscribe();
    expectDone(result);
    const expected = await serverView(gw.url, device);
    expect(await localView(device)).toEqual(expected);
    expect([...expected.values()].reduce((n, m) => n + m.size, 0)).toBeGreaterThan(20);
    expect(result.counts.inserted).toBe([...expected.values()].reduce((n, m) => n + m.size, 0));
    // Progress went through the session, package and every object type.
    expect(statuses.some((s) => s.phase === 'syncing' && s.step === 'download' && s.objectType === 'Activity')).toBe(true);
    const settings = await device.store.getSettings();
    expect(settings).toMatchObject({ packageId: 'fieldbook-demo@1.00.00.00', responsibilityId: 'R-SALES-REP', lastSyncResult: 'ok' });
    expect(settings.databaseId).toMatch(/^DB-/);
  });

  test('an incremental sync carries edits both ways, replacing temporary ids with ROW_IDs', async () => {
    expectDone(await device.engine.sync());
    const edits = await device.edits();
    // Local: a new account with a new contact referring to it, an update, a delete.
    const account = await edits.create('Account', { Name: `Offline Co ${encoding}`, Location: 'Reykjavik, Iceland', Employees: 12 });
    const contact = await edits.create('Contact', { FirstName: 'Olga', LastName: `Offline-${encoding}`, AccountId: account.localId });
    const [someContact] = (await allLocal(device, 'Contact')).filter((r) => r.origin === 'crm');
    await edits.update('Contact', someContact!.localId, { JobTitle: 'Edited offline' });
    const [someActivity] = await allLocal(device, 'Activity');
    await edits.delete('Activity', someActivity!.localId);
    // Server: alice elsewhere creates one; dave edits one of hers.
    const accountKey = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    const elsewhere = await alice.call('InsertRecord', {
      operationId: `elsewhere-${encoding}`,
      objectType: 'Contact',
      fields: { FirstName: 'Else', LastName: `Where-${encoding}`, AccountId: accountKey.rowId },
    });
    const opp = (await alice.call('GetChangeKeys', { objectType: 'Opportunity', pageSize: 1 })).keys[0]!;
    const oppRecord = (await dave.call('QueryRecords', { objectType: 'Opportunity', rowIds: [opp.rowId] })).records[0]!;
    await dave.call('UpdateRecord', {
      operationId: `dave-${encoding}`,
      objectType: 'Opportunity',
      rowId: opp.rowId,
      modNum: oppRecord.modNum,
      fields: { Probability: 77 },
    });

    const result = await device.engine.sync();
    expectDone(result);
    expect(result.counts.uploaded).toBe(4);
    const uploadedAccount = (await device.store.getRecord('Account', account.localId))!;
    const uploadedContact = (await device.store.getRecord('Contact', contact.localId))!;
    expect(uploadedAccount.rowId).toMatch(/^1-/);
    expect(uploadedContact.state).toBe('clean');
    expect(uploadedContact.fields['AccountId']).toBe(uploadedAccount.rowId);
    const onServer = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [uploadedContact.rowId!] })).records[0]!;
    expect(onServer.fields['AccountId']).toBe(uploadedAccount.rowId);
    expect((await alice.call('QueryRecords', { objectType: 'Activity', rowIds: [someActivity!.rowId!] })).notFound).toEqual([
      someActivity!.rowId,
    ]);
    expect((await device.store.getRecordByRowId('Contact', elsewhere.rowId))?.fields['LastName']).toBe(`Where-${encoding}`);
    expect((await device.store.getRecordByRowId('Opportunity', opp.rowId))?.fields['Probability']).toBe(77);
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
    // Nothing left to do: a third sync changes nothing.
    const again = await device.engine.sync();
    expectDone(again);
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0, deleted: 0, uploaded: 0, conflicts: 0 });
  });

  test('both updated: logged with both versions; keep mine, keep theirs and pick per field', async () => {
    expectDone(await device.engine.sync());
    const edits = await device.edits();
    const contacts = (await allLocal(device, 'Contact')).slice(0, 3);
    for (const [i, c] of contacts.entries()) {
      await edits.update('Contact', c.localId, { JobTitle: `Mine ${i}`, Phone: `+1 555 010${i}` });
      const server = (await dave.call('QueryRecords', { objectType: 'Contact', rowIds: [c.rowId!] })).records[0]!;
      await dave.call('UpdateRecord', {
        operationId: `theirs-${encoding}-${i}`,
        objectType: 'Contact',
        rowId: c.rowId!,
        modNum: server.modNum,
        fields: { JobTitle: `Theirs ${i}`, Email: `theirs${i}.${encoding}@example.com` },
      });
    }
    const first = await device.engine.sync();
    expectDone(first);
    expect(first.counts.conflicts).toBe(3);
    const issues = await device.store.listIssues();
    expect(issues.map((i) => i.kind)).toEqual(['bothUpdated', 'bothUpdated', 'bothUpdated']);
    const issueOf = (localId: string) => issues.find((i) => i.localId === localId)!;
    expect(issueOf(contacts[0]!.localId).local?.['JobTitle']).toBe('Mine 0');
    expect(issueOf(contacts[0]!.localId).server?.fields['JobTitle']).toBe('Theirs 0');
    expect(issueOf(contacts[0]!.localId).server?.updatedBy).toBe('dave');

    await resolveIssue(device.store, issueOf(contacts[0]!.localId).id, { choice: 'local' });
    await resolveIssue(device.store, issueOf(contacts[1]!.localId).id, { choice: 'server' });
    await resolveIssue(device.store, issueOf(contacts[2]!.localId).id, { choice: 'fields', pick: { JobTitle: 'server', Phone: 'local' } });
    expectDone(await device.engine.sync());
    expect(await device.store.listIssues()).toEqual([]);
    const server = async (rowId: string) =>
      (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [rowId] })).records[0]!.fields;
    expect(await server(contacts[0]!.rowId!)).toMatchObject({ JobTitle: 'Mine 0', Phone: '+1 555 0100' });
    expect(await server(contacts[1]!.rowId!)).toMatchObject({ JobTitle: 'Theirs 1', Email: `theirs1.${encoding}@example.com` });
    expect((await server(contacts[1]!.rowId!))['Phone']).toBe(contacts[1]!.fields['Phone']);
    expect(await server(contacts[2]!.rowId!)).toMatchObject({
      JobTitle: 'Theirs 2',
      Phone: '+1 555 0102',
      Email: `theirs2.${encoding}@example.com`,
    });
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('updated here vs deleted there, and deleted here vs updated there; resolve all the same way', async () => {
    expectDone(await device.engine.sync());
    const edits = await device.edits();
    const [a, b] = (await allLocal(device, 'Opportunity')).slice(0, 2);
    await edits.update('Opportunity', a!.localId, { Probability: 5 });
    const serverA = (await admin.call('QueryRecords', { objectType: 'Opportunity', rowIds: [a!.rowId!] })).records[0]!;
    await admin.call('DeleteRecord', {
      operationId: `del-${encoding}`,
      objectType: 'Opportunity',
      rowId: a!.rowId!,
      modNum: serverA.modNum,
    });
    await edits.delete('Opportunity', b!.localId);
    const serverB = (await dave.call('QueryRecords', { objectType: 'Opportunity', rowIds: [b!.rowId!] })).records[0]!;
    await dave.call('UpdateRecord', {
      operationId: `upd-${encoding}`,
      objectType: 'Opportunity',
      rowId: b!.rowId!,
      modNum: serverB.modNum,
      fields: { Probability: 99 },
    });

    expectDone(await device.engine.sync());
    const kinds = (await device.store.listIssues()).map((i) => [i.localId, i.kind]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        [a!.localId, 'updatedVsDeleted'],
        [b!.localId, 'deletedVsUpdated'],
      ]),
    );
    expect(await resolveAll(device.store, { choice: 'local' })).toBe(2);
    expectDone(await device.engine.sync());
    expect(await device.store.listIssues()).toEqual([]);
    // Keep mine: the updated record comes back as a new record; the deleted one is deleted.
    const recreated = (await device.store.getRecord('Opportunity', a!.localId))!;
    expect(recreated.rowId).not.toBe(a!.rowId);
    expect(
      (await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [recreated.rowId!] })).records[0]!.fields['Probability'],
    ).toBe(5);
    expect((await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [b!.rowId!] })).notFound).toEqual([b!.rowId]);
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('updated vs deleted and deleted vs updated, resolved by keeping the server side', async () => {
    expectDone(await device.engine.sync());
    const edits = await device.edits();
    const [a, b] = (await allLocal(device, 'Contact')).slice(0, 2);
    await edits.update('Contact', a!.localId, { JobTitle: 'Mine, but deleted there' });
    const serverA = (await admin.call('QueryRecords', { objectType: 'Contact', rowIds: [a!.rowId!] })).records[0]!;
    await admin.call('DeleteRecord', { operationId: `del-s-${encoding}`, objectType: 'Contact', rowId: a!.rowId!, modNum: serverA.modNum });
    await edits.delete('Contact', b!.localId);
    const serverB = (await dave.call('QueryRecords', { objectType: 'Contact', rowIds: [b!.rowId!] })).records[0]!;
    await dave.call('UpdateRecord', {
      operationId: `upd-s-${encoding}`,
      objectType: 'Contact',
      rowId: b!.rowId!,
      modNum: serverB.modNum,
      fields: { JobTitle: 'Theirs stays' },
    });

    expectDone(await device.engine.sync());
    expect((await device.store.listIssues()).map((i) => i.kind).sort()).toEqual(['deletedVsUpdated', 'updatedVsDeleted']);
    expect(await resolveAll(device.store, { choice: 'server' })).toBe(2);
    expectDone(await device.engine.sync());
    expect(await device.store.listIssues()).toEqual([]);
    // Keep theirs: the record deleted there is gone here; the one changed there is back, with their change.
    expect(await device.store.getRecord('Contact', a!.localId)).toBeUndefined();
    expect((await device.store.getRecordByRowId('Contact', b!.rowId!))?.fields['JobTitle']).toBe('Theirs stays');
    expect((await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [a!.rowId!] })).notFound).toEqual([a!.rowId]);
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('a duplicate user key becomes a sync issue, not a second record', async () => {
    expectDone(await device.engine.sync());
    const [existing] = await allLocal(device, 'Account');
    const edits = await device.edits();
    const dup = await edits.create('Account', {
      Name: String(existing!.fields['Name']).toUpperCase(),
      Location: String(existing!.fields['Location']),
    });
    // A contact the rep added to the new account waits for it.
    const contact = await edits.create('Contact', { FirstName: 'Dup', LastName: `Child ${encoding}`, AccountId: dup.localId });
    const before = (await alice.call('EstimateCount', { objectType: 'Account' })).count;
    const result = await device.engine.sync();
    expectDone(result);
    expect(result.counts.issues).toBe(1);
    const [issue] = await device.store.listIssues();
    expect(issue).toMatchObject({ kind: 'duplicate', localId: dup.localId, code: 'DUPLICATE_USER_KEY' });
    // The issue holds the record that has the key (the gateway named it: the rep may see it), as the server has it.
    expect(issue!.server).toMatchObject({ rowId: existing!.rowId, fields: { Name: existing!.fields['Name'] } });
    expect((await alice.call('EstimateCount', { objectType: 'Account' })).count).toBe(before);
    // Keep theirs: the local copy goes.
    await resolveIssue(device.store, issue!.id, { choice: 'server' });
    expectDone(await device.engine.sync());
    expect(await device.store.getRecord('Account', dup.localId)).toBeUndefined();
    // The waiting contact now belongs to the existing account, on the device and on the server.
    const uploaded = await device.store.getRecord('Contact', contact.localId);
    expect(uploaded).toMatchObject({ state: 'clean', fields: { AccountId: existing!.rowId } });
    const [onServer] = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [uploaded!.rowId!] })).records;
    expect(onServer?.fields['AccountId']).toBe(existing!.rowId);
  });

  test('a filter change removes what falls outside, keeping referenced records read-only', async () => {
    expectDone(await device.engine.sync());
    const accountsBefore = await allLocal(device, 'Account');
    await device.store.updateSettings({ personalFilters: { Account: { field: 'Name', op: 'eq', value: '__no account has this name__' } } });
    expectDone(await device.engine.sync());
    const accounts = await allLocal(device, 'Account');
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.length).toBeLessThanOrEqual(accountsBefore.length);
    expect(accounts.every((a) => a.readOnly)).toBe(true);
    // Every kept account is referenced by a synced record; none referenced is missing.
    const refs = new Set<string>();
    for (const type of ['Contact', 'Opportunity', 'Activity'])
      for (const r of await allLocal(device, type)) if (typeof r.fields['AccountId'] === 'string') refs.add(r.fields['AccountId']);
    expect(new Set(accounts.map((a) => a.rowId))).toEqual(refs);
    const edits = await device.edits();
    await expect(edits.update('Account', accounts[0]!.localId, { Phone: '+358 8 555 0100' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Records the rep creates upload even though accounts are filtered out.
    const created = await edits.create('Account', { Name: `Filtered but mine ${encoding}`, Location: 'Oulu, Finland' });
    expectDone(await device.engine.sync());
    const rowId = (await device.store.getRecord('Account', created.localId))?.rowId;
    // It was uploaded; being outside the filters and unreferenced, it then leaves the device.
    expect(
      (
        await alice.call('QueryByUserKey', {
          objectType: 'Account',
          fields: { Name: `Filtered but mine ${encoding}`, Location: 'Oulu, Finland' },
        })
      ).records,
    ).toHaveLength(1);
    expect(rowId === undefined || rowId !== null).toBe(true);
  });

  test('a package change without a structure change is applied quietly', async () => {
    expectDone(await device.engine.sync());
    const count = (await allLocal(device, 'Contact')).length;
    const changed = withVersion(V1, '1.00.00.01', (f) =>
      f.name === 'filters.xml' ? { ...f, content: f.content.replace('name="My accounts"', 'name="My own accounts"') } : f,
    );
    await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: changed });
    const result = await device.engine.sync();
    expectDone(result);
    expect(result.notice).toEqual(expect.any(String));
    expect((await device.store.getSettings()).packageId).toBe('fieldbook-demo@1.00.00.01');
    expect((await device.pkg()).filters.presets.map((p) => p.name)).toContain('My own accounts');
    expect((await allLocal(device, 'Contact')).length).toBe(count);
  });

  test('a structure change uploads local changes, asks, then reinstalls and syncs again', async () => {
    expectDone(await device.engine.sync());
    const edits = await device.edits();
    const [contact] = await allLocal(device, 'Contact');
    await edits.update('Contact', contact!.localId, { JobTitle: 'Before the reinstall' });
    await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: V2 });

    const asked = await device.engine.sync();
    expect(asked.phase).toBe('reinstallRequired');
    if (asked.phase === 'reinstallRequired') expect(asked.message).toContain('A new configuration is available');
    // The change went up before the question.
    expect((await alice.call('QueryRecords', { objectType: 'Contact', rowIds: [contact!.rowId!] })).records[0]!.fields['JobTitle']).toBe(
      'Before the reinstall',
    );

    const done = await device.engine.sync({ confirmReinstall: true });
    expectDone(done);
    expect((await device.pkg()).objects.map((o) => o.name)).toContain('Lead');
    expect(await device.store.checkStructure(tableSpecs((await device.pkg()).objects))).toBeNull();
    expect(await localView(device)).toEqual(await serverView(gw.url, device));
  });

  test('a damaged structure is found, rebuilt, and the data downloaded again', async () => {
    expectDone(await device.engine.sync());
    const before = await localView(device);
    // Damage: the stored package copy is lost.
    await device.store.replaceAppliedPackage({
      packageId: 'broken',
      responsibilityId: 'R-SALES-REP',
      hashValue: 'x',
      files: [{ name: 'info.xml', content: '<not-a-package/>' }],
      appliedAt: 0,
    });
    const result = await device.engine.sync();
    expectDone(result);
    expect(result.notice).toContain('damaged');
    expect(await localView(device)).toEqual(before);
  });

  test('a product version the package does not support stops the sync with the preferred version', async () => {
    const other = await openDevice(gw.url, encoding, 'alice', { productVersion: '2.00.00.00' });
    try {
      const result = await other.engine.sync();
      expect(result.phase).toBe('failed');
      if (result.phase === 'failed') {
        expect(result.error.code).toBe('INCOMPATIBLE_PRODUCT');
        expect(result.error.message).toContain('1.00.00.00');
      }
      expect(await other.store.getAppliedPackage()).toBeNull();
    } finally {
      await other.close();
    }
  });

  test('a wrong password stops the sync with a clear error', async () => {
    const other = await openDevice(gw.url, encoding, 'alice', { password: 'wrong' });
    try {
      const result = await other.engine.sync();
      expect(result.phase === 'failed' && result.error.code).toBe('UNAUTHENTICATED');
    } finally {
      await other.close();
    }
  });
});
