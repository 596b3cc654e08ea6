import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GATEWAY_STEPS } from '../../src/gateway/replacement/next-replacement-step.js';
import { createReplacementJob } from '../../src/gateway/replacement/replacement-store.js';
import type { ReplacementHooks } from '../../src/gateway/replacement/replacement-runner.js';
import { REPLACEMENT_STEPS, type ReplacementJob, type ReplacementStepName } from '../../src/protocol/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { lockSiteForWrite } from '../../src/gateway/sites/site-write-lock.js';
import { ManualClock, startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * Holds the site row's shared lock in a transaction of its own, as a device's write does
 * until it commits (PostgreSQL); resolves the returned function to commit it.
 */
async function holdSiteForWrite(gw: TestGateway, siteId: string): Promise<() => Promise<void>> {
  const { database } = gw.context;
  let locked!: () => void;
  let commit!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const done = database.db.transaction().execute(async (trx) => {
    await lockSiteForWrite(trx, database.dialect, siteId);
    locked();
    await new Promise<void>((resolve) => (commit = resolve));
  });
  await isLocked;
  return async () => {
    commit();
    await done;
  };
}

let opSeq = 0;
const opId = (tag: string) => `op-${tag}-${++opSeq}-${Date.now()}`;

async function client(gw: TestGateway, userName: string): Promise<GatewayClient> {
  const c = new GatewayClient(gw.url, 'json');
  await c.login(userName);
  return c;
}

/** A rep's registered device that has synced once; the client keeps sending its database id. */
async function device(gw: TestGateway, userName: string, deviceName: string) {
  const c = await client(gw, userName);
  const site = await c.call('RegisterSite', { deviceName, operationId: opId('register') });
  c.session.databaseId = site.databaseId;
  await c.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 });
  return { client: c, ...site };
}

async function jobOf(admin: GatewayClient, jobId: string): Promise<ReplacementJob> {
  const { jobs } = await admin.call('GetReplacement', { jobIds: [jobId] });
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

const stateOf = (job: ReplacementJob, step: ReplacementStepName) => job.steps.find((s) => s.step === step)!;

describe('the replacement job on the gateway', () => {
  let gw: TestGateway;
  let admin: GatewayClient;
  beforeAll(async () => {
    gw = await startTestGateway({
      demoRecords: 120,
      // Each step takes a second of gateway time, so the order shows in the times.
      replacementHooks: { afterStep: () => gw.clock.advance(1000) },
      config: { replacementDrainTimeoutMs: 300 },
    });
    admin = await client(gw, 'admin');
  });
  afterAll(async () => {
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  test('RequestReplacement runs steps 1–5 in order, each with its time and message; then the job waits for the claim', async () => {
    const old = await device(gw, 'alice', 'Alice laptop');
    const account = (await old.client.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    const { modNum } = (await old.client.call('QueryRecords', { objectType: 'Account', rowIds: [account.rowId] })).records[0]!;
    await old.client.call('UpdateRecord', {
      operationId: opId('before'),
      objectType: 'Account',
      rowId: account.rowId,
      modNum,
      fields: { Phone: '+1 555 0100' },
    });
    const loggedBefore = await gw.context.database.db
      .selectFrom('operation_log')
      .select('operation_id')
      .where('site_id', '=', old.siteId)
      .execute();
    expect(loggedBefore.length).toBeGreaterThan(0);

    const requestedAt = gw.clock.now();
    const { jobs } = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId: opId('request') });
    expect(jobs).toHaveLength(1);
    const created = jobs[0]!;
    expect(created).toMatchObject({
      siteId: old.siteId,
      userName: 'alice',
      deviceName: 'Alice laptop',
      requestedBy: 'admin',
      requestedAt: new Date(requestedAt).toISOString(),
    });
    expect(created.claimCode).toMatch(/^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    expect(created.steps.map((s) => s.step)).toEqual([...REPLACEMENT_STEPS]);

    await gw.context.replacements.idle();
    const job = await jobOf(admin, created.jobId);
    expect(job.state).toBe('waitingForClaim');
    expect(job.claimCode).toBe(created.claimCode);
    expect(Date.parse(job.claimExpiresAt!) - requestedAt).toBe(72 * 3600 * 1000);
    let previousFinish = requestedAt;
    for (const [i, name] of GATEWAY_STEPS.entries()) {
      const step = stateOf(job, name);
      expect(step.state).toBe('done');
      expect(Date.parse(step.startedAt!)).toBeGreaterThanOrEqual(previousFinish);
      expect(Date.parse(step.finishedAt!)).toBe(requestedAt + i * 1000);
      previousFinish = Date.parse(step.finishedAt!);
      expect(step.message).toBeTruthy();
    }
    expect(stateOf(job, 'readSite').message).toContain(`Site ${old.siteId}: user alice`);
    expect(stateOf(job, 'readSite').message).toContain('device "Alice laptop"');
    expect(stateOf(job, 'readSite').message).not.toContain(old.databaseId);
    expect(stateOf(job, 'acceptPending').message).toMatch(
      /No write of the old device was in flight.*nothing else .* is queued on the server/,
    );
    expect(stateOf(job, 'revokeSite').message).toContain('SITE_REVOKED');
    expect(stateOf(job, 'dropServerEntries').message).toContain(`Dropped ${loggedBefore.length} operation-log entr`);
    expect(stateOf(job, 'buildExtract').message).toMatch(
      /Extract of \d+ record\(s\) \(Account \d+, Contact \d+, Opportunity \d+, Activity \d+\) for alice under package fieldbook-demo@1\.00\.00\.00.*default preset "My accounts"/,
    );
    expect(stateOf(job, 'restore')).toMatchObject({ state: 'waiting', message: expect.stringContaining('claim') });
    for (const name of ['cleanRestoredCopy', 'registerNewSite', 'incrementalSync'] as const)
      expect(stateOf(job, name).state).toBe('pending');

    // The old device is refused from now on; its log entries are gone; the site says replaced.
    const refused = await old.client.fail('GetChangeKeys', { objectType: 'Account' });
    expect(refused.error.code).toBe('SITE_REVOKED');
    expect(refused.httpStatus).toBe(410);
    expect((await old.client.fail('Login', { userName: 'alice', password: 'demo' })).error.code).toBe('SITE_REVOKED');
    expect(
      await gw.context.database.db.selectFrom('operation_log').select('operation_id').where('site_id', '=', old.siteId).execute(),
    ).toEqual([]);
    const { sites } = await admin.call('ListSites', { userName: 'alice' });
    expect(sites.find((s) => s.siteId === old.siteId)).toMatchObject({ status: 'replaced', replacementJobId: created.jobId });

    // Requesting the same site again answers the job that is under way.
    const again = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId: opId('again') });
    expect(again.jobs.map((j) => j.jobId)).toEqual([created.jobId]);
  });

  test('a replayed RequestReplacement answers the first jobs and creates no second one', async () => {
    const old = await device(gw, 'carol', 'Carol laptop');
    const operationId = opId('replay');
    const first = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId });
    await gw.context.replacements.idle();
    const replay = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId });
    expect(replay).toEqual(first);
    const rows = await gw.context.database.db.selectFrom('replacement_jobs').select('job_id').where('site_id', '=', old.siteId).execute();
    expect(rows).toHaveLength(1);
  });

  test('step 2 waits for the old device’s writes in flight; still busy after the bounded wait it fails, and RetryReplacementStep resumes the job', async () => {
    const old = await device(gw, 'bob', 'Bob laptop');
    // A write of the old device that has not committed yet: its transaction holds the site row
    // (site-write-lock.ts). The embedded database runs one transaction at a time, so there a
    // write is never in flight while the runner reads; the wait is PostgreSQL's.
    const release = gw.context.database.dialect.name === 'postgres' ? await holdSiteForWrite(gw, old.siteId) : undefined;
    const { jobs } = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId: opId('busy') });
    const jobId = jobs[0]!.jobId;
    await gw.context.replacements.idle();
    let job = await jobOf(admin, jobId);
    if (release) {
      expect(job.state).toBe('failed');
      expect(stateOf(job, 'readSite').state).toBe('done');
      expect(stateOf(job, 'acceptPending')).toMatchObject({ state: 'failed', message: expect.stringContaining('still busy, retry') });
      expect(stateOf(job, 'revokeSite').state).toBe('pending');
      // Nothing was revoked: the device still works while its write finishes.
      const site = await gw.context.database.db
        .selectFrom('sites')
        .select('status')
        .where('site_id', '=', old.siteId)
        .executeTakeFirstOrThrow();
      expect(site.status).toBe('active');

      await release();
      const retried = await admin.call('RetryReplacementStep', { jobId, operationId: opId('retry') });
      expect(stateOf(retried.job, 'acceptPending')).toMatchObject({
        state: 'pending',
        message: expect.stringContaining('Retry requested by admin'),
      });
      await gw.context.replacements.idle();
      job = await jobOf(admin, jobId);
    }
    expect(job.state).toBe('waitingForClaim');
    expect(stateOf(job, 'acceptPending')).toMatchObject({ state: 'done', message: expect.stringContaining('No write of the old device') });
    // A retry while nothing failed is refused.
    const noFailure = await admin.fail('RetryReplacementStep', { jobId, operationId: opId('retry-none') });
    expect(noFailure.error.code).toBe('INVALID_REQUEST');
  });

  test('a write of the old device in flight is waited for, then the job goes on; a write after the revocation is refused', async () => {
    const old = await device(gw, 'dave', 'Dave laptop');
    const release = gw.context.database.dialect.name === 'postgres' ? await holdSiteForWrite(gw, old.siteId) : undefined;
    const { jobs } = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId: opId('wait') });
    if (release) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const waiting = await jobOf(admin, jobs[0]!.jobId);
      expect(stateOf(waiting, 'acceptPending').state).toBe('running');
      expect(stateOf(waiting, 'revokeSite').state).toBe('pending');
      await release();
    }
    await gw.context.replacements.idle();
    const job = await jobOf(admin, jobs[0]!.jobId);
    expect(job.state).toBe('waitingForClaim');
    expect(stateOf(job, 'acceptPending').message).toMatch(
      release ? /writes in flight finished after \d+\.\d s/ : /No write of the old device was in flight/,
    );
    // The write lock refuses the revoked site inside any later write's transaction.
    const { database } = gw.context;
    await expect(database.db.transaction().execute((trx) => lockSiteForWrite(trx, database.dialect, old.siteId))).rejects.toMatchObject({
      code: 'SITE_REVOKED',
    });
  });

  test('a site that no longer exists fails step 1 with a clear message', async () => {
    const { db } = gw.context.database;
    const jobId = await createReplacementJob(db, {
      siteId: 'S-GONE',
      userId: 'U-ALICE',
      requestedBy: 'admin',
      now: gw.clock.now(),
      claimTtlMs: 1000,
    });
    gw.context.replacements.kick(jobId);
    await gw.context.replacements.idle();
    const job = await jobOf(admin, jobId);
    expect(job.state).toBe('failed');
    expect(stateOf(job, 'readSite')).toMatchObject({
      state: 'failed',
      message: 'Site S-GONE is not registered on this gateway; there is nothing to replace.',
    });
    expect(stateOf(job, 'acceptPending').state).toBe('pending');
  });

  test('an unknown site id is NOT_FOUND and creates nothing', async () => {
    const before = await gw.context.database.db.selectFrom('replacement_jobs').select('job_id').execute();
    const failure = await admin.fail('RequestReplacement', { siteIds: ['S-NOPE'], operationId: opId('nope') });
    expect(failure.error.code).toBe('NOT_FOUND');
    expect(await gw.context.database.db.selectFrom('replacement_jobs').select('job_id').execute()).toHaveLength(before.length);
  });
});

describe('a gateway crash after each of steps 1–5', () => {
  test.each(GATEWAY_STEPS.map((step, i) => [i + 1, step] as const))(
    'after step %i (%s) the restarted gateway resumes the job: every step done once',
    async (_n, crashStep) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-crash-'));
      const clock = new ManualClock();
      const completed: ReplacementStepName[] = [];
      const hooks = (crash: boolean): ReplacementHooks => ({
        afterStep: ({ step }) => {
          completed.push(step);
          clock.advance(1000);
          if (crash && step === crashStep) throw new Error(`simulated crash after ${step}`);
        },
      });
      let gw = await startTestGateway({ dataDir, clock, demoRecords: 80, replacementHooks: hooks(true) });
      try {
        const old = await device(gw, 'alice', 'Alice laptop');
        const admin = await client(gw, 'admin');
        const { jobs } = await admin.call('RequestReplacement', { siteIds: [old.siteId], operationId: opId('crash') });
        const jobId = jobs[0]!.jobId;
        await gw.context.replacements.idle();
        const crashed = await jobOf(admin, jobId);
        const k = GATEWAY_STEPS.indexOf(crashStep);
        expect(crashed.steps.slice(0, k + 1).map((s) => s.state)).toEqual(Array(k + 1).fill('done'));
        expect(crashed.steps.slice(k + 1, 5).map((s) => s.state)).toEqual(Array(4 - k).fill('pending'));
        expect(completed).toEqual(GATEWAY_STEPS.slice(0, k + 1));

        await gw.stop(true);
        clock.advance(60_000);
        gw = await startTestGateway({ dataDir, clock, replacementHooks: hooks(false) });
        await gw.context.replacements.idle();
        const admin2 = await client(gw, 'admin');
        const resumed = await jobOf(admin2, jobId);
        expect(resumed.state).toBe('waitingForClaim');
        expect(completed).toEqual([...GATEWAY_STEPS]);
        // The steps done before the crash kept their times; the others ran after the restart.
        for (const [i, step] of resumed.steps.slice(0, 5).entries()) {
          expect(step.state).toBe('done');
          if (i <= k) expect(step.finishedAt).toBe(crashed.steps[i]!.finishedAt);
          else expect(Date.parse(step.finishedAt!)).toBeGreaterThan(Date.parse(crashed.steps[k]!.finishedAt!) + 60_000);
        }
        // The extract exists once.
        const { db } = gw.context.database;
        const extract = await db.selectFrom('replacement_extract_records').select(['row_id', 'seq']).where('job_id', '=', jobId).execute();
        const jobRow = await db
          .selectFrom('replacement_jobs')
          .select('extract_record_count')
          .where('job_id', '=', jobId)
          .executeTakeFirstOrThrow();
        expect(extract.length).toBe(Number(jobRow.extract_record_count));
        expect(extract.length).toBeGreaterThan(0);
        expect(new Set(extract.map((r) => r.row_id)).size).toBe(extract.length);
        expect(extract.map((r) => Number(r.seq)).sort((a, b) => a - b)).toEqual(extract.map((_r, i) => i));
        const oldAgain = new GatewayClient(gw.url, 'json', old.client.session);
        expect((await oldAgain.fail('GetChangeKeys', { objectType: 'Account' })).error.code).toBe('SITE_REVOKED');

        // And it finishes: claim, restore, complete, sync.
        const newDevice = new GatewayClient(gw.url, 'json');
        const claim = await newDevice.call('ClaimReplacement', {
          claimCode: jobs[0]!.claimCode!,
          deviceName: 'Alice new laptop',
          operationId: opId('claim'),
        });
        newDevice.session = { sessionToken: claim.sessionToken };
        const begin = await newDevice.call('BeginRestore', { jobId });
        expect(begin).toMatchObject({ granted: true, recordCount: extract.length });
        let restored = 0;
        for (let page = 0; page < begin.pageCount!; page++)
          restored += (await newDevice.call('GetExtractPage', { jobId, page })).records.length;
        expect(restored).toBe(extract.length);
        const site = await newDevice.call('CompleteRestore', { jobId, deviceName: 'Alice new laptop', operationId: opId('complete') });
        newDevice.session.databaseId = site.databaseId;
        await newDevice.call('GetChangeKeys', { objectType: 'Account', pageSize: 5 });
        expect(await newDevice.call('FinishReplacement', { jobId, operationId: opId('finish') })).toEqual({
          job: { jobId, state: 'done' },
        });
        const done = await jobOf(admin2, jobId);
        expect(done.state).toBe('done');
        expect(done.steps.every((s) => s.state === 'done')).toBe(true);
        expect(completed).toEqual([...GATEWAY_STEPS]);
        expect(gw.internalErrors).toEqual([]);
      } finally {
        await gw.stop(true);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
