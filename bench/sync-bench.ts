// fake-indexeddb installs indexedDB/IDBKeyRange as globals: it must load before anything opens a store.
import 'fake-indexeddb/auto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { KEY_EXCHANGES, parsePackage, type KeyExchange, type ObjectDefinition } from '../src/metadata/index.js';
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
 * one Node process. Per data set size and encoding, one freshly seeded gateway;
 * on it, per key exchange of `--modes` (default `siebel,reconcile`), a fresh device
 * store through four scenarios:
 *
 *   initial      the first sync of an empty device (package install + all records)
 *   no change    an incremental sync right after it
 *   server 1%    an incremental sync after another admin session changed 1% of the records over HTTP
 *   local 1%     an incremental sync after LocalEdits changed 1% of other records on the device
 *
 * The modes are the engine's two key exchanges (SyncEngineOptions.keyExchange):
 *
 *   siebel       the old path, in full: every change key of every type in GetChangeKeys
 *                pages every sync, the first sync included (streamFirstSync false:
 *                GetChangeKeys + QueryRecords, no ListRecords), then QueryRecords for
 *                what differs; a Siebel clean-up every sync
 *   reconcile    the new path: the first sync streams whole records (ListRecords), later
 *                syncs send one ReconcileKeys for all types (range fingerprints + recent
 *                keys), then QueryRecords for the differing rows; uploads in ApplyChanges batches
 *
 * Each mode's "server 1%" and "local 1%" change their own 1% (another offset in the
 * ROW_ID order per mode, see pick), made just before that mode's sync, so every mode
 * sees exactly 1% changed and none sees another's changes as new.
 *
 * Only `engine.sync()` is timed; seeding the gateway and making the changes are not.
 * Prints per mode the detail table, then one table per size and encoding with the
 * modes side by side and their ratios. Writes bench/results/sync-<timestamp>.json
 * (everything) and one report per scenario, sync-<timestamp>-<scenario>.json (that
 * scenario in every size, encoding and mode, with the ratios). Numbers are read from
 * here, never asserted in tests.
 */

const SCENARIOS = ['initial', 'no change', 'server 1%', 'local 1%'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
type Encoding = 'json' | 'soap';
type Mode = KeyExchange;

/** The device logs in as the administrator (visibility "all") with the preset that has no owner filter, so it holds every record but cancelled activities (the package's master filter). */
const BENCH_USER = 'admin';
const BENCH_PASSWORD = 'demo';
const BENCH_PRESET = 'my-team';
/** One record in CHANGE_EVERY is changed on the server (offset = the mode's index), another one locally (offset CHANGE_EVERY / 2 + the mode's index). */
const CHANGE_EVERY = 100;
/** What the old path means: Siebel's key exchange without the first-sync stream. */
const STREAM_FIRST_SYNC: Readonly<Record<Mode, boolean>> = { siebel: false, reconcile: true };
/** The store methods that hand record bodies to the engine (recordsRead counts what they return). */
const RECORD_READS: ReadonlySet<string> = new Set([
  'listRecords',
  'getRecords',
  'listOutbox',
  'getRecord',
  'getRecordByRowId',
  'findByField',
]);
const MEMORY_SAMPLE_MS = 50;

/** A field of each demo object type that no user key, filter or reference depends on, and a new value for it. */
const CHANGE_FIELD: Readonly<Record<string, (side: 'server' | 'local', i: number) => Record<string, FieldValue>>> = {
  Account: (side, i) => ({ Phone: `+1 555 ${side === 'server' ? 1 : 2}${String(i).padStart(6, '0')}` }),
  Contact: (side, i) => ({ JobTitle: `Bench ${side} change ${i}` }),
  Opportunity: (side, i) => ({ Revenue: (side === 'server' ? 1_000_000_000 : 2_000_000_000) + i }),
  Activity: (side, i) => ({ Subject: `Bench ${side} change ${i}` }),
};

const DEFINITIONS = {
  wallMs: 'Wall-clock time of engine.sync() (login to logout, including the package step and cleanup), less meterMs.',
  meterMs:
    "The benchmark's own counting inside the sync (mostly JSON.stringify of the received records for changedRecordsJsonBytes), taken out of wallMs.",
  recordsSynced: 'Records the sync moved: downloaded into the store (inserted + updated), deleted locally, or uploaded.',
  recordsPerSecond: 'recordsSynced / wall seconds (0 when nothing needed moving).',
  modes:
    "Key exchanges compared, each on its own fresh device against the same gateway: 'siebel' is the old path (GetChangeKeys pages of every key every sync, the first sync included: streamFirstSync false), 'reconcile' the new one (first sync streamed with ListRecords, then ReconcileKeys for all types at once).",
  changeOffsets: `serverChangeOffset / localChangeOffset: each mode's 1% is every ${CHANGE_EVERY}th record of each type in ROW_ID order from this offset (server: the mode's index, local: ${CHANGE_EVERY / 2} + it), so the modes change disjoint records.`,
  changeKeys:
    "Change keys (ROW_ID, DB_LAST_UPD) received: every key of the GetChangeKeys pages, plus, of ReconcileKeys answers, the keys of the ranges answered 'keys' and the 'recent' keys (range fingerprints are not counted).",
  keysPerSecond: 'changeKeys / wall seconds.',
  requests: 'HTTP requests the device sent, all operations (requestsByOperation splits them).',
  bytesSent: 'UTF-8 bytes of the request bodies (headers not counted).',
  bytesReceived: 'UTF-8 bytes of the response bodies (headers not counted).',
  recordsRead:
    'Record bodies the engine read from the store: the records returned by listRecords, getRecords, listOutbox, findByField, and getRecord/getRecordByRowId when found. Records read inside updateRecords transactions (to check before writing) are not counted.',
  recordsReceived: 'Records received in QueryRecords and ListRecords answers.',
  changedRecordsJsonBytes:
    'UTF-8 bytes of JSON.stringify(record) of every record received in QueryRecords and ListRecords answers (as the transport parsed them): the size of the changed records themselves.',
  wireBytesPerRecordJson:
    '(bytesSent + bytesReceived) / changedRecordsJsonBytes: what the sync cost on the wire per byte of changed record; null when no record was received.',
  ratios:
    'Per scenario, the first mode of --modes over the second (siebel / reconcile by default): wall (×faster), requests, bytesReceived (×fewer bytes), bytesSent + bytesReceived, recordsRead, peakHeapUsedBytes. Above 1: the second mode does less.',
  peakRssBytes: `Highest process RSS sampled every ${MEMORY_SAMPLE_MS} ms during the sync; the gateway (SQLite) and fake-indexeddb's in-memory data share this process.`,
  peakHeapUsedBytes: `Highest V8 heapUsed sampled every ${MEMORY_SAMPLE_MS} ms during the sync.`,
  counts: "The engine's own result counts (SyncStatus 'done').",
  timeByCall:
    "Calls and cumulative milliseconds per store method (store.*) and per operation (transport.*, request to parsed answer). The engine awaits each call before the next, so wallMs minus their sum is roughly the engine's own work (planning, hashing keys, copying, bookkeeping); except in the first-sync stream, where the next ListRecords page is in flight while the previous one is written (their sum then exceeds wallMs).",
} as const;

interface ScenarioResult {
  readonly scenario: ScenarioName;
  /** Records changed before this sync (server or local), for the check of the counts. */
  readonly changedBefore: number;
  readonly wallMs: number;
  readonly meterMs: number;
  readonly recordsSynced: number;
  readonly recordsPerSecond: number;
  readonly changeKeys: number;
  readonly keysPerSecond: number;
  readonly recordsRead: number;
  readonly recordsReceived: number;
  readonly changedRecordsJsonBytes: number;
  readonly wireBytesPerRecordJson: number | null;
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

/** One fresh device through the four scenarios with one key exchange. */
interface ModeResult {
  readonly mode: Mode;
  readonly streamFirstSync: boolean;
  /** Where in each type's ROW_ID order this mode's changed records start (every CHANGE_EVERY-th from there). */
  readonly serverChangeOffset: number;
  readonly localChangeOffset: number;
  /** Records the device holds after the initial sync. */
  readonly deviceRecords: number;
  readonly scenarios: ScenarioResult[];
}

interface RunResult {
  readonly records: number;
  readonly encoding: Encoding;
  readonly run: number;
  readonly seedMs: number;
  readonly modes: ModeResult[];
}

/** The first mode over the second, for one scenario (see DEFINITIONS.ratios); null where the second is 0. */
interface Ratios {
  readonly wall: number | null;
  readonly requests: number | null;
  readonly bytesReceived: number | null;
  readonly bytesTotal: number | null;
  readonly recordsRead: number | null;
  readonly peakHeapUsed: number | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '10000,100000' },
      encoding: { type: 'string', default: 'json' },
      modes: { type: 'string', default: 'siebel,reconcile' },
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
  const modeNames = (values.modes ?? '').split(',').map((m) => m.trim());
  const modes = [...new Set(modeNames)].filter((m): m is Mode => (KEY_EXCHANGES as readonly string[]).includes(m));
  if (modes.length === 0 || modes.length !== new Set(modeNames).size)
    throw new Error(`--modes wants ${KEY_EXCHANGES.join(' and/or ')} separated by commas, got "${values.modes}"`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got "${values.runs}"`);

  const root = repoRoot(__dirname);
  const startedAt = new Date();
  const results: RunResult[] = [];
  console.log(
    `Sync benchmark: records ${sizes.join(', ')}; encoding ${encodings.join(', ')}; modes ${modes.join(', ')}; runs ${runs}; node ${process.version}; ${cpus().length} cores` +
      (hasGc() ? '' : ' (start node with --expose-gc for cleaner memory baselines)'),
  );
  for (const records of sizes) {
    for (const encoding of encodings) {
      for (let run = 1; run <= runs; run++) {
        const result = await benchRun(root, records, encoding, run, modes);
        results.push(result);
        printRun(result);
      }
    }
  }
  if (runs > 1) printMedians(results, modes);

  const file = values.out ?? join(root, 'bench', 'results', `sync-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const header = {
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
    options: { records: sizes, encodings, modes, runs, user: BENCH_USER, preset: BENCH_PRESET, changedShare: 1 / CHANGE_EVERY },
    definitions: DEFINITIONS,
  };
  const written = [file];
  writeFileSync(file, `${JSON.stringify({ ...header, results }, null, 2)}\n`);
  // One report per scenario: that scenario of every size, encoding and run, the modes side by side.
  for (const scenario of SCENARIOS) {
    const scenarioFile = file.replace(/(\.json)?$/, `-${scenario.replace(/%/g, 'pct').replace(/\s+/g, '-')}.json`);
    const rows = results.map((r) => {
      const byMode = r.modes.flatMap((m) => {
        const s = m.scenarios.find((x) => x.scenario === scenario);
        return s ? [{ mode: m.mode, deviceRecords: m.deviceRecords, result: s }] : [];
      });
      const [first, second] = byMode;
      return {
        records: r.records,
        encoding: r.encoding,
        run: r.run,
        modes: Object.fromEntries(byMode.map(({ mode, deviceRecords, result }) => [mode, { deviceRecords, ...result }])),
        ...(first && second ? { ratios: { of: `${first.mode} / ${second.mode}`, ...ratios(first.result, second.result) } } : {}),
      };
    });
    writeFileSync(scenarioFile, `${JSON.stringify({ ...header, scenario, results: rows }, null, 2)}\n`);
    written.push(scenarioFile);
  }
  console.log(`\nWrote ${written.map((f) => relative(process.cwd(), f) || f).join('\n      ')}`);
  const problems = results.flatMap((r) =>
    r.modes.flatMap((m) =>
      m.scenarios.flatMap((s) => s.problems.map((p) => `${r.records} ${r.encoding} run ${r.run} ${m.mode} ${s.scenario}: ${p}`)),
    ),
  );
  if (problems.length > 0) {
    console.error(`\nUnexpected results:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** One freshly seeded gateway; on it, per mode, one fresh device through the four scenarios. */
async function benchRun(root: string, records: number, encoding: Encoding, run: number, modes: readonly Mode[]): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bench-'));
  const seedStarted = performance.now();
  const gateway = await startGateway({ dataDir, port: 0, demoRecords: records, demoPackageDir: join(root, 'packages', 'demo-v1') });
  const seedMs = performance.now() - seedStarted;
  console.log(
    `\n${records.toLocaleString('en-US')} records, ${encoding}, run ${run}: gateway seeded in ${(seedMs / 1000).toFixed(1)} s at ${gateway.url}`,
  );
  try {
    const results: ModeResult[] = [];
    for (const [index, mode] of modes.entries()) {
      results.push(await deviceRun(gateway, records, encoding, run, mode, index));
      printModeDetail(results[results.length - 1] as ModeResult);
    }
    const first = results[0];
    for (const other of results.slice(1)) {
      if (first && other.deviceRecords !== first.deviceRecords)
        other.scenarios[0]?.problems.push(
          `the device holds ${other.deviceRecords} records after the initial sync, the ${first.mode} device ${first.deviceRecords}`,
        );
    }
    return { records, encoding, run, seedMs: round(seedMs), modes: results };
  } finally {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A fresh device store with key exchange `mode`, through the four scenarios; its changes at offsets of its own (`index`). */
async function deviceRun(
  gateway: RunningGateway,
  records: number,
  encoding: Encoding,
  run: number,
  mode: Mode,
  index: number,
): Promise<ModeResult> {
  const serverChangeOffset = index;
  const localChangeOffset = CHANGE_EVERY / 2 + index;
  const streamFirstSync = STREAM_FIRST_SYNC[mode];
  console.log(`  ${mode}${streamFirstSync ? '' : ' (no first-sync stream)'}, fresh device:`);
  const identity = { gatewayUrl: gateway.url, userName: BENCH_USER, deviceTag: `bench-${records}-${encoding}-${run}-${mode}` };
  const meter = new Meter();
  const store = await openLocalStore(identity);
  try {
    await store.updateSettings({ presetId: BENCH_PRESET });
    const base = encoding === 'json' ? new JsonTransport(gateway.url, meter.fetch) : new SoapTransport(gateway.url, meter.fetch);
    const engine = new SyncEngine({
      store: meter.wrapStore(store),
      transport: meter.wrap(base),
      credentials: () => Promise.resolve({ userName: BENCH_USER, password: BENCH_PASSWORD }),
      deviceName: `sync benchmark (${mode})`,
      lock: new InProcessSyncLock(),
      keyExchange: mode,
      streamFirstSync,
    });
    const scenarios: ScenarioResult[] = [];
    const scenario = async (name: ScenarioName, changedBefore: number, expect: (counts: SyncCounts) => string[]) => {
      const result = await measureSync(name, engine, meter, changedBefore, expect);
      scenarios.push(result);
      const top = Object.entries(result.timeByCall)
        .slice(0, 4)
        .map(([call, t]) => `${call} ${t.calls}× ${(t.ms / 1000).toFixed(2)} s`);
      console.log(`    ${name.padEnd(10)} ${(result.wallMs / 1000).toFixed(2).padStart(8)} s   most time in: ${top.join(', ')}`);
    };

    await scenario('initial', 0, (c) => (c.inserted === 0 ? ['nothing was downloaded'] : []));
    const objects = await packageObjects(store);
    const held = await heldRecords(store, objects);
    const deviceRecords = [...held.values()].reduce((n, ids) => n + ids.length, 0);
    const initial = scenarios[0];
    if (initial) {
      if (deviceRecords !== initial.counts.inserted)
        initial.problems.push(`the device holds ${deviceRecords} records but the sync inserted ${initial.counts.inserted}`);
      // Without the stream every record came by its key; with it, in ListRecords pages.
      const arrived = streamFirstSync ? initial.recordsReceived : initial.changeKeys;
      if (deviceRecords !== arrived)
        initial.problems.push(
          `the device holds ${deviceRecords} records but received ${arrived} ${streamFirstSync ? 'streamed records' : 'change keys'}`,
        );
    }

    await scenario('no change', 0, (c) => nonZero(c, []));

    const serverChanged = await changeOnServer(gateway, held, serverChangeOffset);
    await scenario('server 1%', serverChanged, (c) => [
      ...(c.updated === serverChanged ? [] : [`updated ${c.updated}, expected ${serverChanged}`]),
      ...nonZero(c, ['updated']),
    ]);

    const localChanged = await changeLocally(store, objects, held, localChangeOffset);
    await scenario('local 1%', localChanged, (c) => [
      ...(c.uploaded === localChanged ? [] : [`uploaded ${c.uploaded}, expected ${localChanged}`]),
      ...nonZero(c, ['uploaded']),
    ]);

    return { mode, streamFirstSync, serverChangeOffset, localChangeOffset, deviceRecords, scenarios };
  } finally {
    await store.close();
    // fake-indexeddb keeps databases in memory for the life of the process: free this one before the next device.
    await deleteLocalStore(identity);
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
  const wallMs = performance.now() - started - meter.meterMs;
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
    meterMs: round(meter.meterMs),
    recordsSynced,
    recordsPerSecond: round(recordsSynced / seconds),
    changeKeys: meter.changeKeys,
    keysPerSecond: round(meter.changeKeys / seconds),
    recordsRead: meter.recordsRead,
    recordsReceived: meter.recordsReceived,
    changedRecordsJsonBytes: meter.changedRecordsJsonBytes,
    wireBytesPerRecordJson:
      meter.changedRecordsJsonBytes === 0 ? null : round2((meter.bytesSent + meter.bytesReceived) / meter.changedRecordsJsonBytes),
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
 * either encoding, the change keys and the records received; `wrapStore` times
 * the store's methods and counts the record bodies they hand the engine.
 */
class Meter {
  requests = 0;
  bytesSent = 0;
  bytesReceived = 0;
  changeKeys = 0;
  recordsRead = 0;
  recordsReceived = 0;
  changedRecordsJsonBytes = 0;
  /** Time spent counting (see DEFINITIONS.meterMs). */
  meterMs = 0;
  readonly byOperation = new Map<string, number>();
  readonly timeByCall = new Map<string, { calls: number; ms: number }>();

  reset(): void {
    this.timeByCall.clear();
    this.requests = 0;
    this.bytesSent = 0;
    this.bytesReceived = 0;
    this.changeKeys = 0;
    this.recordsRead = 0;
    this.recordsReceived = 0;
    this.changedRecordsJsonBytes = 0;
    this.meterMs = 0;
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
        this.count(operation, response);
        return response;
      },
    };
  }

  /** Change keys (GetChangeKeys, ReconcileKeys) and records (QueryRecords, ListRecords) in an answer. */
  private count(operation: OperationName, response: unknown): void {
    const started = performance.now();
    switch (operation) {
      case 'GetChangeKeys':
        this.changeKeys += (response as ResponseOf<'GetChangeKeys'>).keys.length;
        break;
      case 'ReconcileKeys':
        for (const set of (response as ResponseOf<'ReconcileKeys'>).sets) {
          for (const range of set.ranges) if (range.state === 'keys') this.changeKeys += range.keys?.length ?? 0;
          this.changeKeys += set.recent?.length ?? 0;
        }
        break;
      case 'QueryRecords':
      case 'ListRecords':
        for (const record of (response as ResponseOf<'QueryRecords' | 'ListRecords'>).records) {
          this.recordsReceived += 1;
          this.changedRecordsJsonBytes += Buffer.byteLength(JSON.stringify(record), 'utf8');
        }
        break;
      default:
        break;
    }
    this.meterMs += performance.now() - started;
  }

  /** The same store, each method call timed and its records counted (the engine only awaits the store's promises, so nothing else changes). */
  wrapStore(store: LocalStore): LocalStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const reads = RECORD_READS.has(property);
        return (...args: unknown[]) =>
          this.timed(`store.${property}`, async () => {
            if (property === 'forEachRecord') {
              // A pass over a whole type: every record visited is a body read.
              const visit = args[1] as (record: unknown) => void;
              args[1] = (record: unknown) => {
                this.recordsRead += 1;
                visit(record);
              };
            }
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            if (reads) this.recordsRead += Array.isArray(result) ? result.length : result === undefined || result === null ? 0 : 1;
            return result;
          });
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

/** Every CHANGE_EVERY-th record at `offset`: 1% of each object type, disjoint for different offsets. */
function pick(held: Map<string, string[]>, offset: number): Array<[string, string[]]> {
  return [...held].map(([objectType, ids]) => [objectType, ids.filter((_, i) => i % CHANGE_EVERY === offset)]);
}

/** Another admin session changes 1% of the records (those at `offset`) with real UpdateRecord calls (JSON, not metered), before the timed sync. */
async function changeOnServer(gateway: RunningGateway, held: Map<string, string[]>, offset: number): Promise<number> {
  const login = await adminCall(gateway.url, undefined, 'Login', { userName: BENCH_USER, password: BENCH_PASSWORD });
  const token = login.sessionToken;
  let changed = 0;
  for (const [objectType, rowIds] of pick(held, offset)) {
    const change = CHANGE_FIELD[objectType];
    if (!change) throw new Error(`No benchmark change defined for ${objectType}`);
    for (let i = 0; i < rowIds.length; i += 200) {
      const { records } = await adminCall(gateway.url, token, 'QueryRecords', { objectType, rowIds: rowIds.slice(i, i + 200) });
      for (const record of records) {
        await adminCall(gateway.url, token, 'UpdateRecord', {
          operationId: `bench-server-${offset}-${objectType}-${record.rowId}`,
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

/** The rep edits 1% of other records (those at `offset`) on the device (LocalEdits, as the pane does), before the timed sync. */
async function changeLocally(
  store: LocalStore,
  objects: readonly ObjectDefinition[],
  held: Map<string, string[]>,
  offset: number,
): Promise<number> {
  const edits = new LocalEdits(store, objects, BENCH_USER);
  let changed = 0;
  for (const [objectType, rowIds] of pick(held, offset)) {
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

/** The detail of one mode's device: one row per scenario, as before the modes were compared. */
function printModeDetail(m: ModeResult, prefix = ''): void {
  console.log(`\n  ${prefix}${m.mode}: ${m.deviceRecords.toLocaleString('en-US')} records on the device`);
  printTable(
    DETAIL_HEADER,
    m.scenarios.map((s) => scenarioRow(s)),
  );
}

/** The modes side by side, one row per scenario. */
function printRun(result: RunResult): void {
  printComparison(`${result.records.toLocaleString('en-US')} records, ${result.encoding}, run ${result.run}`, result.modes);
}

function printComparison(title: string, modes: readonly ModeResult[]): void {
  const [a, b] = modes;
  if (!a || !b) return;
  const onDevice = a.deviceRecords === b.deviceRecords ? a.deviceRecords.toLocaleString('en-US') : `${a.deviceRecords}/${b.deviceRecords}`;
  console.log(`\n${title} (${onDevice} on the device): ${a.mode} vs ${b.mode}`);
  const ia = a.mode.charAt(0);
  const ib = b.mode.charAt(0);
  const header = [
    'scenario',
    `${a.mode} wall s`,
    `${b.mode} wall s`,
    '×faster',
    `${a.mode} requests`,
    `${b.mode} requests`,
    `${a.mode} recv`,
    `${b.mode} recv`,
    '×fewer bytes',
    `records read (${ia}/${ib})`,
    `peak heap MiB (${ia}/${ib})`,
    `wire/JSON (${ia}/${ib})`,
  ];
  const rows: string[][] = [];
  for (const name of SCENARIOS) {
    const sa = a.scenarios.find((s) => s.scenario === name);
    const sb = b.scenarios.find((s) => s.scenario === name);
    if (!sa || !sb) continue;
    const r = ratios(sa, sb);
    rows.push([
      name,
      (sa.wallMs / 1000).toFixed(2),
      (sb.wallMs / 1000).toFixed(2),
      times(r.wall),
      String(sa.requests),
      String(sb.requests),
      size(sa.bytesReceived),
      size(sb.bytesReceived),
      times(r.bytesReceived),
      `${sa.recordsRead}/${sb.recordsRead}`,
      `${mib(sa.peakHeapUsedBytes)}/${mib(sb.peakHeapUsedBytes)}`,
      `${perJson(sa.wireBytesPerRecordJson)}/${perJson(sb.wireBytesPerRecordJson)}`,
    ]);
  }
  printTable(header, rows, false);
  const server = b.scenarios.find((s) => s.scenario === 'server 1%');
  if (server)
    console.log(
      `server 1%, ${b.mode}: ${size(server.bytesSent + server.bytesReceived)} on the wire for ${size(server.changedRecordsJsonBytes)} of changed records' JSON (${server.recordsReceived} records): wire/JSON ${perJson(server.wireBytesPerRecordJson)}`,
    );
}

/** Per size and encoding, each mode's median over the runs (wall, memory), then the modes side by side. */
function printMedians(results: readonly RunResult[], modes: readonly Mode[]): void {
  console.log('\nMedians over runs');
  for (const records of new Set(results.map((r) => r.records))) {
    for (const encoding of new Set(results.map((r) => r.encoding))) {
      const group = results.filter((r) => r.records === records && r.encoding === encoding);
      const medians = modes.flatMap((mode) => {
        const runs = group.flatMap((r) => r.modes.filter((m) => m.mode === mode));
        const first = runs[0];
        if (!first) return [];
        const scenarios = SCENARIOS.flatMap((name) => {
          const all = runs.flatMap((m) => m.scenarios.filter((s) => s.scenario === name));
          const one = all[0];
          if (!one) return [];
          const medianWall = median(all.map((s) => s.wallMs));
          return [
            {
              ...one,
              wallMs: medianWall,
              recordsPerSecond: one.recordsSynced / (medianWall / 1000),
              keysPerSecond: one.changeKeys / (medianWall / 1000),
              peakRssBytes: median(all.map((s) => s.peakRssBytes)),
              peakHeapUsedBytes: median(all.map((s) => s.peakHeapUsedBytes)),
            },
          ];
        });
        return [{ ...first, scenarios }];
      });
      for (const m of medians) printModeDetail(m, `${records} ${encoding} median, `);
      printComparison(`${records.toLocaleString('en-US')} records, ${encoding}, median of ${group.length} runs`, medians);
    }
  }
}

/** The first mode over the second (null where the second is 0). */
function ratios(a: ScenarioResult, b: ScenarioResult): Ratios {
  const over = (x: number, y: number): number | null => (y === 0 ? null : round2(x / y));
  return {
    wall: over(a.wallMs, b.wallMs),
    requests: over(a.requests, b.requests),
    bytesReceived: over(a.bytesReceived, b.bytesReceived),
    bytesTotal: over(a.bytesSent + a.bytesReceived, b.bytesSent + b.bytesReceived),
    recordsRead: over(a.recordsRead, b.recordsRead),
    peakHeapUsed: over(a.peakHeapUsedBytes, b.peakHeapUsedBytes),
  };
}

const DETAIL_HEADER = [
  'scenario',
  'wall s',
  'records',
  'records/s',
  'keys',
  'keys/s',
  'read',
  'requests',
  'sent MiB',
  'recv MiB',
  'wire/JSON',
  'peak RSS MiB',
  'peak heap MiB',
  'engine counts',
] as const;

function scenarioRow(s: ScenarioResult, prefix = ''): string[] {
  return [
    `${prefix}${s.scenario}`,
    (s.wallMs / 1000).toFixed(2),
    String(s.recordsSynced),
    Math.round(s.recordsPerSecond).toLocaleString('en-US'),
    String(s.changeKeys),
    Math.round(s.keysPerSecond).toLocaleString('en-US'),
    String(s.recordsRead),
    String(s.requests),
    mib(s.bytesSent),
    mib(s.bytesReceived),
    perJson(s.wireBytesPerRecordJson),
    mib(s.peakRssBytes),
    mib(s.peakHeapUsedBytes),
    `ins ${s.counts.inserted} upd ${s.counts.updated} del ${s.counts.deleted} up ${s.counts.uploaded} conf ${s.counts.conflicts} iss ${s.counts.issues}`,
  ];
}

/** Left-aligns the first column and, when `lastIsText`, the last one; right-aligns the rest (numbers). */
function printTable(header: readonly string[], rows: readonly string[][], lastIsText = true): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const last = header.length - 1;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 || (lastIsText && i === last) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

/** A ratio as "12.3×"; "—" when it is undefined. */
function times(ratio: number | null): string {
  if (ratio === null) return '—';
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

function perJson(ratio: number | null): string {
  return ratio === null ? '—' : ratio.toFixed(2);
}

/** Bytes in the unit that keeps small answers readable (a no-change sync is a few KiB). */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${mib(bytes)} MiB`;
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

function round2(value: number): number {
  return Math.round(value * 100) / 100;
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
