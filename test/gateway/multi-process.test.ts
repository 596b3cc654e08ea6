import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Client } from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OperationName, ReplacementJob, RequestOf, ResponseOf } from '../../src/protocol/index.js';
import { JsonTransport, type CallContext, type Transport } from '../../src/sync/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { expectDone } from '../support/replacement-job.js';
import { localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Several gateway processes on one PostgreSQL database (issue 14, part 3): the
 * compiled gateway (what `npm start` runs) started twice with the same DATABASE_URL.
 * Any process answers any request; a retried operation id answers one result; a
 * record is written once by concurrent writers on different processes; replacement
 * jobs and the restore slot are shared; a process killed mid-sync or mid-step loses
 * and duplicates nothing.
 */

/** Short, so that a job whose process was killed is taken over within seconds. */
const LEASE_MS = 1500;

jest.setTimeout(180_000);

const root = resolve(__dirname, '..', '..');
let outDir: string;
let database: TestDatabase;
const gateways: Started[] = [];
const devices: TestDevice[] = [];

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly dataDir: string;
  output(): string;
}

function startGatewayProcess(name: string): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), `fieldbook-mp-${name}-`));
  const child = spawn(process.execPath, [join(outDir, 'gateway/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: database.url, REPLACEMENT_LEASE_MS: String(LEASE_MS) },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway ${name} did not print its URL:\n${out}`)), 90_000);
    const check = () => {
      const match = /Task pane:\s+(http:\/\/localhost:\d+)\/pane\/taskpane\.html/.exec(out);
      if (match && out.includes('Press Ctrl-C to stop.')) {
        child.stdout.off('data', check);
        clearTimeout(timer);
        const started = { child, url: match[1]!, dataDir, output: () => out };
        gateways.push(started);
        resolveStart(started);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`gateway ${name} exited with ${code ?? signal}:\n${out}`));
    });
  });
}

/** Sends each call to the next gateway in turn: no request of a sync goes where the one before went. */
class AlternatingTransport implements Transport {
  private next = 0;
  readonly used: string[] = [];
  constructor(private readonly urls: readonly string[]) {}
  call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    const url = this.urls[this.next++ % this.urls.length]!;
    this.used.push(url);
    return new JsonTransport(url).call(operation, request, context);
  }
}

beforeAll(async () => {
  outDir = mkdtempSync(join(root, '.test-build-'));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.gateway.json'), '--outDir', outDir],
    { cwd: root, stdio: 'pipe' },
  );
  database = await createTestDatabase();
  // Started together: one seeds the empty database, the other waits for it and finds it seeded.
  const [a, b] = await Promise.all([startGatewayProcess('a'), startGatewayProcess('b')]);
  const seeded = [a, b].filter((g) => g.output().includes('created and seeded')).length;
  expect(seeded).toBe(1);
}, 180_000);

afterAll(async () => {
  for (const device of devices) await device.close();
  for (const gateway of gateways.filter((g) => g.child.exitCode === null && g.child.signalCode === null)) {
    gateway.child.removeAllListeners('exit');
    const exited = new Promise((done) => gateway.child.once('exit', done));
    gateway.child.kill('SIGINT');
    await exited;
  }
  for (const gateway of gateways) rmSync(gateway.dataDir, { recursive: true, force: true });
  await database?.drop();
  rmSync(outDir, { recursive: true, force: true });
});

test('a sync whose requests alternate between two processes ends as a sync on one', async () => {
  const urls = gateways.map((g) => g.url);
  const alternating = new AlternatingTransport(urls);
  const device = await openDevice(urls[0]!, 'json', 'alice', { transport: () => alternating });
  devices.push(device);
  expectDone(await device.engine.sync());
  const edits = await device.edits();
  const account = (await device.store.listRecords('Account')).find((r) => !r.readOnly)!;
  await edits.update('Account', account.localId, { Phone: '+47 555 0404' });
  await edits.create('Contact', { FirstName: 'Multi', LastName: 'Process', Email: 'multi.process@example.com', AccountId: account.rowId });
  expectDone(await device.engine.sync());
  expect(new Set(alternating.used)).toEqual(new Set(urls));
  expect(await localView(device)).toEqual(await serverView(urls[1]!, device));
  expect(await device.store.listOutbox()).toEqual([]);
});

test('one operation id sent to two processes at once writes once, and both answer the same', async () => {
  const [a, b] = await Promise.all(
    gateways.map(async (g) => {
      const client = new GatewayClient(g.url, 'json');
      await client.login('bob');
      return client;
    }),
  );
  const request = {
    operationId: 'multi-process-insert-0001',
    objectType: 'Account',
    fields: { Name: 'Twice Sent AS', Location: 'Trondheim, Norway' },
  };
  const answers = await Promise.all([a!.call('InsertRecord', request), b!.call('InsertRecord', request)]);
  expect(answers[1]).toEqual(answers[0]);
  const found = await a!.call('QueryByUserKey', {
    objectType: 'Account',
    fields: { Name: 'Twice Sent AS', Location: 'Trondheim, Norway' },
  });
  expect(found.records.map((r) => r.rowId)).toEqual([answers[0].rowId]);
});

test('two writers on two processes with the same modification number: one wins, the other gets COLLISION', async () => {
  const [a, b] = await Promise.all(
    gateways.map(async (g) => {
      const client = new GatewayClient(g.url, 'json');
      await client.login('carol');
      return client;
    }),
  );
  const { rowId } = await a!.call('InsertRecord', {
    operationId: 'multi-process-race-0000',
    objectType: 'Account',
    fields: { Name: 'Raced AS', Location: 'Bodø, Norway' },
  });
  for (let round = 1; round <= 5; round += 1) {
    const current = (await a!.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records[0]!;
    const results = await Promise.allSettled(
      [a!, b!].map((client, i) =>
        client.call('UpdateRecord', {
          operationId: `multi-process-race-${round}-${i}`,
          objectType: 'Account',
          rowId,
          modNum: current.modNum,
          fields: { Phone: `+47 555 0${round}0${i}` },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code?: string }).code)).toEqual(['COLLISION']);
    const after = (await b!.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records[0]!;
    expect(after.modNum).toBe(current.modNum + 1);
    expect(Date.parse(after.lastUpd)).toBeGreaterThan(Date.parse(current.lastUpd));
  }
});

const opId = (tag: string) => `mp-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const stepOf = (job: ReplacementJob, step: string) => job.steps.find((s) => s.step === step)!;

async function login(url: string, userName: string): Promise<GatewayClient> {
  const client = new GatewayClient(url, 'json');
  await client.login(userName);
  return client;
}

/** A rep's device registered through `url`; its client sends the database id from then on. */
async function registeredSite(url: string, userName: string, deviceName: string) {
  const client = await login(url, userName);
  const site = await client.call('RegisterSite', { deviceName, operationId: opId('register') });
  client.session.databaseId = site.databaseId;
  return { client, ...site };
}

async function waitForJob(admin: GatewayClient, jobId: string, done: (job: ReplacementJob) => boolean): Promise<ReplacementJob> {
  let job: ReplacementJob | undefined;
  for (let attempt = 0; attempt < 1200; attempt += 1) {
    job = (await admin.call('GetReplacement', { jobIds: [jobId] })).jobs[0];
    if (job && done(job)) return job;
    if (job?.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not get there: ${JSON.stringify(job)}`);
}

/** A query straight to the shared database, as the test's own client. */
async function query<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

function killed(gateway: Started): Promise<void> {
  gateway.child.removeAllListeners('exit');
  const exited = new Promise<void>((done) => gateway.child.once('exit', () => done()));
  gateway.child.kill('SIGKILL');
  return exited;
}

describe('replacement across processes', () => {
  let replaced: { readonly jobId: string; readonly claimCode: string }[] = [];

  test('two administrators replacing the same devices on two processes at once get one job per device', async () => {
    const [urlA, urlB] = gateways.map((g) => g.url) as [string, string];
    const alice = await registeredSite(urlA, 'alice', 'Alice desk');
    const bob = await registeredSite(urlB, 'bob', 'Bob desk');
    const [first, second] = await Promise.all([login(urlA, 'admin'), login(urlB, 'admin')]);
    // The two requests name the sites in opposite orders: they must not deadlock either.
    const [one, two] = await Promise.all([
      first.call('RequestReplacement', { siteIds: [alice.siteId, bob.siteId], operationId: opId('admin-1') }),
      second.call('RequestReplacement', { siteIds: [bob.siteId, alice.siteId], operationId: opId('admin-2') }),
    ]);
    expect(one.jobs.map((j) => j.jobId)).toEqual(two.jobs.map((j) => j.jobId).reverse());
    const perSite = await query<{ site_id: string; jobs: string }>(
      'select site_id, count(*) as jobs from replacement_jobs where site_id = any($1) group by site_id order by site_id',
      [[alice.siteId, bob.siteId]],
    );
    expect(perSite.map((r) => Number(r.jobs))).toEqual([1, 1]);
    for (const job of one.jobs) {
      const ready = await waitForJob(second, job.jobId, (j) => j.state === 'waitingForClaim');
      expect(ready.steps.slice(0, 5).map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    }
    // Both old devices are refused now, on either process.
    for (const old of [alice, bob])
      expect((await old.client.fail('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).error.code).toBe('SITE_REVOKED');
    // Each job's runner gave its lease back once its steps were done.
    const leases = await query<{ runner_id: string | null }>('select runner_id from replacement_jobs where job_id = any($1)', [
      one.jobs.map((j) => j.jobId),
    ]);
    expect(leases).toEqual([{ runner_id: null }, { runner_id: null }]);
    replaced = one.jobs.map((j) => ({ jobId: j.jobId, claimCode: j.claimCode! }));
  });

  test('two restores claimed on two processes run one at a time, the second when the first completes', async () => {
    expect(replaced).toHaveLength(2);
    const [urlA, urlB] = gateways.map((g) => g.url) as [string, string];
    const claimOn = async (url: string, claimCode: string, deviceName: string) => {
      const device = new GatewayClient(url, 'json');
      const answer = await device.call('ClaimReplacement', { claimCode, deviceName, operationId: opId('claim') });
      device.session = { sessionToken: answer.sessionToken };
      return device;
    };
    const devicesByJob = [await claimOn(urlA, replaced[0]!.claimCode, 'Alice new'), await claimOn(urlB, replaced[1]!.claimCode, 'Bob new')];
    // Both ask for the slot at the same moment, each on its own process: one is granted.
    const answers = await Promise.all(devicesByJob.map((device, i) => device.call('BeginRestore', { jobId: replaced[i]!.jobId })));
    expect(answers.filter((a) => a.granted)).toHaveLength(1);
    const holder = answers[0]!.granted ? 0 : 1;
    const waiter = 1 - holder;
    expect(answers[waiter]).toEqual({ granted: false, position: 1 });
    const [holderJob, waiterJob] = [replaced[holder]!.jobId, replaced[waiter]!.jobId];
    const [holderDevice, waiterDevice] = [devicesByJob[holder]!, devicesByJob[waiter]!];

    // The waiter asking again, on the other process this time, still waits; it may not read the extract.
    const elsewhere = new GatewayClient(waiter === 0 ? urlB : urlA, 'json');
    elsewhere.session = { ...waiterDevice.session };
    expect(await elsewhere.call('BeginRestore', { jobId: waiterJob })).toEqual({ granted: false, position: 1 });
    expect((await elsewhere.fail('GetExtractPage', { jobId: waiterJob, page: 0 })).error.details).toMatchObject({
      reason: 'noRestoreSlot',
    });

    await holderDevice.call('GetExtractPage', { jobId: holderJob, page: 0 });
    await holderDevice.call('CompleteRestore', { jobId: holderJob, deviceName: 'new', operationId: opId('complete') });
    expect((await elsewhere.call('BeginRestore', { jobId: waiterJob })).granted).toBe(true);
  });

  test('a process killed mid-step: another takes the job over once the lease ran out and runs its steps to the end once', async () => {
    const c = await startGatewayProcess('c');
    const dave = await registeredSite(c.url, 'dave', 'Dave desk');
    // A write of the old device in flight (its transaction holds the site row's shared lock):
    // step 2 waits for it on process c.
    const write = new Client({ connectionString: database.url });
    await write.connect();
    await write.query('begin');
    await write.query('select site_id from sites where site_id = $1 for share', [dave.siteId]);
    const adminC = await login(c.url, 'admin');
    const { jobs } = await adminC.call('RequestReplacement', { siteIds: [dave.siteId], operationId: opId('kill-step') });
    const jobId = jobs[0]!.jobId;
    const adminA = await login(gateways[0]!.url, 'admin');
    await waitForJob(adminA, jobId, (j) => stepOf(j, 'acceptPending').state === 'running');
    const [lease] = await query<{ runner_id: string }>('select runner_id from replacement_jobs where job_id = $1', [jobId]);
    expect(lease!.runner_id).toContain(`/${c.child.pid}/`);

    await killed(c);
    const killedAt = Date.now();
    await write.query('commit');
    await write.end();

    const job = await waitForJob(adminA, jobId, (j) => j.state === 'waitingForClaim');
    expect(job.steps.slice(0, 5).map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    // Step 2 was run again by another process, after c's lease ran out.
    expect(Date.parse(stepOf(job, 'acceptPending').startedAt!)).toBeGreaterThanOrEqual(killedAt);
    const [site] = await query<{ status: string }>('select status from sites where site_id = $1', [dave.siteId]);
    expect(site!.status).toBe('replaced');
    expect(await query('select job_id from replacement_jobs where site_id = $1', [dave.siteId])).toHaveLength(1);
  });
});

test('a process killed mid-sync: the requests go on through the others, nothing lost, nothing duplicated', async () => {
  const c = await startGatewayProcess('d');
  const others = gateways.filter((g) => g !== c && g.child.exitCode === null && g.child.signalCode === null).map((g) => g.url);
  let cAlive = true;
  const retried: OperationName[] = [];
  // A load balancer that sends everything to c until c dies mid-upload, then retries the
  // same request (same operation id) on the next process, as any client may.
  const transport: Transport = {
    async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
      if (cAlive) {
        const sent = new JsonTransport(c.url).call(operation, request, context);
        if (operation === 'ApplyChanges') {
          cAlive = false;
          setImmediate(() => void killed(c));
        }
        try {
          return await sent;
        } catch (error) {
          if ((error as { code?: string }).code !== 'CONNECTIVITY') throw error;
          retried.push(operation);
        }
      }
      return new JsonTransport(others[retried.length % others.length]!).call(operation, request, context);
    },
  };
  const device = await openDevice(c.url, 'json', 'carol', { transport: () => transport });
  devices.push(device);
  // The first sync runs on c alone (no upload yet).
  expectDone(await device.engine.sync());
  const edits = await device.edits();
  const accounts = (await device.store.listRecords('Account')).filter((r) => !r.readOnly).slice(0, 5);
  for (const [i, account] of accounts.entries()) await edits.update('Account', account.localId, { Phone: `+47 555 77${i}0` });
  for (let i = 0; i < 12; i += 1) {
    await edits.create('Contact', {
      FirstName: 'Killed',
      LastName: `Midsync ${i}`,
      Email: `killed.midsync.${i}@example.com`,
      AccountId: accounts[0]!.rowId,
    });
  }
  const status = await device.engine.sync();
  if (status.phase !== 'done') expectDone(await device.engine.sync());
  // c died with the upload in flight; the same request went to another process.
  expect(retried).toContain('ApplyChanges');
  expect(await device.store.listOutbox()).toEqual([]);
  expect(await localView(device)).toEqual(await serverView(others[0]!, device));
  const contacts = await query<{ email: string; copies: string }>(
    "select fields::jsonb ->> 'Email' as email, count(*) as copies from records where object_type = 'Contact' and fields::jsonb ->> 'Email' like 'killed.midsync.%' group by 1 order by 1",
  );
  expect(contacts).toHaveLength(12);
  expect(contacts.every((r) => Number(r.copies) === 1)).toBe(true);

  // Restarted, the process serves syncs again.
  const restarted = await startGatewayProcess('d-restarted');
  const after = await openDevice(restarted.url, 'json', 'carol');
  devices.push(after);
  expectDone(await after.engine.sync());
  expect(await localView(after)).toEqual(await serverView(restarted.url, after));
});
