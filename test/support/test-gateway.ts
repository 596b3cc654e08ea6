import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/gateway/start-gateway.js';
import type { Clock } from '../../src/gateway/clock.js';
import { createTestDatabase, type Engine, type TestDatabase } from './test-database.js';

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
  /** The PostgreSQL database of a gateway on that engine. */
  readonly databaseUrl?: string;
  /** Causes of INTERNAL errors the gateway answered; tests expect none unless they provoke one. */
  readonly internalErrors: unknown[];
  /** Closes the server; with `keepData` the folder stays for a restart. */
  stop(keepData?: boolean): Promise<void>;
}

const postgresByDataDir = new Map<string, TestDatabase>();

/** The engine a test gateway starts on when the test does not say: the Jest project's (use-postgres.ts), else SQLite. */
function defaultEngine(): Engine {
  return process.env['FIELDBOOK_TEST_ENGINE'] === 'postgres' ? 'postgres' : 'sqlite';
}

/**
 * The real gateway in-process, on a random port, on a fresh database: a SQLite file, or
 * with `engine: 'postgres'` a database of its own on the test PostgreSQL server.
 * `stop(true)` keeps the data for a restart (same `dataDir`, or same `databaseUrl`).
 */
export async function startTestGateway(
  options: Partial<GatewayOptions> & { dataDir?: string; clock?: ManualClock; engine?: Engine } = {},
): Promise<TestGateway> {
  const { engine = defaultEngine(), ...rest } = options;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fieldbook-gw-'));
  // A restart on the same data folder (stop(true), then start again) finds the same PostgreSQL database.
  let created = engine === 'postgres' && !options.databaseUrl ? (postgresByDataDir.get(dataDir) ?? null) : null;
  if (engine === 'postgres' && !options.databaseUrl && created === null) {
    created = await createTestDatabase();
    postgresByDataDir.set(dataDir, created);
  }
  const databaseUrl = options.databaseUrl ?? created?.url;
  const clock = options.clock ?? new ManualClock();
  const internalErrors: unknown[] = [];
  const gateway = await startGateway({
    demoRecords: 400,
    ...rest,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    clock,
    port: 0,
    onInternalError: (e) => internalErrors.push(e),
  });
  return {
    ...gateway,
    clock,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    internalErrors,
    async stop(keepData = false) {
      await gateway.close();
      if (!keepData) {
        rmSync(dataDir, { recursive: true, force: true });
        postgresByDataDir.delete(dataDir);
        await created?.drop();
      }
    },
  };
}
