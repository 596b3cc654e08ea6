import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway/start-gateway.js';
import type { Clock } from '../../src/gateway/clock.js';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(public current = Date.parse('2026-11-21T09:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export interface TestGateway extends RunningGateway {
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** Causes of INTERNAL errors the gateway answered; tests expect none unless they provoke one. */
  readonly internalErrors: unknown[];
  /** Closes the server; with `keepData` the folder stays for a restart. */
  stop(keepData?: boolean): Promise<void>;
}

/** The real gateway in-process, on a random port, on a fresh SQLite file. */
export async function startTestGateway(
  options: Partial<GatewayOptions> & { dataDir?: string; clock?: ManualClock } = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fieldbook-gw-'));
  const clock = options.clock ?? new ManualClock();
  const internalErrors: unknown[] = [];
  const gateway = await startGateway({
    demoRecords: 400,
    ...options,
    dataDir,
    clock,
    port: 0,
    onInternalError: (e) => internalErrors.push(e),
  });
  return {
    ...gateway,
    clock,
    dataDir,
    internalErrors,
    async stop(keepData = false) {
      await gateway.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
