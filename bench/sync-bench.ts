// fake-indexeddb installs indexedDB/IDBKeyRange as globals: it must load before anything opens a store.
import 'fake-indexeddb/auto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePackage, type ObjectDefinition } from '../src/metadata/index.js';
import type { FieldValue, OperationName, RequestOf, ResponseOf } from '../src/protocol/index.js';
import { deleteLocalStore, openLocalStore, type LocalStore } from '../src/store/index.js';
import {
  InProcessSyncLock,
  JsonTransport,
  LocalEdits,
  SoapTransport,
  SyncEngine,
  type FetchLike,
  type SyncCounts,
  type Transport,
} from '../src/sync/index.js';
import { startGateway, type RunningGateway } from '../src/gateway/start-gateway.js';
import { gitState, repoRoot } from './bench-environment.js';

/**
 * `npm run bench:sync`: the real gateway (in-process, on a random port, embedded
 * SQLite in a temporary folder) and the real sync engine on fake-indexeddb, in
 * one Node process. Per data set size and encoding, on a fresh gateway and a
 * fresh device store:
 *
 *   initial      the first sync of an empty device (package install + all records)
 *   no change    an incremental sync right after it
 *   server 1%    an incremental sync after another admin session changed 1% of the records over HTTP
 *   local 1%     an incremental sync after LocalEdits changed 1% of other records on the device
 *
 * Only `engine.sync()` is timed; seeding the gateway and making the changes are not.
 * Prints a table and writes bench/results/sync-<timestamp>.json. Numbers are read
 * from here, never asserted in tests.
 */

const SCENARIOS = ['initial', 'no change', 'server 1%', 'local 1%'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
type Encoding = 'json' | 'soap';

/** The device logs in as the administrator (visibility "all") with the preset that has no owner filter, so it holds every record but cancelled activities (the package's master filter). */
const BENCH_USER = 'admin';
const BENCH_PASSWORD = 'demo';
const BENCH_PRESET = 'my-team';
/** One record in CHANGE_EVERY is changed on the server, another one (at half the stride) locally. */
const CHANGE_EVERY = 100;
const MEMORY_SAMPLE_MS = 50;

/** A field of each demo object type that no user key, filter or reference depends on, and a new value for it. */
const CHANGE_FIELD: Readonly<Record<string, (side: 'server' | 'local', i: number) => Record<string, FieldValue>>> = {
  Account: (side, i) => ({ Phone: `+1 555 ${side === 'server' ? 1 : 2}${String(i).padStart(6, '0')}` }),
  Contact: (side, i) => ({ JobTitle: `Bench ${side} change ${i}` }),
  Opportunity: (side, i) => ({ Revenue: (side === 'server' ? 1_000_000_000 : 2_000_000_000) + i }),
  Activity: (side, i) => ({ Subject: `Bench ${side} change ${i}` }),
};

const DEFINITIONS = {
  wallMs: 'Wall-clock time of engine.sync() (login to logout, including the package step and cleanup).',
  recordsSynced: 'Records the sync moved: downloaded into the store (inserted + updated), deleted locally, or uploaded.',
  recordsPerSecond: 'recordsSynced / wall seconds (0 when nothing needed moving).',
  changeKeys: 'Change keys (ROW_ID, DB_LAST_UPD) received from GetChangeKeys: what the sync compared.',
  keysPerSecond: 'changeKeys / wall seconds.',
  requests: 'HTTP requests the device sent, all operations (requestsByOperation splits them).',
  bytesSent: 'UTF-8 bytes of the request bodies (headers not counted).',
  bytesReceived: 'UTF-8 bytes of the response bodies (headers not counted).',
  peakRssBytes: `Highest process RSS sampled every ${MEMORY_SAMPLE_MS} ms during the sync; the gateway (SQLite) and fake-indexeddb's in-memory data share this process.`,
  peakHeapUsedBytes: `Highest V8 heapUsed sampled every ${MEMORY_SAMPLE_MS} ms during the sync.`,
  counts: "The engine's own result counts (SyncStatus 'done').",
  timeByCall:
    "Calls and cumulative milliseconds per store method (store.*) and per operation (transport.*, request to parsed answer). The engine awaits each call before the next, so wallMs minus their sum is roughly the engine's own work (planning, copying, bookkeeping).",
} as const;

interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** Records changed before this sync (server or local), for the check of the counts. */
  readonly changedBefore: number;
  readonly wallMs: number;
  readonly recordsSynced: number;
  readonly recordsPerSecond: number;
  readonly changeKeys: number;
  readonly keysPerSecond: number;
  readonly requests: number;
  readonly requestsByOperation: Record<string, number>;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly peakRssBytes: number;
  readonly peakHeapUsedBytes: number;
  readonly rssBeforeBytes: number;
  readonly heapUsedBeforeBytes: number;
  readonly counts: SyncCounts;
  readonly timeByCall: Record<string, { calls: number; ms: number }>;
  /** What did not match the expectation (empty when the counts are as expected). */
  readonly problems: string[];
}

interface RunResult {
  readonly records: number;
  readonly encoding: Encoding;
  readonly run: number;
  readonly seedMs: number;
  /** Records the device holds after the initial sync. */
  readonly deviceRecords: number;
  readonly scenarios: ScenarioResult[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '10000,100000' },
      encoding: { type: 'string', default: 'json' },
      runs: { type: 'string', default: '1' },
      out: { type: 'string' },
    },
  });
  const sizes = (values.records ?? '').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`--records wants positive integers separated by commas, got "${values.records}"`);
  const encodings: Encoding[] =
    values.encoding === 'both' ? ['json', 'soap'] : values.encoding === 'json' || values.encoding === 'soap' ? [values.encoding] : [];
  if (encodings.length === 0) throw new Error(`--encoding wants json, soap or both, got "${values.encoding}"`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got "${values.runs}"`);

  const root = repoRoot(__dirname);
  const startedAt = new Date();
  const results: RunResult[] = [];
  console.log(
    `Sync benchmark: records ${sizes.join(', ')}; encoding ${encodings.join(', ')}; runs ${runs}; node ${process.version}; ${cpus().length} cores` +
      (hasGc() ? '' : ' (start node with --expose-gc for cleaner memory baselines)'),
  );
  for (const records of sizes) {
    for (const encoding of encodings) {
      for (let run = 1; run <= runs; run++) {
        const result = await benchRun(root, records, encoding, run);
        results.push(result);
        printRun(result);
      }
    }
  }
  if (runs > 1) printMedians(results);

  const file = values.out ?? join(root, 'bench', 'results', `sync-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    benchmark: 'sync',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    environment: {
      git: gitState(root),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemoryBytes: totalmem(),
      exposeGc: hasGc(),
    },
    options: { records: sizes, encodings, runs, user: BENCH_USER, preset: BENCH_PRESET, changedShare: 1 / CHANGE_EVERY },
    definitions: DEFINITIONS,
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${relative(process.cwd(), file) || file}`);
  const problems = results.flatMap((r) =>
    r.scenarios.flatMap((s) => s.problems.map((p) => `${r.records} ${r.encoding} run ${r.run} ${s.scenario}: ${p}`)),
  );
  if (problems.length > 0) {
    console.error(`\nUnexpected results:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** One fresh gateway and one fresh device, through the four scenarios. */
async function benchRun(root: string, records: number, encoding: Encoding, run: number): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bench-'));
  const seedStarted = performance.now();
  const gateway = await startGateway({ dataDir, port: 0, demoRecords: records, demoPackageDir: join(root, 'packages', 'demo-v1') });
  const seedMs = performance.now() - seedStarted;
  console.log(
    `\n${records.toLocaleString('en-US')} records, ${encoding}, run ${run}: gateway seeded in ${(seedMs / 1000).toFixed(1)} s at ${gateway.url}`,
  );
  const identity = { gatewayUrl: gateway.url, userName: BENCH_USER, deviceTag: `bench-${records}-${encoding}-${run}` };
  const meter = new Meter();
  const store = await openLocalStore(identity);
  try {
    await store.updateSettings({ presetId: BENCH_PRESET });
    const base = encoding === 'json' ? new JsonTransport(gateway.url, meter.fetch) : new SoapTransport(gateway.url, meter.fetch);
    const engine = new SyncEngine({
      store: meter.wrapStore(store),
      transport: meter.wrap(base),
      credentials: () => Promise.resolve({ userName: BENCH_USER, password: BENCH_PASSWORD }),
      deviceName: 'sync benchmark',
      lock: new InProcessSyncLock(),
    });
    const scenarios: ScenarioResult[] = [];
    const scenario = async (name: ScenarioName, changedBefore: number, expect: (counts: SyncCounts) => string[]) => {
      const result = await measureSync(name, engine, meter, changedBefore, expect);
      scenarios.push(result);
      const top = Object.entries(result.timeByCall)
        .slice(0, 4)
        .map(([call, t]) => `${call} ${t.calls}× ${(t.ms / 1000).toFixed(2)} s`);
      console.log(`  ${name.padEnd(10)} ${(result.wallMs / 1000).toFixed(2).padStart(8)} s   most time in: ${top.join(', ')}`);
    };

    await scenario('initial', 0, (c) => (c.inserted === 0 ? ['nothing was downloaded'] : []));
    const objects = await packageObjects(store);
    const held = await heldRecords(store, objects);
    const deviceRecords = [...held.values()].reduce((n, ids) => n + ids.length, 0);
    const expectedKeys = scenarios[0]?.changeKeys ?? 0;
    if (deviceRecords !== expectedKeys)
      scenarios[0]?.problems.push(`the device holds ${deviceRecords} records but received ${expectedKeys} change keys`);

    await scenario('no change', 0, (c) => nonZero(c, []));

    const serverChanged = await changeOnServer(gateway, held);
    await scenario('server 1%', serverChanged, (c) => [
      ...(c.updated === serverChanged ? [] : [`updated ${c.updated}, expected ${serverChanged}`]),
      ...nonZero(c, ['updated']),
    ]);

    const localChanged = await changeLocally(store, objects, held);
    await scenario('local 1%', localChanged, (c) => [
      ...(c.uploaded === localChanged ? [] : [`uploaded ${c.uploaded}, expected ${localChanged}`]),
      ...nonZero(c, ['uploaded']),
    ]);

    return { records, encoding, run, seedMs: round(seedMs), deviceRecords, scenarios };
  } finally {
    await store.close();
    // fake-indexeddb keeps databases in memory for the life of the process: free this one before the next run.
    await deleteLocalStore(identity);
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measureSync(
  name: ScenarioName,
  engine: SyncEngine,
  meter: Meter,
  changedBefore: number,
  expect: (counts: SyncCounts) => string[],
): Promise<ScenarioResult> {
  collectGarbage();
  const before = process.memoryUsage();
  meter.reset();
  const sampler = new MemorySampler();
  const started = performance.now();
  const status = await engine.sync();
  const wallMs = performance.now() - started;
  const peak = sampler.stop();
  if (status.phase !== 'done') {
    const detail = status.phase === 'failed' ? `${status.error.code}: ${status.error.message}` : status.phase;
    throw new Error(`The ${name} sync did not finish: ${detail}`);
  }
  const c = status.counts;
  const recordsSynced = c.inserted + c.updated + c.deleted + c.uploaded;
  const seconds = wallMs / 1000;
  return {
    scenario: name,
    changedBefore,
    wallMs: round(wallMs),
    recordsSynced,
    recordsPerSecond: round(recordsSynced / seconds),
    changeKeys: meter.changeKeys,
    keysPerSecond: round(meter.changeKeys / seconds),
    requests: meter.requests,
    requestsByOperation: Object.fromEntries([...meter.byOperation].sort(([a], [b]) => (a < b ? -1 : 1))),
    bytesSent: meter.bytesSent,
    bytesReceived: meter.bytesReceived,
    peakRssBytes: peak.rss,
    peakHeapUsedBytes: peak.heapUsed,
    rssBeforeBytes: before.rss,
    heapUsedBeforeBytes: before.heapUsed,
    counts: c,
    timeByCall: Object.fromEntries(
      [...meter.timeByCall].sort(([, a], [, b]) => b.ms - a.ms).map(([k, v]) => [k, { calls: v.calls, ms: round(v.ms) }]),
    ),
    problems: [...(status.notice ? [`notice: ${status.notice}`] : []), ...expect(c)],
  };
}

/** Counts other than `allowed` must be zero: anything else means the sync did work it should not have. */
function nonZero(counts: SyncCounts, allowed: ReadonlyArray<keyof SyncCounts>): string[] {
  return (Object.keys(counts) as Array<keyof SyncCounts>)
    .filter((k) => !allowed.includes(k) && counts[k] !== 0)
    .map((k) => `${k} ${counts[k]}, expected 0`);
}

/**
 * Counts what the device sends and receives. `fetch` wraps the transport's
 * fetch (bodies only); `wrap` wraps the transport itself, to count operations in
 * either encoding and the change keys received.
 */
class Meter {
  requests = 0;
  bytesSent = 0;
  bytesReceived = 0;
  changeKeys = 0;
  readonly byOperation = new Map<string, number>();
  readonly timeByCall = new Map<string, { calls: number; ms: number }>();

  reset(): void {
    this.timeByCall.clear();
    this.requests = 0;
    this.bytesSent = 0;
    this.bytesReceived = 0;
    this.changeKeys = 0;
    this.byOperation.clear();
  }

  readonly fetch: FetchLike = async (url, init) => {
    this.requests += 1;
    this.bytesSent += Buffer.byteLength(init.body, 'utf8');
    const res = await fetch(url, init);
    return {
      ok: res.ok,
      status: res.status,
      text: async () => {
        const text = await res.text();
        this.bytesReceived += Buffer.byteLength(text, 'utf8');
        return text;
      },
    };
  };

  wrap(inner: Transport): Transport {
    return {
      call: async <N extends OperationName>(
        operation: N,
        request: RequestOf<N>,
        context: Parameters<Transport['call']>[2],
      ): Promise<ResponseOf<N>> => {
        this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
        const response = await this.timed(`transport.${operation}`, () => inner.call(operation, request, context));
        if (operation === 'GetChangeKeys') this.changeKeys += (response as ResponseOf<'GetChangeKeys'>).keys.length;
        return response;
      },
    };
  }

  /** The same store, each method call timed (the engine only awaits the store's promises, so nothing else changes). */
  wrapStore(store: LocalStore): LocalStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) =>
          this.timed(`store.${property}`, () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      },
    });
  }

  private async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      const entry = this.timeByCall.get(name) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - started;
      this.timeByCall.set(name, entry);
    }
  }
}

/** Peak RSS and heap over the life of the sampler, sampled on a timer and at both ends. */
class MemorySampler {
  private rss = 0;
  private heapUsed = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.sample();
    this.timer = setInterval(() => this.sample(), MEMORY_SAMPLE_MS);
  }

  stop(): { rss: number; heapUsed: number } {
    clearInterval(this.timer);
    this.sample();
    return { rss: this.rss, heapUsed: this.heapUsed };
  }

  private sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heapUsed) this.heapUsed = m.heapUsed;
  }
}

async function packageObjects(store: LocalStore): Promise<readonly ObjectDefinition[]> {
  const applied = await store.getAppliedPackage();
  if (!applied) throw new Error('The initial sync left no package on the device');
  const parsed = parsePackage(applied.files);
  if (!parsed.ok) throw new Error('The applied package does not parse');
  return parsed.package.objects;
}

/** ROW_IDs of the editable records the device holds, per object type, in ROW_ID order (the change selection is then reproducible). */
async function heldRecords(store: LocalStore, objects: readonly ObjectDefinition[]): Promise<Map<string, string[]>> {
  const held = new Map<string, string[]>();
  for (const object of objects) {
    const ids = (await store.listRecords(object.name)).filter((r) => !r.readOnly && r.rowId !== null).map((r) => r.rowId as string);
    held.set(object.name, ids.sort());
  }
  return held;
}

/** Every CHANGE_EVERY-th record at `offset`: 1% of each object type, disjoint for the two offsets. */
function pick(held: Map<string, string[]>, offset: number): Array<[string, string[]]> {
  return [...held].map(([objectType, ids]) => [objectType, ids.filter((_, i) => i % CHANGE_EVERY === offset)]);
}

/** Another admin session changes 1% of the records with real UpdateRecord calls (JSON, not metered), before the timed sync. */
async function changeOnServer(gateway: RunningGateway, held: Map<string, string[]>): Promise<number> {
  const login = await adminCall(gateway.url, undefined, 'Login', { userName: BENCH_USER, password: BENCH_PASSWORD });
  const token = login.sessionToken;
  let changed = 0;
  for (const [objectType, rowIds] of pick(held, 0)) {
    const change = CHANGE_FIELD[objectType];
    if (!change) throw new Error(`No benchmark change defined for ${objectType}`);
    for (let i = 0; i < rowIds.length; i += 200) {
      const { records } = await adminCall(gateway.url, token, 'QueryRecords', { objectType, rowIds: rowIds.slice(i, i + 200) });
      for (const record of records) {
        await adminCall(gateway.url, token, 'UpdateRecord', {
          operationId: `bench-server-${objectType}-${record.rowId}`,
          objectType,
          rowId: record.rowId,
          modNum: record.modNum,
          fields: change('server', changed),
        });
        changed += 1;
      }
    }
  }
  await adminCall(gateway.url, token, 'Logout', {});
  return changed;
}

/** The rep edits 1% of other records on the device (LocalEdits, as the pane does), before the timed sync. */
async function changeLocally(store: LocalStore, objects: readonly ObjectDefinition[], held: Map<string, string[]>): Promise<number> {
  const edits = new LocalEdits(store, objects, BENCH_USER);
  let changed = 0;
  for (const [objectType, rowIds] of pick(held, CHANGE_EVERY / 2)) {
    const change = CHANGE_FIELD[objectType];
    if (!change) throw new Error(`No benchmark change defined for ${objectType}`);
    for (const rowId of rowIds) {
      const record = await store.getRecordByRowId(objectType, rowId);
      if (!record) throw new Error(`${objectType} ${rowId} is not on the device`);
      await edits.update(objectType, record.localId, change('local', changed));
      changed += 1;
    }
  }
  return changed;
}

async function adminCall<N extends OperationName>(
  baseUrl: string,
  token: string | undefined,
  operation: N,
  request: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const res = await fetch(`${baseUrl}/api/${operation}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw new Error(`${operation} failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as ResponseOf<N>;
}

function printRun(result: RunResult): void {
  console.log(
    `\n${result.records.toLocaleString('en-US')} records (${result.deviceRecords.toLocaleString('en-US')} on the device), ${result.encoding}, run ${result.run}`,
  );
  printTable(result.scenarios.map((s) => scenarioRow(s)));
}

function printMedians(results: readonly RunResult[]): void {
  console.log('\nMedians over runs');
  const rows: string[][] = [];
  for (const records of new Set(results.map((r) => r.records))) {
    for (const encoding of new Set(results.map((r) => r.encoding))) {
      const group = results.filter((r) => r.records === records && r.encoding === encoding);
      for (const name of SCENARIOS) {
        const all = group.flatMap((r) => r.scenarios.filter((s) => s.scenario === name));
        if (all.length === 0) continue;
        const first = all[0] as ScenarioResult;
        const medianWall = median(all.map((s) => s.wallMs));
        rows.push(
          scenarioRow(
            {
              ...first,
              wallMs: medianWall,
              recordsPerSecond: first.recordsSynced / (medianWall / 1000),
              keysPerSecond: first.changeKeys / (medianWall / 1000),
              peakRssBytes: median(all.map((s) => s.peakRssBytes)),
              peakHeapUsedBytes: median(all.map((s) => s.peakHeapUsedBytes)),
            },
            `${records} ${encoding} `,
          ),
        );
      }
    }
  }
  printTable(rows);
}

function scenarioRow(s: ScenarioResult, prefix = ''): string[] {
  return [
    `${prefix}${s.scenario}`,
    (s.wallMs / 1000).toFixed(2),
    String(s.recordsSynced),
    Math.round(s.recordsPerSecond).toLocaleString('en-US'),
    Math.round(s.keysPerSecond).toLocaleString('en-US'),
    String(s.requests),
    mib(s.bytesSent),
    mib(s.bytesReceived),
    mib(s.peakRssBytes),
    mib(s.peakHeapUsedBytes),
    `ins ${s.counts.inserted} upd ${s.counts.updated} del ${s.counts.deleted} up ${s.counts.uploaded} conf ${s.counts.conflicts} iss ${s.counts.issues}`,
  ];
}

function printTable(rows: readonly string[][]): void {
  const header = [
    'scenario',
    'wall s',
    'records',
    'records/s',
    'keys/s',
    'requests',
    'sent MiB',
    'recv MiB',
    'peak RSS MiB',
    'peak heap MiB',
    'engine counts',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(2);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function hasGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

main().catch((error: unknown) => {
  console.error('Benchmark failed:', error);
  process.exit(1);
});
