import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { readTlsOptions } from '../../src/gateway/read-tls-options.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

/**
 * HTTPS for Outlook: the gateway serves TLS when given a certificate and key, the
 * TLS_CERT_FILE / TLS_KEY_FILE reader refuses every half-configuration with the
 * variable and file named, and `npm start`'s entry point uses both.
 * The certificate is the committed test-only one in test/fixtures/tls (CN=localhost).
 */
const root = resolve(__dirname, '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'tls');
const CERT_FILE = join(fixtures, 'cert.pem');
const KEY_FILE = join(fixtures, 'key.pem');
const cert = readFileSync(CERT_FILE);
const key = readFileSync(KEY_FILE);

interface Answer {
  status: number;
  body: string;
  peerCN: string | undefined;
  authorized: boolean;
}

/** One HTTPS request that trusts only the fixture certificate (or nothing extra, with `ca: undefined`). */
function httpsCall(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; ca?: Buffer | undefined } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((done, fail) => {
    const req = httpsRequest(
      url,
      {
        method: options.method ?? 'GET',
        ...('ca' in options ? (options.ca ? { ca: options.ca } : {}) : { ca: cert }),
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
        agent: false,
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const peer = socket.getPeerCertificate();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body, peerCN: peer.subject?.CN, authorized: socket.authorized }));
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

describe('the in-process gateway with tls', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ demoRecords: 20, tls: { cert, key } });
  });
  afterAll(async () => {
    await gateway.stop();
  });

  test('its URL is https and GET /health answers over TLS with the given certificate', async () => {
    expect(gateway.url).toBe(`https://localhost:${gateway.port}`);
    const answer = await httpsCall(`${gateway.url}/health`);
    expect(answer).toEqual({ status: 200, body: JSON.stringify({ status: 'ok' }), peerCN: 'localhost', authorized: true });
    // Also by IP: the certificate names 127.0.0.1 too.
    expect((await httpsCall(`https://127.0.0.1:${gateway.port}/health`)).status).toBe(200);
  });

  test('a JSON operation works over it: Login as alice, then an authenticated call', async () => {
    const login = await httpsCall(`${gateway.url}/api/Login`, { method: 'POST', body: { userName: 'alice', password: 'demo' } });
    expect(login.status).toBe(200);
    const token = (JSON.parse(login.body) as { sessionToken: unknown }).sessionToken;
    expect(typeof token).toBe('string');
    const count = await httpsCall(`${gateway.url}/api/EstimateCount`, {
      method: 'POST',
      body: { objectType: 'Account' },
      headers: { authorization: `Bearer ${String(token)}` },
    });
    expect(count.status).toBe(200);
    expect(JSON.parse(count.body)).toEqual({ count: expect.any(Number) });
    expect(gateway.internalErrors).toEqual([]);
  });

  test('the WSDL names the https endpoint', async () => {
    const wsdl = await httpsCall(`${gateway.url}/soap?wsdl`);
    expect(wsdl.status).toBe(200);
    expect(wsdl.body).toContain(`location="${gateway.url}/soap"`);
  });

  test('it is really TLS: a client that does not trust the certificate is refused, plain HTTP gets no answer', async () => {
    await expect(httpsCall(`${gateway.url}/health`, { ca: undefined })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const plain = new Promise<number>((done, fail) => {
      const req = httpRequest(`http://localhost:${gateway.port}/health`, { agent: false }, (res) => done(res.statusCode ?? 0));
      req.on('error', fail);
      req.end();
    });
    await expect(plain).rejects.toThrow();
  });
});

describe('readTlsOptions (TLS_CERT_FILE / TLS_KEY_FILE)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fieldbook-tls-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('neither set (or both empty): plain HTTP', () => {
    expect(readTlsOptions({})).toBeUndefined();
    expect(readTlsOptions({ TLS_CERT_FILE: '', TLS_KEY_FILE: ' ' })).toBeUndefined();
  });

  test('both set: the two files, relative paths resolved against the working folder', () => {
    expect(readTlsOptions({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: KEY_FILE })).toEqual({ cert, key });
    expect(readTlsOptions({ TLS_CERT_FILE: 'tls/cert.pem', TLS_KEY_FILE: 'tls/key.pem' }, join(root, 'test', 'fixtures'))).toEqual({
      cert,
      key,
    });
  });

  test('one without the other is refused, naming both variables and the file given', () => {
    expect(() => readTlsOptions({ TLS_CERT_FILE: CERT_FILE })).toThrow(`TLS_CERT_FILE is set ("${CERT_FILE}") but TLS_KEY_FILE is not`);
    expect(() => readTlsOptions({ TLS_KEY_FILE: KEY_FILE, TLS_CERT_FILE: '' })).toThrow(
      `TLS_KEY_FILE is set ("${KEY_FILE}") but TLS_CERT_FILE is not`,
    );
  });

  test('a missing file is refused, naming its variable and the full path', () => {
    const missing = join(dir, 'nowhere.pem');
    expect(() => readTlsOptions({ TLS_CERT_FILE: missing, TLS_KEY_FILE: KEY_FILE })).toThrow(
      `TLS_CERT_FILE: cannot read "${missing}" (ENOENT)`,
    );
    expect(() => readTlsOptions({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: missing })).toThrow(
      `TLS_KEY_FILE: cannot read "${missing}" (ENOENT)`,
    );
    expect(() => readTlsOptions({ TLS_CERT_FILE: 'nowhere.pem', TLS_KEY_FILE: KEY_FILE }, dir)).toThrow(
      `TLS_CERT_FILE: cannot read "${missing}"`,
    );
  });

  test('a file that is not what its variable says is refused, naming variable and file', () => {
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n');
    expect(() => readTlsOptions({ TLS_CERT_FILE: KEY_FILE, TLS_KEY_FILE: KEY_FILE })).toThrow(
      `TLS_CERT_FILE: "${KEY_FILE}" is not a PEM certificate`,
    );
    expect(() => readTlsOptions({ TLS_CERT_FILE: garbage, TLS_KEY_FILE: KEY_FILE })).toThrow(
      `TLS_CERT_FILE: "${garbage}" is not a PEM certificate`,
    );
    expect(() => readTlsOptions({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: CERT_FILE })).toThrow(
      `TLS_KEY_FILE: "${CERT_FILE}" is not an unencrypted PEM private key`,
    );
  });

  test('a key that does not belong to the certificate is refused, naming both files', () => {
    const otherKey = join(dir, 'other-key.pem');
    writeFileSync(otherKey, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => readTlsOptions({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: otherKey })).toThrow(
      `TLS_KEY_FILE: the key in "${otherKey}" does not belong to the certificate in "${CERT_FILE}"`,
    );
  });
});

describe('npm start (the compiled entry point) with TLS_CERT_FILE / TLS_KEY_FILE', () => {
  let outDir: string;
  let dataDir: string;
  beforeAll(() => {
    // Inside the project, so the compiled files resolve node_modules as dist/ does.
    outDir = mkdtempSync(join(root, '.test-build-'));
    execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.gateway.json'), '--outDir', outDir],
      { cwd: root, stdio: 'pipe' },
    );
  }, 120_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-tls-data-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const spawnMain = (env: Record<string, string>) =>
    spawn(process.execPath, [join(outDir, 'gateway/main.js')], {
      cwd: root,
      env: { ...withoutTlsVars(process.env), PORT: '0', DATA_DIR: dataDir, ...env },
    });

  test('only TLS_CERT_FILE set: exit code 1, a message naming both variables, no database opened', async () => {
    const child = spawnMain({ TLS_CERT_FILE: CERT_FILE });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(text).toContain(`The gateway could not start: TLS_CERT_FILE is set ("${CERT_FILE}") but TLS_KEY_FILE is not`);
    expect(text).not.toContain('Task pane:');
    expect(readdirSync(dataDir)).toEqual([]);
  }, 60_000);

  test('an unreadable key file: exit code 1, naming TLS_KEY_FILE and the file', async () => {
    const missing = join(dataDir, 'missing-key.pem');
    const child = spawnMain({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: missing });
    let text = '';
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(text).toContain(`TLS_KEY_FILE: cannot read "${missing}"`);
    expect(existsSync(join(dataDir, 'fieldbook.sqlite'))).toBe(false);
  }, 60_000);

  test('both set: the banner prints https URLs and the gateway answers over HTTPS', async () => {
    const child = spawnMain({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: KEY_FILE });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const url = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`gateway did not print its URL:\n${out}`)), 60_000);
        child.stdout.on('data', () => {
          const match = /Task pane:\s+(https:\/\/localhost:\d+)\/pane\/taskpane\.html/.exec(out);
          if (match && out.includes('Press Ctrl-C to stop.')) {
            clearTimeout(timer);
            done(match[1]!);
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          fail(new Error(`gateway exited with ${code}:\n${out}`));
        });
      });
      expect(out).toContain(`JSON API:    POST ${url}/api/<Operation>`);
      expect(out).toContain(`WSDL: ${url}/soap?wsdl`);
      expect(out).not.toContain('Plain HTTP');
      expect(await httpsCall(`${url}/health`)).toMatchObject({ status: 200, body: JSON.stringify({ status: 'ok' }), authorized: true });
    } finally {
      child.removeAllListeners('exit');
      const exited = new Promise<number | null>((done) => child.on('exit', done));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 120_000);
});

function withoutTlsVars(env: NodeJS.ProcessEnv): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (value !== undefined && name !== 'TLS_CERT_FILE' && name !== 'TLS_KEY_FILE') copy[name] = value;
  return copy;
}
