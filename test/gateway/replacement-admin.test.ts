import { resolve } from 'node:path';
import { DEMO_ORG_ID } from '../../src/gateway/demo/seed-database.js';
import { LAST_SYNC_RESOLUTION_MS } from '../../src/gateway/sites/last-sync-throttle.js';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import type { OperationName } from '../../src/protocol/index.js';
import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;

let gw: TestGateway;
let admin: GatewayClient;
const sites: Record<string, { siteId: string; databaseId: string }> = {};
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 40 });
  admin = new GatewayClient(gw.url, 'json');
  await admin.login('admin');
  for (const [userName, deviceName] of [
    ['alice', 'Alice laptop'],
    ['bob', 'Bob laptop'],
    ['carol', 'Carol laptop'],
  ] as const) {
    const c = new GatewayClient(gw.url, 'json');
    await c.login(userName);
    sites[userName] = await c.call('RegisterSite', { deviceName, operationId: opId('register') });
  }
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

describe('admin operations of device replacement', () => {
  test.each(ENCODINGS)('a non-admin gets FORBIDDEN on every admin operation (%s)', async (encoding) => {
    const rep = new GatewayClient(gw.url, encoding);
    await rep.login('dave');
    const calls: Array<[OperationName, unknown]> = [
      ['ListSites', {}],
      ['RequestReplacement', { siteIds: [sites['alice']!.siteId], operationId: opId('nope') }],
      ['GetReplacement', {}],
      ['RetryReplacementStep', { jobId: 'J-ANY', operationId: opId('nope') }],
      ['ListPackages', {}],
    ];
    for (const [operation, request] of calls) {
      const failure = await rep.fail(operation, request);
      expect([operation, failure.error.code]).toEqual([operation, 'FORBIDDEN']);
      if (encoding === 'json') expect(failure.httpStatus).toBe(403);
    }
    expect(await gw.context.database.db.selectFrom('replacement_jobs').select('job_id').execute()).toEqual([]);
  });

  test('ListSites finds sites by organization and by (part of) the user or display name, ignoring case', async () => {
    const all = (await admin.call('ListSites', {})).sites;
    expect(all.map((s) => s.userName)).toEqual(['alice', 'bob', 'carol']);
    expect(all[0]).toEqual({
      siteId: sites['alice']!.siteId,
      userName: 'alice',
      displayName: expect.any(String),
      organization: DEMO_ORG_ID,
      team: 'T-EAST',
      deviceName: 'Alice laptop',
      status: 'active',
      registeredAt: new Date(gw.clock.now()).toISOString(),
    });
    expect((await admin.call('ListSites', { organization: DEMO_ORG_ID.toLowerCase() })).sites).toHaveLength(3);
    expect((await admin.call('ListSites', { organization: 'ORG-ELSEWHERE' })).sites).toEqual([]);
    expect((await admin.call('ListSites', { userName: 'ALI' })).sites.map((s) => s.userName)).toEqual(['alice']);
    const carol = all.find((s) => s.userName === 'carol')!;
    const byDisplayName = carol.displayName.split(' ').pop()!.toUpperCase();
    expect((await admin.call('ListSites', { userName: byDisplayName })).sites.map((s) => s.userName)).toContain('carol');
    expect((await admin.call('ListSites', { userName: 'bob', organization: DEMO_ORG_ID })).sites.map((s) => s.siteId)).toEqual([
      sites['bob']!.siteId,
    ]);
  });

  test("every successful call with a site's database id records its last sync, at most one write per half minute", async () => {
    const bob = new GatewayClient(gw.url, 'json');
    await bob.login('bob');
    bob.session.databaseId = sites['bob']!.databaseId;
    const lastSync = async () => (await admin.call('ListSites', { userName: 'bob' })).sites[0]!.lastSyncAt;
    expect(await lastSync()).toBeUndefined();
    gw.clock.advance(1000);
    const first = gw.clock.now();
    await bob.call('EstimateCount', { objectType: 'Account' });
    expect(await lastSync()).toBe(new Date(first).toISOString());
    gw.clock.advance(LAST_SYNC_RESOLUTION_MS - 1);
    await bob.call('DownloadMetadataFiles', {});
    expect(await lastSync()).toBe(new Date(first).toISOString());
    gw.clock.advance(1);
    await bob.call('QueryRecords', { objectType: 'Account', rowIds: ['none'] });
    expect(await lastSync()).toBe(new Date(gw.clock.now()).toISOString());
    // A refused call records nothing.
    gw.clock.advance(LAST_SYNC_RESOLUTION_MS);
    await bob.fail('EstimateCount', { objectType: 'NoSuchType' });
    expect(await lastSync()).not.toBe(new Date(gw.clock.now()).toISOString());
  });

  test('ListSites over SOAP answers what JSON answers', async () => {
    const soap = new GatewayClient(gw.url, 'soap');
    await soap.login('admin');
    const overSoap = await soap.call('ListSites', { userName: 'a' });
    expect(overSoap).toEqual(await admin.call('ListSites', { userName: 'a' }));
    expect(overSoap.sites.length).toBeGreaterThan(0);
  });

  test('ListPackages lists every publication, newest first, the newest of each responsibility active', async () => {
    const before = (await admin.call('ListPackages', {})).packages;
    expect(before.length).toBeGreaterThan(0);
    expect(
      before.every((p) => p.active && p.revision === 1 && p.packageId === 'fieldbook-demo@1.00.00.00' && p.publishedBy === 'demo-seed'),
    ).toBe(true);
    await admin.call('PublishPackage', {
      responsibilityId: 'R-SALES-REP',
      files: loadPackageDir(resolve(__dirname, '../../packages/demo-v2')),
      operationId: opId('publish'),
    });
    const after = (await admin.call('ListPackages', {})).packages;
    const reps = after.filter((p) => p.responsibilityId === 'R-SALES-REP');
    expect(reps.map((p) => [p.revision, p.packageId, p.active, p.publishedBy])).toEqual([
      [2, 'fieldbook-demo@1.01.00.00', true, 'admin'],
      [1, 'fieldbook-demo@1.00.00.00', false, 'demo-seed'],
    ]);
    expect(after.filter((p) => p.responsibilityId !== 'R-SALES-REP')).toEqual(before.filter((p) => p.responsibilityId !== 'R-SALES-REP'));
  });

  test('GetReplacement lists every job newest first; a site replaced and done cannot be replaced again', async () => {
    const { jobs } = await admin.call('RequestReplacement', {
      siteIds: [sites['carol']!.siteId, sites['alice']!.siteId],
      operationId: opId('two'),
    });
    expect(jobs.map((j) => j.siteId)).toEqual([sites['carol']!.siteId, sites['alice']!.siteId]);
    await gw.context.replacements.idle();
    const listed = (await admin.call('GetReplacement', {})).jobs;
    expect(listed.map((j) => j.jobId).sort()).toEqual(jobs.map((j) => j.jobId).sort());
    expect(listed.every((j) => j.state === 'waitingForClaim')).toBe(true);
    expect((await admin.call('GetReplacement', { jobIds: ['J-NONE'] })).jobs).toEqual([]);
    expect((await admin.call('ListSites', { userName: 'carol' })).sites[0]).toMatchObject({
      status: 'replaced',
      replacementJobId: jobs[0]!.jobId,
    });

    // Carol's job to the end, then a new request for her old site is refused.
    const device = new GatewayClient(gw.url, 'json');
    const claim = await device.call('ClaimReplacement', {
      claimCode: jobs[0]!.claimCode!,
      deviceName: 'Carol new',
      operationId: opId('claim'),
    });
    device.session = { sessionToken: claim.sessionToken };
    expect((await device.call('BeginRestore', { jobId: claim.jobId })).granted).toBe(true);
    await device.call('CompleteRestore', { jobId: claim.jobId, deviceName: 'Carol new', operationId: opId('complete') });
    await device.call('FinishReplacement', { jobId: claim.jobId, operationId: opId('finish') });
    const again = await admin.fail('RequestReplacement', { siteIds: [sites['carol']!.siteId], operationId: opId('again') });
    expect(again.error.code).toBe('INVALID_REQUEST');
  });
});
