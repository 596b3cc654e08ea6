import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../repo-root.js';

/** How a gateway process ended: its exit code, or the signal that ended it. */
export interface GatewayExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface GatewayProcess {
  /** g1, g2, …: the prefix of its output lines. */
  readonly name: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** Null while it runs. */
  readonly exit: () => GatewayExit | null;
  /** Settles when the process has ended, whoever ended it. */
  readonly ended: Promise<GatewayExit>;
  /**
   * SIGTERM (the gateway's own shutdown: it closes the server and its pool), then
   * SIGKILL if it is still there after `graceMs`. Resolves once it has ended.
   */
  stop(graceMs: number): Promise<GatewayExit>;
  /** SIGKILL now: for a second Ctrl-C. */
  kill(): void;
}

/**
 * Starts `node dist/gateway/main.js` (what `npm start` runs) with `env`, its stdout and
 * stderr relayed line by line behind `[name]` so that N interleaved gateways stay readable.
 */
export function startGatewayProcess(name: string, port: number, env: NodeJS.ProcessEnv): GatewayProcess {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'gateway', 'main.js')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  relayLines(child.stdout, (line) => console.log(`[${name}] ${line}`));
  relayLines(child.stderr, (line) => console.error(`[${name}] ${line}`));
  let exit: GatewayExit | null = null;
  const ended = new Promise<GatewayExit>((resolve) => {
    // 'close' rather than 'exit': the last output lines have been relayed by then.
    child.once('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    // Spawning node itself failed: there is no process to wait for.
    child.once('error', (error) => {
      console.error(`[${name}] could not start: ${error.message}`);
      exit = { code: null, signal: null };
      resolve(exit);
    });
  });
  return {
    name,
    port,
    pid: child.pid,
    exit: () => exit,
    ended,
    async stop(graceMs) {
      if (exit) return exit;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exit) {
          console.error(`[cluster] ${name} did not stop within ${graceMs / 1000} s: killing it`);
          child.kill('SIGKILL');
        }
      }, graceMs);
      const result = await ended;
      clearTimeout(timer);
      return result;
    },
    kill() {
      if (!exit) child.kill('SIGKILL');
    },
  };
}

function relayLines(stream: NodeJS.ReadableStream, print: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') print(line);
  });
  stream.on('end', () => {
    if (pending.trim() !== '') print(pending);
  });
}
