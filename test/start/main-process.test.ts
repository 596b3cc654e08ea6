import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * What `npm start` runs — the compiled gateway entry point — as a separate
 * process: it seeds on first start, prints its URLs, stops cleanly on Ctrl-C
 * (SIGINT) and keeps its data across a restart.
 */
const root = resolve(__dirname, '..', '..');
let outDir: string;
let dataDir: string;

beforeAll(() => {
  // Inside the project, so the compiled files resolve node_modules as dist/ does.
  outDir = mkdtempSync(join(root, '.test-build-'));
  dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-data-'));
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.gateway.json'), '--outDir', outDir],
    { cwd: root, stdio: 'pipe' },
  );
}, 120_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  url: string;
}

function start(): Promise<Started> {
  const child = spawn(process.execPath, [join(outDir, 'gateway/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir },
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not print its URL:\n${out}`)), 60_000);
    const check = () => {
      // The banner's last line: everything above it has been printed too.
      const match = /Task pane:\s+(http:\/\/localhost:\d+)\/pane\/taskpane\.html/.exec(out);
      if (match && out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolveStart({ child, output: () => out, url: match[1]! });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}`));
    });
  });
}

function interrupt(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolveExit(code));
    child.kill('SIGINT');
  });
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/Login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: 'alice', password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessionToken: string }).sessionToken;
}

test('starts, seeds on first start, stops on Ctrl-C, and a restart keeps the data', async () => {
  const first = await start();
  expect(first.output()).toContain('created and seeded its database');
  expect(first.output()).toContain(`WSDL: ${first.url}/soap?wsdl`);
  expect(first.output()).toContain(`Admin page:  ${first.url}/pane/admin.html`);
  expect(await (await fetch(`${first.url}/health`)).json()).toEqual({ status: 'ok' });
  const token = await login(first.url);
  const insert = await fetch(`${first.url}/api/InsertRecord`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      operationId: 'main-process-1',
      objectType: 'Account',
      fields: { Name: 'Kept Across Restarts', Location: 'Tartu, Estonia' },
    }),
  });
  expect(insert.status).toBe(200);
  expect(await interrupt(first.child)).toBe(0);
  expect(first.output()).toContain('SIGINT: stopping the gateway');

  const second = await start();
  try {
    expect(second.output()).toContain('opened its database');
    const res = await fetch(`${second.url}/api/EstimateCount`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ objectType: 'Account', filter: { field: 'Name', op: 'eq', value: 'Kept Across Restarts' } }),
    });
    expect(await res.json()).toEqual({ count: 1 });
  } finally {
    expect(await interrupt(second.child)).toBe(0);
  }
}, 120_000);

test('a bad PORT is refused with a clear message', async () => {
  const out = await new Promise<{ code: number | null; text: string }>((done) => {
    const child = spawn(process.execPath, [join(outDir, 'gateway/main.js')], {
      cwd: root,
      env: { ...process.env, PORT: 'eighty', DATA_DIR: dataDir },
    });
    let text = '';
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.on('exit', (code) => done({ code, text }));
  });
  expect(out.code).toBe(1);
  expect(out.text).toContain('PORT must be a port number, got "eighty"');
}, 60_000);
