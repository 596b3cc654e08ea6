// `npm run dev [-- --out-dir dir]`: the pane rebuilt on change (webpack --watch,
// development mode), the gateway recompiled on change (tsc --watch) and restarted when
// its compiled files change (node --watch), all from one command. Ctrl-C (or SIGTERM,
// which `npm run stop` sends on macOS) stops every child before this process exits, so
// nothing is left running. --out-dir (default dist) lets a test build somewhere of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../repo-root.js';
import { userPath } from '../user-path.js';

const USAGE = 'usage: npm run dev [-- --out-dir dir]   (default dist; PORT, HOST, DATA_DIR, TLS_CERT_FILE, TLS_KEY_FILE as for npm start)';
// Long enough for the gateway to close its database; a child still there after it is killed.
const STOP_GRACE_MS = 8_000;

interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  exited: boolean;
}

const children: Child[] = [];
let stopping = false;
let exitCode = 0;

function log(message: string): void {
  console.log(`[dev] ${message}`);
}

/** Prints a child's output line by line behind its name, and hands each line to `onLine`. */
function relayLines(name: string, stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let pending = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() !== '') console.log(`[${name}] ${line}`);
      onLine(line);
    }
  });
  stream?.on('end', () => {
    if (pending.trim() !== '') console.log(`[${name}] ${pending}`);
  });
}

function start(name: string, args: readonly string[], options: { inheritOutput: boolean; onLine?: (line: string) => void }): Child {
  const child: Child = {
    name,
    process: spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', options.inheritOutput ? 'inherit' : 'pipe', options.inheritOutput ? 'inherit' : 'pipe'],
    }),
    exited: false,
  };
  if (!options.inheritOutput) {
    const onLine = options.onLine ?? (() => undefined);
    relayLines(name, child.process.stdout, onLine);
    relayLines(name, child.process.stderr, onLine);
  }
  child.process.on('error', (error) => {
    console.error(`[dev] ${name} could not start: ${error.message}`);
    stop('error', 1);
  });
  child.process.on('exit', (code, signal) => {
    child.exited = true;
    if (stopping) {
      if (children.every((c) => c.exited)) process.exit(exitCode);
      return;
    }
    // The watchers run until stopped: one that ends on its own leaves the loop broken.
    console.error(`[dev] ${name} exited (${signal ?? `code ${code}`}); stopping the others`);
    stop('child exit', 1);
  });
  children.push(child);
  return child;
}

function stop(reason: string, code: number): void {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  log(`${reason}: stopping the pane build, the gateway build and the gateway…`);
  for (const child of children) {
    // SIGINT for the gateway (through node --watch): its own Ctrl-C path, which closes
    // the database. On Windows kill() ends the process whatever the signal.
    if (!child.exited) child.process.kill(child.name === 'gateway' ? 'SIGINT' : 'SIGTERM');
  }
  if (children.every((c) => c.exited)) process.exit(exitCode);
  setTimeout(() => {
    for (const child of children) {
      if (!child.exited) {
        console.error(`[dev] ${child.name} did not stop within ${STOP_GRACE_MS / 1000} s: killing it`);
        child.process.kill('SIGKILL');
      }
    }
  }, STOP_GRACE_MS).unref();
}

function main(): void {
  let outOption: string | undefined;
  try {
    const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    outOption = values['out-dir'];
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const outDir = outOption !== undefined ? userPath(outOption) : path.join(REPO_ROOT, 'dist');
  const paneDir = path.join(outDir, 'pane');
  // The gateway serves /pane/ only if the folder exists when it starts.
  fs.mkdirSync(paneDir, { recursive: true });

  process.on('SIGINT', () => stop('SIGINT', 0));
  process.on('SIGTERM', () => stop('SIGTERM', 0));

  let paneBuilt = false;
  let gatewayBuilt = false;
  let gatewayStarted = false;
  const startGatewayOnceBuilt = (): void => {
    if (gatewayStarted || stopping || !paneBuilt || !gatewayBuilt) return;
    gatewayStarted = true;
    log('first builds done: starting the gateway (restarted whenever its compiled files change; reload the pane after a pane rebuild)');
    start('gateway', ['--watch', '--watch-preserve-output', path.join(outDir, 'gateway', 'main.js')], { inheritOutput: true });
  };

  log(`building the pane and the gateway into ${path.relative(REPO_ROOT, outDir) || outDir}/ and watching for changes…`);
  start(
    'pane',
    [
      path.join(REPO_ROOT, 'node_modules/webpack/bin/webpack.js'),
      '--mode',
      'development',
      '--watch',
      '--output-path',
      paneDir,
      '--stats',
      'minimal',
    ],
    {
      inheritOutput: false,
      // webpack's summary line after every build: "webpack 5.x compiled successfully in …" (or "with N errors").
      onLine: (line) => {
        if (/\bcompiled\b/.test(line)) {
          paneBuilt = true;
          startGatewayOnceBuilt();
        }
      },
    },
  );
  start(
    'tsc',
    [
      path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.gateway.json',
      '--watch',
      '--preserveWatchOutput',
      '--outDir',
      outDir,
    ],
    {
      inheritOutput: false,
      // tsc's line after every compilation: "Found N errors. Watching for file changes."
      onLine: (line) => {
        if (line.includes('Watching for file changes')) {
          gatewayBuilt = true;
          startGatewayOnceBuilt();
        }
      },
    },
  );
}

main();
