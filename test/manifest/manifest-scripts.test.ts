import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run validate` and `npm run manifest` as the user runs them: the scripts compiled
 * by tsconfig.scripts.json, run by Node, judged by exit code and output.
 */
const ROOT = path.resolve(__dirname, '../..');
let buildDir: string;
let tmpDir: string;

beforeAll(() => {
  // Inside the project, so the compiled scripts resolve node_modules and the repository
  // root as dist-scripts/ does.
  buildDir = fs.mkdtempSync(path.join(ROOT, '.test-build-'));
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-manifest-'));
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.scripts.json', '--outDir', buildDir],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}, 60_000);
afterAll(() => {
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: 'validate-cli' | 'manifest-cli', args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    // INIT_CWD as npm sets it: relative paths are the user's.
    const env = { ...process.env, INIT_CWD: tmpDir };
    execFile(process.execPath, [path.join(buildDir, 'manifest', `${script}.js`), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

test('validate: manifest.xml is OK, in one line', async () => {
  const result = await run('validate-cli', []);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(
    /^\S*manifest\.xml: OK \(Fieldbook CRM [\d.]+, MailApp, every URL at https:\/\/localhost:3000, \d+ checks\)\n$/,
  );
});

test('manifest --url writes a manifest for that gateway, which validate --file accepts', async () => {
  const written = await run('manifest-cli', ['--url', 'https://crm.example.org:8443', '--out', 'out/manifest.xml']);
  expect(written.code).toBe(0);
  expect(written.stdout).toContain('Wrote out/manifest.xml: every URL of https://localhost:3000 now at https://crm.example.org:8443.');
  const xml = fs.readFileSync(path.join(tmpDir, 'out/manifest.xml'), 'utf8');
  expect(xml).not.toContain('localhost');

  const validated = await run('validate-cli', ['--file', 'out/manifest.xml']);
  expect(validated.stdout).toMatch(/^out\/manifest\.xml: OK \(.*every URL at https:\/\/crm\.example\.org:8443/);
  expect(validated.code).toBe(0);
  // The origin it should have, when given, is checked rather than inferred.
  const wrongOrigin = await run('validate-cli', ['--file', 'out/manifest.xml', '--url', 'https://crm-gw.example.com']);
  expect(wrongOrigin.code).toBe(1);
  expect(wrongOrigin.stderr).toContain(
    'ItemRead SourceLocation is https://crm.example.org:8443/pane/taskpane.html, not https://crm-gw.example.com/',
  );
});

test.each([
  ['http://crm-gw.example.com', /not https/],
  ['https://crm-gw.example.com/fieldbook', /has a path/],
  ['https://crm-gw.example.com?x=1', /query/],
  ['crm-gw.example.com', /not a URL/],
])('manifest --url %s is refused and writes nothing', async (url, reason) => {
  const result = await run('manifest-cli', ['--url', url, '--out', 'refused.xml']);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(reason);
  expect(result.stderr).toContain('Nothing written.');
  expect(fs.existsSync(path.join(tmpDir, 'refused.xml'))).toBe(false);
});

test('validate lists every problem of a broken manifest and exits 1', async () => {
  const source = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  const broken = source
    .replace('https://localhost:3000/pane/assets/icon-16.png', 'http://localhost:3000/pane/assets/icon-16.png')
    .replace('<Permissions>ReadWriteItem</Permissions>', '<Permissions>ReadItem</Permissions>');
  fs.writeFileSync(path.join(tmpDir, 'broken.xml'), broken);
  const result = await run('validate-cli', ['--file', 'broken.xml']);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^broken\.xml: \d+ problems\n/);
  expect(result.stderr).toContain('  - Permissions are ReadItem, not ReadWriteItem');
  expect(result.stderr).toContain('  - http://localhost:3000/pane/assets/icon-16.png is not https');
});

test('validate refuses an unknown option', async () => {
  const result = await run('validate-cli', ['--fle', 'manifest.xml']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('usage: npm run validate');
});
