import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/postgres/throwaway-postgres.js';
import { processCpuSeconds } from './process-cpu.js';

export interface GatewayTarget {
  /** postgres://… of the configuration's database, or the folder of its SQLite file. */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  readonly poolSize: number;
}

interface Slot {
  readonly port: number;
  child: ChildProcess | null;
  /** CPU seconds of the processes this slot ran before its current one (a killed one's, read just before the kill). */
  cpuBefore: number;
}

const READY_TIMEOUT_MS = 120_000;

/**
 * The compiled gateway (`node dist/gateway/main.js`) as N real processes on consecutive
 * free ports of one database, as an operator would run them behind a load balancer.
 * Each must find the database already seeded (the load seed writes the marker), so a
 * process that says it seeded means the set-up is wrong and stops the run.
 */
export class GatewayProcesses {
  private readonly slots: Slot[] = [];

  private constructor(
    private readonly root: string,
    private readonly target: GatewayTarget,
  ) {}

  static async start(root: string, target: GatewayTarget, count: number): Promise<GatewayProcesses> {
    const gateways = new GatewayProcesses(root, target);
    const first = await freePortRun();
    for (let i = 0; i < count; i++) gateways.slots.push({ port: first + i, child: null, cpuBefore: 0 });
    try {
      // One at a time: the first migrates (a no-op here) while the others would wait on its lock anyway.
      for (const slot of gateways.slots) await gateways.launch(slot);
    } catch (error) {
      await gateways.stop();
      throw error;
    }
    return gateways;
  }

  get urls(): string[] {
    return this.slots.map((s) => `http://127.0.0.1:${s.port}`);
  }

  get pids(): number[] {
    return this.slots.flatMap((s) => (s.child?.pid === undefined ? [] : [s.child.pid]));
  }

  /** CPU seconds (user + system) of every gateway process so far, killed ones included. */
  cpuSeconds(): number {
    return this.slots.reduce((sum, s) => sum + s.cpuBefore + (s.child?.pid ? (processCpuSeconds(s.child.pid)?.own ?? 0) : 0), 0);
  }

  /** SIGKILL: no clean-up, requests in flight are cut off, as when a machine dies. */
  kill(index: number): void {
    const slot = this.slots[index];
    if (!slot?.child?.pid) throw new Error(`no gateway process ${index} to kill`);
    slot.cpuBefore += processCpuSeconds(slot.child.pid)?.own ?? 0;
    slot.child.kill('SIGKILL');
    slot.child = null;
  }

  async restart(index: number): Promise<void> {
    const slot = this.slots[index];
    if (!slot) throw new Error(`no gateway slot ${index}`);
    await this.launch(slot);
  }

  /** SIGTERM and wait: the gateway closes its server and database cleanly. */
  async stop(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        if (!child || child.exitCode !== null) return;
        slot.cpuBefore += child.pid ? (processCpuSeconds(child.pid)?.own ?? 0) : 0;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        slot.child = null;
      }),
    );
  }

  private launch(slot: Slot): Promise<void> {
    const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], PORT: String(slot.port), HOST: '127.0.0.1' };
    if (this.target.databaseUrl) {
      env['DATABASE_URL'] = this.target.databaseUrl;
      env['DATABASE_POOL_SIZE'] = String(this.target.poolSize);
    } else env['DATA_DIR'] = this.target.dataDir;
    const child = spawn(process.execPath, [join(this.root, 'dist', 'gateway', 'main.js')], {
      cwd: this.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    slot.child = child;
    return new Promise<void>((resolve, reject) => {
      let output = '';
      let ready = false;
      const timer = setTimeout(
        () => fail(new Error(`gateway on port ${slot.port} not ready after ${READY_TIMEOUT_MS} ms:\n${output}`)),
        READY_TIMEOUT_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        if (!ready) output += text;
        // After start-up only errors matter: a gateway's own report of a failure is worth seeing live.
        else if (/error/i.test(text)) process.stderr.write(`[gateway ${slot.port}] ${text}`);
        if (!ready && output.includes('created and seeded'))
          fail(new Error(`gateway on port ${slot.port} seeded its demo data: the load seed marker is missing`));
        else if (!ready && output.includes('Task pane:')) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        if (!ready) fail(new Error(`gateway on port ${slot.port} exited (${code ?? signal}) while starting:\n${output}`));
      });
    });
  }
}

/** A free port with the next few free too, most likely (the kernel hands out ephemeral ports upwards from elsewhere). */
async function freePortRun(): Promise<number> {
  const port = await freePort();
  return port > 60_000 ? port - 1_000 : port;
}
