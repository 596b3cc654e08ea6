import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OperationName, RequestOf, ResponseOf } from '../../src/protocol/index.js';
import { JsonTransport, type CallContext, type Transport } from '../../src/sync/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { expectDone } from '../support/replacement-job.js';
import { localView, openDevice, serverView, type TestDevice } from '../support/test-client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Several gateway processes on one PostgreSQL database (issue 14, part 3): the
 * compiled gateway (what `npm start` runs) started twice with the same DATABASE_URL.
 * Any process answers any request; a retried operation id answers one result; a
 * record is written once by concurrent writers on different processes.
 */

jest.setTimeout(180_000);

const root = resolve(__dirname, '..', '..');
let outDir: string;
let database: TestDatabase;
const gateways: Started[] = [];
const devices: TestDevice[] = [];

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  output(): string;
}

function startGatewayProcess(name: string): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), `fieldbook-mp-${name}-`));
  const child = spawn(process.execPath, [join(outDir, 'gateway/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: database.url },
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
        const started = { child, url: match[1]!, output: () => out };
        gateways.push(started);
        resolveStart(started);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`gateway ${name} exited with ${code}:\n${out}`));
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
  for (const gateway of gateways) {
    gateway.child.removeAllListeners('exit');
    const exited = new Promise((done) => gateway.child.once('exit', done));
    gateway.child.kill('SIGINT');
    await exited;
  }
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
