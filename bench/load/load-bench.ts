import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { openSqliteDatabase, type GatewayDatabase } from '../../src/gateway/db/open-database.js';
import { openPostgresDatabase } from '../../src/gateway/db/open-postgres-database.js';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { startThrowawayPostgres } from '../../scripts/postgres/throwaway-postgres.js';
import { gitState, repoRoot } from '../bench-environment.js';
import { checkEndState, type EndStateCheck } from './check-end-state.js';
import { GatewayProcesses, type GatewayTarget } from './gateway-processes.js';
import { LatencyRecorder, type LatencySummary } from './latency-recorder.js';
import { LoadClient } from './load-client.js';
import { loadUser } from './load-dataset.js';
import { parseLoadOptions, type LoadConfiguration, type LoadOptions } from './load-options.js';
import { postgresCpuSeconds, processCpuSeconds } from './process-cpu.js';
import { seedLoadData, type SeedLoadResult } from './seed-load-data.js';
import { SimulatedRep, type AcknowledgedWrite, type EditKind } from './simulated-rep.js';
import { printConfiguration, printSummary } from './print-results.js';

/**
 * `npm run bench:load` (issue 14 part 4): a protocol-level load test. Simulated reps
 * (their key sets in memory, the real sync protocol over HTTP in JSON, no browser)
 * sync every interval against 1 and 4 compiled gateway processes on PostgreSQL and 1 on
 * SQLite, over a seeded data set of `--records` records owned by `--reps` users in
 * teams of 10 (one manager with team visibility, nine reps with personal visibility).
 * Per interval each rep syncs; 5% also upload an edit (one in five of them a new
 * activity), 1% an edit of an outdated version (COLLISION expected: not an error), 2%
 * switch to another preset first. Measured per configuration: syncs per second,
 * latency per operation, database and gateway CPU, errors, and the end state read from
 * the database (every acknowledged write present exactly once). In the configurations
 * of `--kill`, one gateway process is SIGKILLed mid-run and restarted a few seconds later.
 * Results: a table per configuration, and bench/results/load-<timestamp>.json.
 */

const root = repoRoot(__dirname);
const cleanups: Array<() => Promise<void> | void> = [];

/** Share of reps per interval: 1% conflicting edit, 5% edit (a fifth of them inserts), 2% filter change. */
const P_CONFLICT = 0.01;
const P_EDIT = 0.05;
const INSERT_SHARE = 0.2;
const P_FILTER_CHANGE = 0.02;
/** Initial presets: most reps keep the package default, as reps do. */
const INITIAL_PRESETS: ReadonlyArray<readonly [string, number]> = [
  ['my-accounts', 0.7],
  ['my-team', 0.15],
  ['my-open-opportunities', 0.1],
  ['recent-activities', 0.05],
];
const SETUP_CONCURRENCY = 16;
/** How long the kill test waits, once 40% of the syncs are done, for an upload in flight to the victim before killing anyway. */
const KILL_WAIT_MS = 20_000;

export interface ConfigurationResult {
  readonly name: string;
  readonly engine: 'postgres' | 'sqlite';
  readonly processes: number;
  readonly reps: number;
  readonly records: number;
  readonly intervals: number;
  readonly intervalMs: number;
  readonly setup: { readonly seconds: number; readonly heldKeys: number; readonly latencyMs: Record<string, LatencySummary> };
  readonly seconds: number;
  readonly syncs: number;
  readonly syncsPerSecond: number;
  /** Syncs that started more than one interval after their slot: the gateways did not keep up with the offered load. */
  readonly lateSyncs: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly expectedCollisions: number;
  readonly filterChanges: number;
  readonly downloadedRecords: number;
  readonly removedKeys: number;
  readonly retries: number;
  /** Logout failures, which the engine ignores: not errors (a Logout retried after the dead process had ended the session). */
  readonly ignoredLogoutFailures: readonly string[];
  readonly latencyMs: Record<string, LatencySummary>;
  readonly databaseCpuSeconds: number | null;
  readonly gatewayCpuSeconds: number;
  readonly simulatorCpuSeconds: number;
  readonly kill: {
    readonly killedAtS: number;
    readonly restartedAtS: number;
    readonly process: number;
    /** Calls cut off by the kill, per operation. */
    readonly inFlight: Record<string, number>;
  } | null;
  readonly endCheck: EndStateCheck;
}

async function main(): Promise<void> {
  const options = parseLoadOptions(process.argv.slice(2));
  const packageFiles = loadPackageDir(join(root, 'packages', 'demo-v1'));
  const startedAt = new Date();
  const needsPostgres = options.configs.some((c) => c.engine === 'postgres');
  let baseUrl = process.env['DATABASE_URL']?.trim() || undefined;
  if (needsPostgres && !baseUrl) {
    // Durable settings (fsync on): the numbers are meant for a real server's behaviour.
    const server = await startThrowawayPostgres({ maxConnections: 200 });
    cleanups.push(() => server.stop());
    baseUrl = server.url;
    console.log(`Throwaway PostgreSQL cluster in ${server.dataDir}`);
  }
  console.log(
    `Load benchmark: ${options.reps} reps, ${options.records.toLocaleString('en-US')} records, ${options.intervals} intervals of ${options.intervalMs} ms, configurations ${options.configs.map((c) => c.name).join(', ')}; kill in ${options.kill.join(', ') || 'none'}`,
  );

  const seeds: Record<string, SeedLoadResult> = {};
  const results: ConfigurationResult[] = [];
  const todayMs = Date.now();
  let postgresSeed: string | undefined;
  const postgresTarget = async (name: string): Promise<GatewayTarget & { url: string }> => {
    const url = databaseUrl(baseUrl as string, `fieldbook_load_${name}`);
    if (postgresSeed === undefined) {
      postgresSeed = databaseUrl(baseUrl as string, 'fieldbook_load_seed');
      await recreateDatabase(baseUrl as string, 'fieldbook_load_seed');
      cleanups.push(() => dropDatabase(baseUrl as string, 'fieldbook_load_seed'));
      const database = await openPostgresDatabase(postgresSeed, { poolSize: 2 });
      try {
        seeds['postgres'] = await seed(database, 'postgres', options, todayMs, packageFiles);
      } finally {
        await database.close();
      }
    }
    // Every configuration starts from the same seeded state: a file-level copy of the seeded database, not a second seed.
    await recreateDatabase(baseUrl as string, `fieldbook_load_${name}`, 'fieldbook_load_seed');
    cleanups.push(() => dropDatabase(baseUrl as string, `fieldbook_load_${name}`));
    return { databaseUrl: url, url, poolSize: options.poolSize };
  };

  if (options.seedOnly) {
    if (!needsPostgres) throw new Error('--seed-only seeds PostgreSQL: name a pg configuration in --configs');
    await postgresTarget('seed_only');
  }

  for (const config of options.seedOnly ? [] : options.configs) {
    console.log(`\n== ${config.name}: ${config.processes} gateway process${config.processes > 1 ? 'es' : ''} on ${config.engine}`);
    let target: GatewayTarget;
    let openForCheck: () => Promise<GatewayDatabase>;
    if (config.engine === 'postgres') {
      const t = await postgresTarget(config.name);
      target = t;
      openForCheck = () => openPostgresDatabase(t.url, { poolSize: 2 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'fieldbook-load-sqlite-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const file = join(dir, 'fieldbook.sqlite');
      const database = await openSqliteDatabase(file);
      try {
        seeds['sqlite'] = await seed(database, 'sqlite', options, todayMs, packageFiles);
      } finally {
        await database.close();
      }
      target = { dataDir: dir, poolSize: options.poolSize };
      openForCheck = () => openSqliteDatabase(file);
    }
    const result = await runConfiguration(config, target, options, openForCheck);
    results.push(result);
    printConfiguration(result);
  }

  if (results.length > 0) printSummary(results);
  const file = join(root, 'bench', 'results', `load-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: 'bench:load',
        startedAt: startedAt.toISOString(),
        environment: {
          node: process.version,
          cpus: cpus().length,
          cpuModel: cpus()[0]?.model,
          totalMemoryBytes: totalmem(),
          git: gitState(root),
        },
        options: { ...options, configs: options.configs.map((c) => c.name) },
        mix: {
          conflict: P_CONFLICT,
          edit: P_EDIT,
          insertShareOfEdits: INSERT_SHARE,
          filterChange: P_FILTER_CHANGE,
          initialPresets: INITIAL_PRESETS,
        },
        seeds,
        configurations: results,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nResults: ${relative(process.cwd(), file)}`);
}

async function seed(
  database: GatewayDatabase,
  engine: 'postgres' | 'sqlite',
  options: LoadOptions,
  todayMs: number,
  packageFiles: ReturnType<typeof loadPackageDir>,
): Promise<SeedLoadResult> {
  let lastReport = performance.now();
  const result = await seedLoadData(database.db, {
    users: options.reps,
    records: options.records,
    todayMs,
    now: Date.now(),
    packageFiles,
    engine,
    onProgress: (done) => {
      if (performance.now() - lastReport < 10_000) return;
      lastReport = performance.now();
      console.log(`  seeding ${engine}: ${done.toLocaleString('en-US')} records…`);
    },
  });
  console.log(
    `Seeded ${engine}: ${result.records.toLocaleString('en-US')} records (+ ${result.userKeys.toLocaleString('en-US')} user keys) and ${options.reps} users in ${(result.ms / 1000).toFixed(1)} s: ${Math.round(result.recordsPerSecond).toLocaleString('en-US')} records/s`,
  );
  return result;
}

async function runConfiguration(
  config: LoadConfiguration,
  target: GatewayTarget,
  options: LoadOptions,
  openForCheck: () => Promise<GatewayDatabase>,
): Promise<ConfigurationResult> {
  const gateways = await GatewayProcesses.start(root, target, config.processes);
  cleanups.push(() => gateways.stop());
  const postmaster = target.databaseUrl ? await postmasterPid(target.databaseUrl) : null;
  const setupLatency = new LatencyRecorder();
  const latency = new LatencyRecorder();
  const client = new LoadClient(gateways.urls, setupLatency);
  const acknowledged: AcknowledgedWrite[] = [];
  const reps = Array.from({ length: options.reps }, (_, i) => {
    const random = seededRandom(options.seed * 7_919 + i);
    return new SimulatedRep(loadUser(i), client, pickPreset(random()), random, options.reps, options.loginEverySync, (w) =>
      acknowledged.push(w),
    );
  });

  const setupStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SETUP_CONCURRENCY }, async () => {
      while (next < reps.length) await (reps[next++] as SimulatedRep).setUp();
    }),
  );
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const heldKeys = reps.reduce((n, r) => n + r.heldKeys, 0);
  console.log(`  set-up: ${reps.length} devices registered, ${heldKeys.toLocaleString('en-US')} keys held, ${setupSeconds.toFixed(1)} s`);

  client.useRecorder(latency);
  client.retries = 0;
  const total = reps.length * options.intervals;
  let completed = 0;
  let errors = 0;
  let lateSyncs = 0;
  let collisions = 0;
  let filterChanges = 0;
  let downloaded = 0;
  let removed = 0;
  const errorSamples: string[] = [];
  const dbCpuBefore = postmaster === null ? null : postgresCpuSeconds(postmaster);
  const gatewayCpuBefore = gateways.cpuSeconds();
  const simulatorCpuBefore = process.cpuUsage();
  const started = performance.now();
  let kill: ConfigurationResult['kill'] = null;
  const killing = options.kill.includes(config.name)
    ? (async () => {
        if (config.processes < 2) throw new Error(`--kill ${config.name}: a kill test needs 2 or more gateway processes to retry on`);
        while (completed < total * 0.4) await sleep(50);
        const victim = 1;
        // The moment an upload is in flight to the victim, if one comes within KILL_WAIT_MS: the hard case, where
        // the process may have committed the change and died before answering, and the retry must not apply it again.
        const deadline = performance.now() + KILL_WAIT_MS;
        while (!client.inFlightOn(victim)['ApplyChanges'] && performance.now() < deadline) await sleep(1);
        const inFlight = client.inFlightOn(victim);
        gateways.kill(victim);
        const killedAtS = (performance.now() - started) / 1000;
        console.log(
          `  SIGKILL gateway process ${victim} at ${killedAtS.toFixed(1)} s (${completed}/${total} syncs done), calls in flight to it: ${JSON.stringify(inFlight)}`,
        );
        await sleep(options.restartAfterMs);
        await gateways.restart(victim);
        const restartedAtS = (performance.now() - started) / 1000;
        console.log(`  restarted gateway process ${victim} at ${restartedAtS.toFixed(1)} s`);
        kill = { killedAtS, restartedAtS, process: victim, inFlight };
      })()
    : Promise.resolve();

  let endedAt: number;
  const progress = setInterval(() => {
    console.log(
      `  ${completed}/${total} syncs, ${errors} errors, ${client.retries} retries, ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
  }, 15_000);
  try {
    // The phase ends with the reps' last sync; a restart still under way after it is not part of it.
    const syncing = Promise.all(
      reps.map(async (rep, i) => {
        const random = seededRandom(options.seed * 104_729 + i);
        // Each device keeps its own moment in the interval, as devices whose timers started at different times.
        const offset = random() * options.intervalMs;
        for (let k = 0; k < options.intervals; k++) {
          const slot = started + k * options.intervalMs + offset;
          const wait = slot - performance.now();
          if (wait > 0) await sleep(wait);
          else if (options.intervalMs > 0 && -wait > options.intervalMs) lateSyncs += 1;
          const draw = random();
          const edit: EditKind =
            draw < P_CONFLICT ? 'conflict' : draw < P_CONFLICT + P_EDIT ? (random() < INSERT_SHARE ? 'insert' : 'update') : 'none';
          const changeFilter = random() < P_FILTER_CHANGE;
          if (changeFilter) filterChanges += 1;
          const syncStarted = performance.now();
          const result = await rep.sync({ edit, changeFilter });
          latency.record('sync (whole)', performance.now() - syncStarted);
          completed += 1;
          collisions += result.collisions;
          downloaded += result.downloaded;
          removed += result.removed;
          if (!result.ok) {
            errors += 1;
            if (errorSamples.length < 20) errorSamples.push(`${rep.user.userName}: ${result.error}`);
          }
        }
      }),
    ).then(() => performance.now());
    [, endedAt] = await Promise.all([killing, syncing]);
  } finally {
    clearInterval(progress);
  }
  const seconds = (endedAt - started) / 1000;
  const ignoredLogoutFailures = reps.flatMap((r) => r.logoutFailures.map((f) => `${r.user.userName}: ${f}`));
  const simulatorCpu = process.cpuUsage(simulatorCpuBefore);
  const dbCpuAfter = postmaster === null ? null : postgresCpuSeconds(postmaster);
  await gateways.stop();
  const gatewayCpuSeconds = gateways.cpuSeconds() - gatewayCpuBefore;

  const database = await openForCheck();
  let endCheck: EndStateCheck;
  try {
    endCheck = await checkEndState(database.db, acknowledged);
  } finally {
    await database.close();
  }
  return {
    name: config.name,
    engine: config.engine,
    processes: config.processes,
    reps: options.reps,
    records: options.records,
    intervals: options.intervals,
    intervalMs: options.intervalMs,
    setup: { seconds: setupSeconds, heldKeys, latencyMs: setupLatency.summary() },
    seconds,
    syncs: completed,
    syncsPerSecond: completed / seconds,
    lateSyncs,
    errors,
    errorSamples,
    expectedCollisions: collisions,
    filterChanges,
    downloadedRecords: downloaded,
    removedKeys: removed,
    retries: client.retries,
    ignoredLogoutFailures,
    latencyMs: latency.summary(),
    databaseCpuSeconds: dbCpuBefore === null || dbCpuAfter === null ? null : dbCpuAfter - dbCpuBefore,
    gatewayCpuSeconds,
    simulatorCpuSeconds: (simulatorCpu.user + simulatorCpu.system) / 1e6,
    kill,
    endCheck,
  };
}

function pickPreset(draw: number): string {
  let sum = 0;
  for (const [id, share] of INITIAL_PRESETS) {
    sum += share;
    if (draw < sum) return id;
  }
  return (INITIAL_PRESETS[0] as readonly [string, number])[0];
}

/** mulberry32: a small seeded generator, so a run's mix is the same for the same --seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(base: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(base: string, name: string, template?: string): Promise<void> {
  await withAdmin(base, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    // PostgreSQL 15 copies a template through the WAL by default; a file copy of a million records is much faster.
    const version = Number((await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]?.v ?? 0);
    const strategy = template && version >= 150_000 ? ' strategy = file_copy' : '';
    await client.query(`create database ${name}${template ? ` template ${template}${strategy}` : ''}`);
  });
}

async function dropDatabase(base: string, name: string): Promise<void> {
  await withAdmin(base, (client) => client.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
}

/** The postmaster of the server behind `url`: the parent of this connection's backend, when the server runs on this machine. */
async function postmasterPid(url: string): Promise<number | null> {
  return withAdmin(url, async (client) => {
    const answer = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    const backend = answer.rows[0]?.pid;
    return backend === undefined ? null : (processCpuSeconds(backend)?.ppid ?? null);
  });
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('Clean-up failed:', error instanceof Error ? error.message : error);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the gateways and removing the databases…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    console.error('bench:load failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanUp();
    process.exit(1);
  });
