import type { FilterExpr, ReplacementJob, ResponseOf } from '../../src/protocol/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;
const NOT_VALID = 'This claim code is not valid. Ask your administrator for a new one.';
const LEASE_MS = 10 * 60 * 1000;

async function client(gw: TestGateway, userName: string): Promise<GatewayClient> {
  const c = new GatewayClient(gw.url, 'json');
  await c.login(userName);
  return c;
}

async function jobOf(admin: GatewayClient, jobId: string): Promise<ReplacementJob> {
  return (await admin.call('GetReplacement', { jobIds: [jobId] })).jobs[0]!;
}

/** A registered device of the user, replaced by the admin; answers the job once it waits for the claim. */
async function replacedDevice(gw: TestGateway, admin: GatewayClient, userName: string) {
  const old = await client(gw, userName);
  const site = await old.call('RegisterSite', { deviceName: `${userName} old laptop`, operationId: opId('register') });
  old.session.databaseId = site.databaseId;
  const { jobs } = await admin.call('RequestReplacement', { siteIds: [site.siteId], operationId: opId('request') });
  await gw.context.replacements.idle();
  const job = await jobOf(admin, jobs[0]!.jobId);
  expect(job.state).toBe('waitingForClaim');
  return { old, site, job, claimCode: jobs[0]!.claimCode! };
}

async function claim(gw: TestGateway, claimCode: string, deviceName = 'New laptop', operationId = opId('claim')) {
  const device = new GatewayClient(gw.url, 'json');
  const answer = await device.call('ClaimReplacement', { claimCode, deviceName, operationId });
  device.session = { sessionToken: answer.sessionToken };
  return { device, answer };
}

describe('claiming and restoring a replacement', () => {
  let gw: TestGateway;
  let admin: GatewayClient;
  beforeEach(async () => {
    gw = await startTestGateway({ demoRecords: 150, config: { claimLockAfterFailures: 4, extractPageSize: 7 } });
    admin = await client(gw, 'admin');
  });
  afterEach(async () => {
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  test("a claim answers a session of the job's user; the code is single use and hidden from then on", async () => {
    const { job, claimCode } = await replacedDevice(gw, admin, 'alice');
    // Case, spaces and dashes do not matter.
    const typed = ` ${claimCode.toLowerCase().replace(/-/g, ' ')} `;
    const { device, answer } = await claim(gw, typed, 'Alice new laptop', 'claim-op-1');
    expect(answer).toMatchObject({ jobId: job.jobId, userName: 'alice', displayName: expect.any(String) });
    expect(Date.parse(answer.expiresAt)).toBe(gw.clock.now() + 12 * 3600 * 1000);
    expect((await device.call('EstimateCount', { objectType: 'Account' })).count).toBeGreaterThan(0);

    const after = await jobOf(admin, job.jobId);
    expect(after.state).toBe('waitingForRestore');
    expect(after.claimCode).toBeUndefined();
    expect(after.claimExpiresAt).toBeUndefined();
    expect(after.steps[5]).toMatchObject({ state: 'waiting', message: 'Claimed by "Alice new laptop"; waiting for the restore slot.' });
    const row = await gw.context.database.db
      .selectFrom('replacement_jobs')
      .select(['claim_code'])
      .where('job_id', '=', job.jobId)
      .executeTakeFirstOrThrow();
    expect(row.claim_code).toBeNull();

    // A second claim is refused, like any invalid code...
    const second = await new GatewayClient(gw.url, 'json').fail('ClaimReplacement', {
      claimCode,
      deviceName: 'Thief',
      operationId: 'claim-op-2',
    });
    expect(second.error.code).toBe('FORBIDDEN');
    expect(second.error.message).toBe(NOT_VALID);
    // ...but the same device repeating its claim (answer lost) gets a session of the same job.
    const repeated = await new GatewayClient(gw.url, 'json').call('ClaimReplacement', {
      claimCode,
      deviceName: 'Alice new laptop',
      operationId: 'claim-op-1',
    });
    expect(repeated).toMatchObject({ jobId: job.jobId, userName: 'alice' });
    expect(repeated.sessionToken).not.toBe(answer.sessionToken);
    gw.clock.advance(15 * 60 * 1000);
    const late = await new GatewayClient(gw.url, 'json').fail('ClaimReplacement', {
      claimCode,
      deviceName: 'Alice new laptop',
      operationId: 'claim-op-1',
    });
    expect(late.error.message).toBe(NOT_VALID);
  });

  test('a wrong code and an expired code get the same refusal; retrying the failed step issues a new code', async () => {
    const { job, claimCode } = await replacedDevice(gw, admin, 'alice');
    const wrong = await new GatewayClient(gw.url, 'json').fail('ClaimReplacement', {
      claimCode: 'AAAA-BBBB-CCCC',
      deviceName: 'x',
      operationId: opId('wrong'),
    });
    expect(wrong.error.code).toBe('FORBIDDEN');
    expect(wrong.error.message).toBe(NOT_VALID);
    expect(wrong.httpStatus).toBe(403);

    gw.clock.advance(72 * 3600 * 1000);
    const expired = await new GatewayClient(gw.url, 'json').fail('ClaimReplacement', {
      claimCode,
      deviceName: 'x',
      operationId: opId('expired'),
    });
    expect(expired.error.code).toBe('FORBIDDEN');
    expect(expired.error.message).toBe(NOT_VALID);
    await admin.login('admin'); // 72 hours outlive the admin's session
    const failed = await jobOf(admin, job.jobId);
    expect(failed.state).toBe('failed');
    expect(failed.claimCode).toBeUndefined();
    expect(failed.steps[5]).toMatchObject({ state: 'failed', message: expect.stringContaining('claim code expired') });

    const { job: retried } = await admin.call('RetryReplacementStep', { jobId: job.jobId, operationId: opId('new-code') });
    expect(retried.state).toBe('waitingForClaim');
    expect(retried.claimCode).toBeDefined();
    expect(retried.claimCode).not.toBe(claimCode);
    expect(Date.parse(retried.claimExpiresAt!)).toBe(gw.clock.now() + 72 * 3600 * 1000);
    expect(
      (await new GatewayClient(gw.url, 'json').fail('ClaimReplacement', { claimCode, deviceName: 'x', operationId: opId('old') })).error
        .message,
    ).toBe(NOT_VALID);
    const { answer } = await claim(gw, retried.claimCode!);
    expect(answer.jobId).toBe(job.jobId);
  });

  test('wrong codes are counted: after the limit even the right code waits', async () => {
    const { claimCode } = await replacedDevice(gw, admin, 'bob');
    const guesser = new GatewayClient(gw.url, 'json');
    for (let i = 0; i < 4; i++) {
      expect(
        (await guesser.fail('ClaimReplacement', { claimCode: `WRONG-${i}-CODE`, deviceName: 'x', operationId: opId('guess') })).error.code,
      ).toBe('FORBIDDEN');
    }
    const locked = await guesser.fail('ClaimReplacement', { claimCode, deviceName: 'Bob new laptop', operationId: opId('locked') });
    expect(locked.error.code).toBe('RATE_LIMITED');
    expect(locked.error.details).toEqual({ retryAfterSeconds: 2 });
    gw.clock.advance(2000);
    const { answer } = await claim(gw, claimCode);
    expect(answer.userName).toBe('bob');
    const throttle = await gw.context.database.db.selectFrom('claim_throttle').selectAll().execute();
    expect(throttle).toEqual([]);
  });

  test('the extract: the default preset under visibility and master filters, referenced types first, no bulk values, bulkOmitted marked', async () => {
    const alice = await client(gw, 'alice');
    // One activity with a long body (bulk), one without.
    const account = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1, filter: { mine: true } })).keys[0]!;
    const withBody = await alice.call('InsertRecord', {
      operationId: opId('bulk'),
      objectType: 'Activity',
      fields: {
        Type: 'Call',
        Subject: 'Long report',
        Start: '2026-11-20T10:00:00.000Z',
        Status: 'Done',
        AccountId: account.rowId,
        Description: 'x'.repeat(5000),
      },
    });
    const withoutBody = await alice.call('InsertRecord', {
      operationId: opId('nobulk'),
      objectType: 'Activity',
      fields: { Type: 'Call', Subject: 'Short call', Start: '2026-11-20T11:00:00.000Z', Status: 'Planned', AccountId: account.rowId },
    });
    const { job, claimCode } = await replacedDevice(gw, admin, 'alice');
    const { device } = await claim(gw, claimCode);
    const begin = await device.call('BeginRestore', { jobId: job.jobId });
    expect(begin).toMatchObject({ granted: true, position: 0, packageId: 'fieldbook-demo@1.00.00.00', responsibilityId: 'R-SALES-REP' });
    expect(begin.files?.map((f) => f.name).sort()).toEqual(['filters.xml', 'info.xml', 'objects.xml', 'sync.xml']);
    expect(begin.pageCount).toBe(Math.ceil(begin.recordCount! / 7));

    const records: ResponseOf<'GetExtractPage'>['records'] = [];
    for (let page = 0; page < begin.pageCount!; page++) {
      const answer = await device.call('GetExtractPage', { jobId: job.jobId, page });
      expect(answer.records.length).toBe(page < begin.pageCount! - 1 ? 7 : begin.recordCount! - 7 * page);
      records.push(...answer.records);
    }
    expect((await device.call('GetExtractPage', { jobId: job.jobId, page: begin.pageCount! })).records).toEqual([]);
    expect(records.length).toBe(begin.recordCount);

    // What a fresh device of alice's would sync: master filter ∧ default preset ("My accounts": mine everywhere).
    const notCancelled: FilterExpr = { not: { field: 'Status', op: 'eq', value: 'Cancelled' } };
    const expected: Array<[string, string[]]> = [];
    for (const objectType of ['Account', 'Contact', 'Opportunity', 'Activity']) {
      const filter: FilterExpr = objectType === 'Activity' ? { and: [notCancelled, { mine: true }] } : { mine: true };
      expected.push([objectType, (await alice.allChangeKeys(objectType, 1000, filter)).map((k) => k.rowId)]);
    }
    expect(records.map((r) => [r.objectType, r.record.rowId])).toEqual(expected.flatMap(([type, ids]) => ids.map((id) => [type, id])));
    expect(records.every((r) => r.record.owner === 'alice')).toBe(true);

    // No bulk values anywhere; bulkOmitted exactly where one was left out.
    expect(records.some((r) => 'Description' in r.record.fields)).toBe(false);
    const bulk = records.find((r) => r.record.rowId === withBody.rowId)!;
    expect(bulk).toMatchObject({ objectType: 'Activity', bulkOmitted: true });
    expect(bulk.record.fields).toMatchObject({ Subject: 'Long report', Status: 'Done' });
    expect(records.find((r) => r.record.rowId === withoutBody.rowId)!.bulkOmitted).toBe(false);
    const described = await alice.call('QueryRecords', {
      objectType: 'Activity',
      rowIds: records.filter((r) => r.objectType === 'Activity').map((r) => r.record.rowId),
    });
    const withDescription = new Set(
      described.records.filter((r) => r.fields['Description'] != null && r.fields['Description'] !== '').map((r) => r.rowId),
    );
    expect(new Set(records.filter((r) => r.bulkOmitted).map((r) => r.record.rowId))).toEqual(withDescription);
    expect(records.filter((r) => r.objectType !== 'Activity').every((r) => !r.bulkOmitted)).toBe(true);
    // Otherwise the records are as the gateway answers them.
    const accounts = await alice.call('QueryRecords', {
      objectType: 'Account',
      rowIds: records.filter((r) => r.objectType === 'Account').map((r) => r.record.rowId),
    });
    expect(records.filter((r) => r.objectType === 'Account').map((r) => r.record)).toEqual(accounts.records);
  });

  test("the extract uses the old device's reported filter choice; the grant says the per-type counts and hands the choice back", async () => {
    const old = await client(gw, 'alice');
    const site = await old.call('RegisterSite', { deviceName: 'alice old laptop', operationId: opId('register') });
    old.session.databaseId = site.databaseId;
    const personal: FilterExpr = { field: 'Probability', op: 'ge', value: 50 };
    const filters = {
      presetId: 'my-open-opportunities',
      disabledObjects: [],
      personalFilters: [{ objectType: 'Opportunity', filter: personal }],
      personalPresets: [],
    };
    await old.call('ReportDevice', { unsentChanges: 2, filters });
    const { jobs } = await admin.call('RequestReplacement', { siteIds: [site.siteId], operationId: opId('request') });
    await gw.context.replacements.idle();
    const job = await jobOf(admin, jobs[0]!.jobId);
    expect(job.steps[0]!.message).toMatch(
      /last reported 2 unsent changes at .*: they can be exported on it and imported on the new device/,
    );
    expect(job.steps[4]!.message).toMatch(
      /the old device's filter choice as last reported \(preset "My open opportunities", personal filters on Opportunity\)/,
    );

    const { device } = await claim(gw, jobs[0]!.claimCode!);
    const begin = await device.call('BeginRestore', { jobId: job.jobId });
    expect(begin.filters).toEqual(filters);
    const records: ResponseOf<'GetExtractPage'>['records'] = [];
    for (let page = 0; page < begin.pageCount!; page++)
      records.push(...(await device.call('GetExtractPage', { jobId: job.jobId, page })).records);

    // "My open opportunities" ∧ Probability ≥ 50 for opportunities, activities switched off by the preset.
    delete old.session.databaseId; // the old device is refused now; its user is not
    const open: FilterExpr = { and: [{ mine: true }, { not: { field: 'Stage', in: ['Closed Won', 'Closed Lost'] } }, personal] };
    const expected: Array<[string, string[]]> = [];
    for (const [objectType, filter] of [
      ['Account', { mine: true }],
      ['Contact', { mine: true }],
      ['Opportunity', open],
    ] as Array<[string, FilterExpr]>) {
      expected.push([objectType, (await old.allChangeKeys(objectType, 1000, filter)).map((k) => k.rowId)]);
    }
    expect(records.map((r) => [r.objectType, r.record.rowId])).toEqual(expected.flatMap(([type, ids]) => ids.map((id) => [type, id])));
    expect(expected[2]![1].length).toBeGreaterThan(0);
    // The per-type counts add up to the extract, in extract order.
    expect(begin.perType).toEqual(
      expected.filter(([, ids]) => ids.length > 0).map(([objectType, ids]) => ({ objectType, count: ids.length })),
    );
    expect(begin.perType!.reduce((sum, t) => sum + t.count, 0)).toBe(begin.recordCount);
  });

  test('restores run one at a time: the second waits at position 1 until the first completes', async () => {
    const a = await replacedDevice(gw, admin, 'alice');
    const b = await replacedDevice(gw, admin, 'bob');
    const { device: alice } = await claim(gw, a.claimCode, 'Alice new');
    const { device: bob } = await claim(gw, b.claimCode, 'Bob new');

    expect((await alice.call('BeginRestore', { jobId: a.job.jobId })).granted).toBe(true);
    gw.clock.advance(1000);
    expect(await bob.call('BeginRestore', { jobId: b.job.jobId })).toEqual({ granted: false, position: 1 });
    expect((await bob.fail('GetExtractPage', { jobId: b.job.jobId, page: 0 })).error.details).toMatchObject({ reason: 'noRestoreSlot' });
    const [jobA, jobB] = [await jobOf(admin, a.job.jobId), await jobOf(admin, b.job.jobId)];
    expect(jobA).toMatchObject({ state: 'restoring' });
    expect(jobA.queuePosition).toBeUndefined();
    expect(jobA.steps[5]).toMatchObject({ state: 'running', message: expect.stringContaining('Restoring on "Alice new"') });
    expect(jobB).toMatchObject({ state: 'waitingForRestore', queuePosition: 1 });

    // Asking again while the first restores changes nothing; the holder asking again keeps the slot.
    gw.clock.advance(5000);
    expect(await bob.call('BeginRestore', { jobId: b.job.jobId })).toEqual({ granted: false, position: 1 });
    expect((await alice.call('BeginRestore', { jobId: a.job.jobId })).granted).toBe(true);
    await alice.call('GetExtractPage', { jobId: a.job.jobId, page: 0 });

    const operationId = opId('complete');
    const site = await alice.call('CompleteRestore', { jobId: a.job.jobId, deviceName: 'Alice new', operationId });
    expect(site.siteId).toMatch(/^S-[0-9A-F]{10}$/);
    expect(site.databaseId).toMatch(/^DB-/);
    // The same operation id answers the same site and registers nothing more.
    expect(await alice.call('CompleteRestore', { jobId: a.job.jobId, deviceName: 'Alice new', operationId })).toEqual(site);
    expect(
      await alice.call('CompleteRestore', { jobId: a.job.jobId, deviceName: 'Alice new', operationId: opId('complete-again') }),
    ).toEqual(site);
    const aliceSites = await gw.context.database.db
      .selectFrom('sites')
      .select(['site_id', 'status', 'device_name'])
      .where('user_id', '=', 'U-ALICE')
      .execute();
    expect(aliceSites.filter((s) => s.status === 'active')).toEqual([{ site_id: site.siteId, status: 'active', device_name: 'Alice new' }]);

    const completed = await jobOf(admin, a.job.jobId);
    expect(completed).toMatchObject({ state: 'syncing', newSiteId: site.siteId });
    expect(completed.steps.slice(5, 8).map((s) => s.state)).toEqual(['done', 'done', 'done']);
    expect(completed.steps[8]).toMatchObject({ state: 'waiting' });

    // The slot is free: the second is granted now.
    expect((await bob.call('BeginRestore', { jobId: b.job.jobId })).granted).toBe(true);

    // The new device syncs with its new database id and reports it; the job is done and its extract gone.
    alice.session.databaseId = site.databaseId;
    await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 3 });
    expect((await alice.call('FinishReplacement', { jobId: a.job.jobId, operationId: opId('finish') })).job).toEqual({
      jobId: a.job.jobId,
      state: 'done',
    });
    const done = await jobOf(admin, a.job.jobId);
    expect(done.state).toBe('done');
    expect(done.steps.every((s) => s.state === 'done' && s.finishedAt !== undefined)).toBe(true);
    const left = await gw.context.database.db
      .selectFrom('replacement_extract_records')
      .select('seq')
      .where('job_id', '=', a.job.jobId)
      .execute();
    expect(left).toEqual([]);
    expect((await admin.call('ListSites', { userName: 'alice' })).sites.find((s) => s.siteId === site.siteId)).toMatchObject({
      status: 'active',
      lastSyncAt: new Date(gw.clock.now()).toISOString(),
    });
  });

  test('an expired lease frees the slot for the next device; the old holder is waiting again', async () => {
    const a = await replacedDevice(gw, admin, 'alice');
    const b = await replacedDevice(gw, admin, 'bob');
    const { device: alice } = await claim(gw, a.claimCode);
    const { device: bob } = await claim(gw, b.claimCode);
    expect((await alice.call('BeginRestore', { jobId: a.job.jobId })).granted).toBe(true);
    expect(await bob.call('BeginRestore', { jobId: b.job.jobId })).toEqual({ granted: false, position: 1 });

    // A page renews the lease...
    gw.clock.advance(LEASE_MS - 1000);
    await alice.call('GetExtractPage', { jobId: a.job.jobId, page: 0 });
    gw.clock.advance(2000);
    expect(await bob.call('BeginRestore', { jobId: b.job.jobId })).toEqual({ granted: false, position: 1 });
    // ...and without one the lease runs out.
    gw.clock.advance(LEASE_MS);
    const expiredA = await jobOf(admin, a.job.jobId);
    expect(expiredA.state).toBe('waitingForRestore');
    expect(expiredA.steps[5]).toMatchObject({ state: 'waiting', message: expect.stringContaining('slot expired') });
    expect((await bob.call('BeginRestore', { jobId: b.job.jobId })).granted).toBe(true);
    expect((await alice.fail('GetExtractPage', { jobId: a.job.jobId, page: 1 })).error.details).toMatchObject({ reason: 'noRestoreSlot' });
    expect((await alice.fail('CompleteRestore', { jobId: a.job.jobId, deviceName: 'x', operationId: opId('late') })).error.code).toBe(
      'FORBIDDEN',
    );
    expect(await alice.call('BeginRestore', { jobId: a.job.jobId })).toEqual({ granted: false, position: 1 });
    expect(await jobOf(admin, a.job.jobId)).toMatchObject({ state: 'waitingForRestore', queuePosition: 1 });
  });

  test("only the job's own user restores it", async () => {
    const a = await replacedDevice(gw, admin, 'alice');
    await claim(gw, a.claimCode);
    const bob = await client(gw, 'bob');
    for (const failure of [
      await bob.fail('BeginRestore', { jobId: a.job.jobId }),
      await bob.fail('GetExtractPage', { jobId: a.job.jobId, page: 0 }),
      await bob.fail('CompleteRestore', { jobId: a.job.jobId, deviceName: 'x', operationId: opId('bob') }),
      await bob.fail('FinishReplacement', { jobId: a.job.jobId, operationId: opId('bob') }),
      await admin.fail('BeginRestore', { jobId: a.job.jobId }),
    ]) {
      expect(failure.error.code).toBe('FORBIDDEN');
    }
    expect((await bob.fail('BeginRestore', { jobId: 'J-NOSUCHJOB' })).error.code).toBe('NOT_FOUND');
    // Alice logged in with her password may (it is her job); before the claim she may not.
    const b = await replacedDevice(gw, admin, 'bob');
    expect((await bob.fail('BeginRestore', { jobId: b.job.jobId })).error.code).toBe('INVALID_REQUEST');
    const alice = await client(gw, 'alice');
    expect((await alice.call('BeginRestore', { jobId: a.job.jobId })).granted).toBe(true);
  });

  test('FinishReplacement before the restore is refused', async () => {
    const a = await replacedDevice(gw, admin, 'alice');
    const { device } = await claim(gw, a.claimCode);
    expect((await device.fail('FinishReplacement', { jobId: a.job.jobId, operationId: opId('early') })).error.code).toBe('INVALID_REQUEST');
  });
});
