import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm run dev` (scripts/dev/dev-cli.ts) as a process: it builds the pane and the
 * gateway, starts the gateway, restarts it when its compiled files change, and on
 * SIGINT stops every process it started before it exits itself. Builds into a folder
 * of its own (--out-dir) with its own data, on a free port.
 */
const ROOT = path.resolve(__dirname, '..', '..');
let scriptsDir: string;
let outDir: string;
let dataDir: string;

beforeAll(() => {
  // Inside the project, so the compiled files resolve node_modules as dist-scripts/ does.
  scriptsDir = fs.mkdtempSync(path.join(ROOT, '.test-build-'));
  outDir = fs.mkdtempSync(path.join(ROOT, '.test-build-'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-data-'));
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.scripts.json', '--outDir', scriptsDir],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}, 60_000);
afterAll(() => {
  for (const dir of [scriptsDir, outDir, dataDir]) fs.rmSync(dir, { recursive: true, force: true });
});

/** The process ids below `pid`, from /proc (hence Linux only). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …", and comm may hold spaces or parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended while we looked.
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    const next = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...next);
    frontier = next;
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the URL of the `count`-th gateway banner in the output. */
function banner(output: () => string, child: ChildProcessWithoutNullStreams, count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no gateway banner #${count} in time:\n${output()}`)), 75_000);
    const check = (): void => {
      const urls = [...output().matchAll(/Task pane:\s+(http:\/\/localhost:\d+)\/pane\/taskpane\.html/g)].map((m) => m[1] ?? '');
      // The banner's last line: everything above it has been printed too.
      if (urls.length >= count && output().split('Press Ctrl-C to stop.').length > count) finish(undefined, urls[count - 1]);
    };
    const exited = (code: number | null): void => finish(new Error(`npm run dev exited with ${code}:\n${output()}`));
    function finish(error: Error | undefined, url?: string): void {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve(url ?? '');
    }
    child.stdout.on('data', check);
    child.on('exit', exited);
    check();
  });
}

const linuxOnly = process.platform === 'linux' ? test : test.skip;

linuxOnly(
  'dev serves the pane, restarts the gateway on change, and stops with all its children on SIGINT',
  async () => {
    const child = spawn(process.execPath, [path.join(scriptsDir, 'dev/dev-cli.js'), '--out-dir', outDir], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const output = (): string => out;
    try {
      const url = await banner(output, child, 1);
      const page = await fetch(`${url}/pane/taskpane.html`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script[^>]+taskpane\.[0-9a-f]{8}\.js/);

      // What tsc --watch does when a gateway source changes: rewrite its compiled file.
      fs.appendFileSync(path.join(outDir, 'gateway', 'start-gateway.js'), '\n// changed\n');
      const restarted = await banner(output, child, 2);
      expect((await fetch(`${restarted}/health`)).status).toBe(200);

      // webpack, tsc, node --watch and the gateway below it.
      const started = descendants(child.pid ?? -1);
      expect(started.length).toBeGreaterThanOrEqual(4);
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGINT');
      });
      expect(code).toBe(0);
      expect(out).toContain('SIGINT: stopping the gateway');
      expect(started.filter(isAlive)).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        for (const pid of descendants(child.pid ?? -1)) process.kill(pid, 'SIGKILL');
        child.kill('SIGKILL');
      }
    }
  },
  120_000,
);
