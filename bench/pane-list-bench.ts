import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startGateway, type RunningGateway } from '../src/gateway/start-gateway.js';
import { buildPane, CHROMIUM, CHROMIUM_ARGS } from '../test/support/pane-browser.js';
import type { PackageFile } from '../src/metadata/index.js';
import { gitState, repoRoot } from './bench-environment.js';
import { baselineTypes, listKeysOf, measureRawBaseline, siebelPackage, type RawBaseline } from './first-sync-baseline.js';

/**
 * `npm run bench:pane`: the production build of the task pane in Debian's
 * Chromium (real, disk-backed IndexedDB) against the real gateway over HTTP, and
 * how its record list behaves with large lists. Per data set size, on a fresh
 * gateway and a fresh browser profile, signed in as the administrator with the
 * "Everything of my team" preset (nearly every record comes to the device):
 *
 *   raw       the physical limit in the same browser: the same records fetched in JSON pages and
 *             written with Dexie bulkPut (first-sync-baseline.ts), before the pane starts; then
 *             again with the list keys the pane stores with each row (its list indexes filled)
 *   sync      the first sync, "Start the first sync" → "Your data is ready." (once per size), with
 *             its peak JS heap; at the end the same in a fresh profile by the old path
 *             (the package published with keyExchange="siebel")
 *   open      the largest record type chosen in "Record type" → its first row in view
 *   wheel     the list scrolled by half its height per frame, 200 frames: frame times, rows in the DOM
 *   jump      the list scrolled from top to bottom in 200 equal steps, one per frame (every frame
 *             shows new rows, as when dragging the scroll bar)
 *   search    a letter typed in the search box → the count line changed (includes the pane's
 *             150 ms typing delay)
 *   heap      the page's JS heap with that list open, as it is and after a forced garbage collection
 *
 * open, wheel, jump and search run --runs times in the same profile (medians printed).
 * The timing runs inside the page (performance.now / requestAnimationFrame), so
 * Playwright's round trips are not counted. Prints a table and writes
 * bench/results/pane-list-<timestamp>.json. Numbers are read from here, never
 * asserted in tests.
 */

const BENCH_USER = 'admin';
const BENCH_PASSWORD = 'demo';
const BENCH_PRESET = 'Everything of my team';
const BENCH_PRESET_ID = 'my-team';
/** A task pane in Outlook: narrow and tall (the e2e tests use the same). */
const VIEWPORT = { width: 400, height: 900 };
/** The pane's typing delay before a search runs (SEARCH_DELAY_MS in records-view.ts), part of the search time. */
const SEARCH_DELAY_MS = 150;
const LONG_FRAME_MS = 50;
const SYNC_TIMEOUT_MS = 20 * 60_000;

const DEFINITIONS = {
  seedMs: 'Starting the gateway on an empty folder, seeding included (not part of any pane number).',
  syncMs:
    'Wall time from the click on "Start the first sync" until "Your data is ready." is shown (measured from Node, Playwright polling included). The new path: each type streamed in ListRecords pages, the next in flight while one is written.',
  oldSyncMs:
    'The same first sync in a fresh profile after the package was published with keyExchange="siebel": every change key (GetChangeKeys), then the records by id (QueryRecords), the way before issue 12.',
  raw: "The physical limit, in the same browser and run, before the pane signs in: the same records (same filters) fetched over HTTP in JSON pages of the package page size (ListRecords, one after the other, JSON.parse only) and written with Dexie bulkPut (one transaction per page) into a database with the pane's table layout (bench/first-sync-baseline.ts).",
  rawKeyed:
    "The raw baseline again, each row carrying the list keys the pane stores with it (computed in Node from the same pages before the timing, bench/first-sync-baseline.ts listKeysOf), so the layout's list indexes (issue 15) are written too: the limit for rows as the pane stores them. Its peak heap includes the keys handed in; heapGrowthBytes (both baselines) is the peak less the heap when the timing started.",
  shareOfRaw: "syncRecordsPerSecond / raw.recordsPerSecond: the pane's first sync as a share of the machine's limit (target ≥ 0.8).",
  shareOfRawKeyed: 'syncRecordsPerSecond / rawKeyed.recordsPerSecond: the same share against rows as the pane stores them.',
  syncPeakHeapBytes:
    'Highest performance.memory.usedJSHeapSize of the pane sampled every 50 ms during the first sync (target ≤ 150 MB); the same for the old path and the raw baseline.',
  deviceRecords: 'Records the done screen says are now available offline.',
  syncRecordsPerSecond: 'deviceRecords / sync seconds.',
  largestType: 'The record type with the most rows on the device (read from the count lines), the one measured below.',
  openMs:
    "In the page: the Record type select set to the largest type and its change event dispatched, until the first animation frame with a visible row of that type's listbox (the count and a page of ids from the list index, the records of the rows in view, rendering).",
  'scroll.frames':
    'Intervals between consecutive requestAnimationFrame callbacks while scrolling, one scroll step per frame (16.7 ms is a smooth 60 Hz frame).',
  'scroll.longFrames': `Frames longer than ${LONG_FRAME_MS} ms.`,
  'scroll.maxOptions':
    'Most role=option elements inside the listbox at any frame of the scroll (the virtual list keeps only the rows in view plus overscan).',
  'scroll.reachedRow': 'The highest aria-posinset in the DOM at the end of the pass; the jump pass must reach the last row.',
  searchMs: `In the page: one letter put into the search box (input event), until the first animation frame after the count line changed (the first answer: its first rows drawn, the count estimated when the matches are many, "About 7,700 of 35,000 contacts"); includes the pane's ${SEARCH_DELAY_MS} ms typing delay.`,
  searchExactMs:
    'The same search, until the count line shows the exact count (every match known); equal to searchMs when the first answer was exact.',
  heapUsedBytes:
    'performance.memory.usedJSHeapSize (Chromium started with --enable-precise-memory-info) with the largest list open, after the runs.',
  heapAfterGcBytes: 'JSHeapUsedSize from the DevTools protocol (Performance.getMetrics) after HeapProfiler.collectGarbage.',
  domElements: 'Elements in the document with the largest list open.',
} as const;

interface ScrollPass {
  readonly steps: number;
  readonly stepPx: number;
  readonly frameMs: { median: number; p95: number; max: number };
  readonly longFrames: number;
  readonly maxOptions: number;
  readonly reachedRow: number;
  readonly rows: number;
  /** Every frame interval, for a closer look. */
  readonly frames: number[];
}

interface ListRun {
  readonly run: number;
  readonly openMs: number;
  readonly wheel: ScrollPass;
  readonly jump: ScrollPass;
  readonly searchMs: number;
  readonly searchExactMs: number;
  readonly searchCountBefore: string;
  readonly searchCountAfter: string;
}

interface SizeResult {
  readonly records: number;
  readonly seedMs: number;
  readonly syncMs: number;
  readonly deviceRecords: number;
  readonly syncRecordsPerSecond: number;
  readonly syncPeakHeapBytes: number | null;
  readonly oldSyncMs: number;
  readonly oldSyncRecordsPerSecond: number;
  readonly oldSyncPeakHeapBytes: number | null;
  readonly raw: RawBaseline;
  readonly rawKeyed: RawBaseline;
  /** The new path's records/s as a share of the raw baseline's, without and with the list keys. */
  readonly shareOfRaw: number;
  readonly shareOfRawKeyed: number;
  readonly rowsByType: Record<string, number>;
  readonly largestType: string;
  readonly largestTypeRows: number;
  readonly runs: ListRun[];
  readonly median: { openMs: number; searchMs: number; searchExactMs: number; wheel: PassSummary; jump: PassSummary };
  readonly heapUsedBytes: number | null;
  readonly heapAfterGcBytes: number | null;
  readonly domElements: number;
  readonly problems: string[];
}

interface PassSummary {
  readonly medianFrameMs: number;
  readonly p95FrameMs: number;
  readonly maxFrameMs: number;
  readonly longFrames: number;
  readonly maxOptions: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '10000,50000' },
      runs: { type: 'string', default: '3' },
      steps: { type: 'string', default: '200' },
      'pane-dir': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const sizes = (values.records ?? '').split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`--records wants positive integers separated by commas, got "${values.records}"`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs wants a positive integer, got "${values.runs}"`);
  const steps = Number(values.steps);
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`--steps wants an integer of at least 2, got "${values.steps}"`);
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

  const root = repoRoot(__dirname);
  const startedAt = new Date();
  const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.log(
    `Pane list benchmark: records ${sizes.join(', ')}; runs ${runs}; ${steps} scroll steps; ${chromiumVersion}; node ${process.version}; ${cpus().length} cores`,
  );

  let pane: { dir: string; remove(): void };
  if (values['pane-dir']) {
    pane = { dir: values['pane-dir'], remove: () => undefined };
    console.log(`Pane build: ${pane.dir} (given)`);
  } else {
    const buildStarted = performance.now();
    pane = await buildPane(root);
    console.log(`Pane build: production webpack build in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);
  }

  const results: SizeResult[] = [];
  try {
    for (const records of sizes) results.push(await benchSize(root, pane.dir, records, runs, steps));
  } finally {
    pane.remove();
  }
  printTable(results);

  const file = values.out ?? join(root, 'bench', 'results', `pane-list-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    benchmark: 'pane-list',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    environment: {
      git: gitState(root),
      node: process.version,
      chromium: chromiumVersion,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      totalMemoryBytes: totalmem(),
    },
    options: { records: sizes, runs, scrollSteps: steps, user: BENCH_USER, preset: BENCH_PRESET, viewport: VIEWPORT, headless: true },
    definitions: DEFINITIONS,
    results,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWrote ${relative(process.cwd(), file) || file}`);
  const problems = results.flatMap((r) => r.problems.map((p) => `${r.records}: ${p}`));
  if (problems.length > 0) {
    console.error(`\nUnexpected results:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

/** One fresh gateway and one fresh browser profile: the first sync, then the list measurements. */
async function benchSize(root: string, paneDir: string, records: number, runs: number, steps: number): Promise<SizeResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-pane-bench-gw-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'fieldbook-pane-bench-profile-'));
  const oldProfileDir = mkdtempSync(join(tmpdir(), 'fieldbook-pane-bench-old-profile-'));
  const keyedProfileDir = mkdtempSync(join(tmpdir(), 'fieldbook-pane-bench-keyed-profile-'));
  let oldContext: BrowserContext | undefined;
  // bypassCSP: the raw baseline adds Dexie to a blank page of the gateway's origin.
  const browserOptions = {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    bypassCSP: true,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  };
  const seedStarted = performance.now();
  let gateway: RunningGateway | undefined;
  let context: BrowserContext | undefined;
  try {
    gateway = await startGateway({
      dataDir,
      port: 0,
      demoRecords: records,
      paneDir,
      demoPackageDir: join(root, 'packages', 'demo-v1'),
      onInternalError: (e) => console.error('[gateway]', e),
    });
    const seedMs = performance.now() - seedStarted;
    console.log(`\n${records.toLocaleString('en-US')} records: gateway seeded in ${(seedMs / 1000).toFixed(1)} s at ${gateway.url}`);

    context = await chromium.launchPersistentContext(profileDir, browserOptions);
    const page = context.pages()[0] ?? (await context.newPage());
    // office.js tries to reach Microsoft's telemetry: nothing leaves this machine.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    // The limit of the machine first, in the same browser and run: fetch and bulkPut only (first-sync-baseline.ts).
    const credentials = { userName: BENCH_USER, password: BENCH_PASSWORD };
    const setup = baselineTypes(root, BENCH_PRESET_ID);
    const raw = await measureRawBaseline(context, gateway.url, credentials, setup);
    console.log(
      `  raw baseline: ${(raw.ms / 1000).toFixed(1)} s for ${raw.records.toLocaleString('en-US')} records (${Math.round(raw.recordsPerSecond).toLocaleString('en-US')} records/s), peak heap ${mib(raw.peakHeapBytes)} MiB`,
    );
    // In a profile of its own: written after the first baseline's rows in the same backing
    // store, it ran while LevelDB compacted them away (71.8 s against 28.2 s without keys, once).
    const keyedContext = await chromium.launchPersistentContext(keyedProfileDir, browserOptions);
    const rawKeyed = await measureRawBaseline(
      keyedContext,
      gateway.url,
      credentials,
      setup,
      await listKeysOf(gateway.url, credentials, setup),
    ).finally(() => keyedContext.close());
    console.log(
      `  raw baseline with list keys: ${(rawKeyed.ms / 1000).toFixed(1)} s (${Math.round(rawKeyed.recordsPerSecond).toLocaleString('en-US')} records/s); heap growth while writing ${mib(rawKeyed.heapGrowthBytes)} MiB, ${mib(raw.heapGrowthBytes)} MiB without the keys`,
    );
    const problems: string[] = [];
    const first = await firstSync(page, gateway.url, 'reconcile');
    const { syncMs, deviceRecords, syncRecordsPerSecond } = first;
    await page.getByRole('button', { name: 'Open Fieldbook' }).click();
    await page.getByRole('tab', { name: 'Records', exact: true }).waitFor();

    // The rows of every type, from the count lines; the largest is measured.
    const typeSelect = page.getByRole('combobox', { name: 'Record type' });
    await typeSelect.waitFor();
    const types = await typeSelect
      .locator('option')
      .evaluateAll((options) => options.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o.textContent ?? '').trim() })));
    const rowsByType: Record<string, number> = {};
    for (const type of types) {
      await typeSelect.selectOption({ label: type.label });
      rowsByType[type.label] = await readCount(page, type.label);
    }
    const [largest, other] = [...types].sort((a, b) => (rowsByType[b.label] ?? 0) - (rowsByType[a.label] ?? 0));
    if (!largest || !other) throw new Error(`The package has fewer than two record types: ${types.map((t) => t.label).join(', ')}`);
    const largestRows = rowsByType[largest.label] ?? 0;
    console.log(
      `  rows: ${types.map((t) => `${t.label} ${(rowsByType[t.label] ?? 0).toLocaleString('en-US')}`).join(', ')}; measuring ${largest.label}`,
    );

    const listRuns: ListRun[] = [];
    for (let run = 1; run <= runs; run++) {
      // From another type, so the largest list is built anew.
      await typeSelect.selectOption({ label: other.label });
      await firstOption(page, other.label).waitFor();
      const openMs = await timeOpen(page, largest.value, largest.label);

      const wheel = await scrollPass(page, largest.label, steps, 'wheel');
      const jump = await scrollPass(page, largest.label, steps, 'jump');
      if (jump.reachedRow !== largestRows) problems.push(`run ${run}: the jump pass ended at row ${jump.reachedRow} of ${largestRows}`);

      const search = await timeSearch(page, largest.label, 'a');
      if (search.after === search.before) problems.push(`run ${run}: the search did not change the count line`);
      const row: ListRun = {
        run,
        openMs: round(openMs),
        wheel,
        jump,
        searchMs: round(search.ms),
        searchExactMs: round(search.exactMs),
        searchCountBefore: search.before,
        searchCountAfter: search.after,
      };
      listRuns.push(row);
      console.log(
        `  run ${run}: open ${openMs.toFixed(0)} ms; wheel frames median ${wheel.frameMs.median} / p95 ${wheel.frameMs.p95} / max ${wheel.frameMs.max} ms, ${wheel.longFrames} > ${LONG_FRAME_MS} ms, ≤ ${wheel.maxOptions} rows in the DOM; ` +
          `jump median ${jump.frameMs.median} / p95 ${jump.frameMs.p95} / max ${jump.frameMs.max} ms, ${jump.longFrames} > ${LONG_FRAME_MS} ms, ≤ ${jump.maxOptions} rows; search ${search.ms.toFixed(0)} ms, exact ${search.exactMs.toFixed(0)} ms (${search.before} → ${search.after})`,
      );
    }

    const heap = await measureHeap(page);
    const summary = (pick: (r: ListRun) => ScrollPass): PassSummary => ({
      medianFrameMs: median(listRuns.map((r) => pick(r).frameMs.median)),
      p95FrameMs: median(listRuns.map((r) => pick(r).frameMs.p95)),
      maxFrameMs: median(listRuns.map((r) => pick(r).frameMs.max)),
      longFrames: median(listRuns.map((r) => pick(r).longFrames)),
      maxOptions: Math.max(...listRuns.map((r) => pick(r).maxOptions)),
    });
    console.log(
      `  heap with the list open ${mib(heap.used)} MiB, ${mib(heap.afterGc)} MiB after GC; ${heap.domElements} elements in the document`,
    );
    await context.close();
    context = undefined;

    // The old path, in a fresh profile: the package published with keyExchange="siebel" (change keys, then QueryRecords).
    await publishAsAdmin(gateway.url, siebelPackage(root));
    oldContext = await chromium.launchPersistentContext(oldProfileDir, browserOptions);
    const oldPage = oldContext.pages()[0] ?? (await oldContext.newPage());
    await oldPage.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
    const old = await firstSync(oldPage, gateway.url, 'siebel');
    if (old.deviceRecords !== deviceRecords)
      problems.push(`the old path synced ${old.deviceRecords} records, the new one ${deviceRecords}`);
    if (raw.records < deviceRecords)
      problems.push(`the raw baseline moved ${raw.records} records, fewer than the ${deviceRecords} of the sync`);
    return {
      records,
      seedMs: round(seedMs),
      syncMs: round(syncMs),
      deviceRecords,
      syncRecordsPerSecond: round(syncRecordsPerSecond),
      syncPeakHeapBytes: first.peakHeapBytes,
      oldSyncMs: round(old.syncMs),
      oldSyncRecordsPerSecond: round(old.syncRecordsPerSecond),
      oldSyncPeakHeapBytes: old.peakHeapBytes,
      raw: { ...raw, ms: round(raw.ms), recordsPerSecond: round(raw.recordsPerSecond) },
      rawKeyed: { ...rawKeyed, ms: round(rawKeyed.ms), recordsPerSecond: round(rawKeyed.recordsPerSecond) },
      shareOfRaw: round((syncRecordsPerSecond / raw.recordsPerSecond) * 1000) / 1000,
      shareOfRawKeyed: round((syncRecordsPerSecond / rawKeyed.recordsPerSecond) * 1000) / 1000,
      rowsByType,
      largestType: largest.label,
      largestTypeRows: largestRows,
      runs: listRuns,
      median: {
        openMs: median(listRuns.map((r) => r.openMs)),
        searchMs: median(listRuns.map((r) => r.searchMs)),
        searchExactMs: median(listRuns.map((r) => r.searchExactMs)),
        wheel: summary((r) => r.wheel),
        jump: summary((r) => r.jump),
      },
      heapUsedBytes: heap.used,
      heapAfterGcBytes: heap.afterGc,
      domElements: heap.domElements,
      problems,
    };
  } finally {
    await context?.close();
    await oldContext?.close();
    await gateway?.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(oldProfileDir, { recursive: true, force: true });
    rmSync(keyedProfileDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The pane's first run on a fresh profile: sign in, the filter step, "Start the first
 * sync" until "Your data is ready.", with the page's JS heap sampled every 50 ms.
 */
async function firstSync(
  page: Page,
  gatewayUrl: string,
  path: 'reconcile' | 'siebel',
): Promise<{ syncMs: number; deviceRecords: number; syncRecordsPerSecond: number; peakHeapBytes: number | null }> {
  await page.goto(`${gatewayUrl}/pane/taskpane.html`);
  await page.getByRole('textbox', { name: 'User name' }).fill(BENCH_USER);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose what to keep on this device' }).waitFor({ timeout: 30_000 });
  await page.getByRole('radio', { name: BENCH_PRESET }).check();
  const start = page.getByRole('button', { name: 'Start the first sync' });
  await start.waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { fieldbookPeakHeap: number; fieldbookSampler: number };
    const used = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    w.fieldbookPeakHeap = used();
    w.fieldbookSampler = window.setInterval(() => (w.fieldbookPeakHeap = Math.max(w.fieldbookPeakHeap, used())), 50);
  });
  const syncStarted = performance.now();
  await start.click();
  await page.getByText('Your data is ready.').waitFor({ timeout: SYNC_TIMEOUT_MS });
  const syncMs = performance.now() - syncStarted;
  const peak = await page.evaluate(() => {
    const w = window as unknown as { fieldbookPeakHeap: number; fieldbookSampler: number };
    window.clearInterval(w.fieldbookSampler);
    return w.fieldbookPeakHeap;
  });
  const doneText = (await page.getByText(/[\d,]+ records? (is|are) now available offline/).textContent()) ?? '';
  const deviceRecords = Number(doneText.match(/([\d,]+) record/)?.[1]?.replace(/,/g, '') ?? NaN);
  const syncRecordsPerSecond = deviceRecords / (syncMs / 1000);
  console.log(
    `  first sync (${path === 'reconcile' ? 'new path: streamed pages' : 'old path: change keys, then QueryRecords'}): ${(syncMs / 1000).toFixed(1)} s for ${deviceRecords.toLocaleString('en-US')} records (${Math.round(syncRecordsPerSecond).toLocaleString('en-US')} records/s), peak heap ${mib(peak || null)} MiB`,
  );
  return { syncMs, deviceRecords, syncRecordsPerSecond, peakHeapBytes: peak || null };
}

/** Publishes `files` for the administrator's responsibility (the benchmark signs in as admin). */
async function publishAsAdmin(gatewayUrl: string, files: readonly PackageFile[]): Promise<void> {
  const post = async (operation: string, body: unknown, token?: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${gatewayUrl}/api/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${operation} failed: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const login = await post('Login', { userName: BENCH_USER, password: BENCH_PASSWORD });
  const token = String(login['sessionToken']);
  await post('PublishPackage', { responsibilityId: login['responsibilityId'], files }, token);
  await post('Logout', {}, token);
}

function firstOption(page: Page, label: string) {
  return page.getByRole('listbox', { name: label, exact: true }).getByRole('option').first();
}

/** The count line of the list shown ("12,345 activities"), once loaded. */
async function readCount(page: Page, label: string): Promise<number> {
  const line = page.getByRole('status').filter({ hasText: new RegExp(`^[\\d,]+ (${escapeRegExp(label)}|\\w+)$`, 'i') });
  await line.first().waitFor({ timeout: 60_000 });
  const text = (await line.first().textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

/** Chooses `value` in the Record type select inside the page and waits, frame by frame, for a visible row of its listbox. */
async function timeOpen(page: Page, value: string, label: string): Promise<number> {
  const select = await page.getByRole('combobox', { name: 'Record type' }).elementHandle();
  if (!select) throw new Error('No Record type select');
  return page.evaluate(
    async ({ select, value, label }) => {
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const started = performance.now();
      const element = select as unknown as HTMLSelectElement;
      element.value = value;
      element.dispatchEvent(new Event('input', { bubbles: true }));
      element.dispatchEvent(new Event('change', { bubbles: true }));
      for (;;) {
        await frame();
        const box = [...document.querySelectorAll<HTMLElement>('[role="listbox"]')].find((b) => b.getAttribute('aria-label') === label);
        const row = box && !box.hidden ? box.querySelector('[role="option"]') : null;
        if (row && row.getBoundingClientRect().height > 0) return performance.now() - started;
        if (performance.now() - started > 120_000) throw new Error(`No row of ${label} after 2 minutes`);
      }
    },
    { select: select, value, label },
  );
}

/**
 * One scroll pass over the listbox, one step per animation frame: 'wheel' moves
 * half the list's height a step from the top, 'jump' goes from the top to the
 * bottom in `steps` equal steps. Answers the frame intervals and the rows seen.
 */
async function scrollPass(page: Page, label: string, steps: number, mode: 'wheel' | 'jump'): Promise<ScrollPass> {
  const raw = await page.evaluate(
    async ({ label, steps, mode }) => {
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const box = [...document.querySelectorAll<HTMLElement>('[role="listbox"]')].find((b) => b.getAttribute('aria-label') === label);
      if (!box) throw new Error(`No listbox ${label}`);
      box.scrollTop = 0;
      await frame();
      await frame();
      const range = box.scrollHeight - box.clientHeight;
      const stepPx = mode === 'wheel' ? box.clientHeight / 2 : range / steps;
      const frames: number[] = [];
      let maxOptions = box.querySelectorAll('[role="option"]').length;
      let last = await frame();
      for (let i = 1; i <= steps; i++) {
        box.scrollTop = Math.min(range, Math.round(i * stepPx));
        const now = await frame();
        frames.push(now - last);
        last = now;
        maxOptions = Math.max(maxOptions, box.querySelectorAll('[role="option"]').length);
      }
      // The list renders on the frame after a scroll event: let the last step land.
      await frame();
      await frame();
      const options = [...box.querySelectorAll('[role="option"]')];
      maxOptions = Math.max(maxOptions, options.length);
      const reachedRow = Math.max(0, ...options.map((o) => Number(o.getAttribute('aria-posinset') ?? 0)));
      const rows = Number(options[0]?.getAttribute('aria-setsize') ?? 0);
      box.scrollTop = 0;
      await frame();
      await frame();
      return { stepPx, frames, maxOptions, reachedRow, rows };
    },
    { label, steps, mode },
  );
  const sorted = [...raw.frames].sort((a, b) => a - b);
  return {
    steps,
    stepPx: round(raw.stepPx),
    frameMs: { median: round(median(sorted)), p95: round(percentile(sorted, 0.95)), max: round(sorted[sorted.length - 1] ?? 0) },
    longFrames: raw.frames.filter((f) => f > LONG_FRAME_MS).length,
    maxOptions: raw.maxOptions,
    reachedRow: raw.reachedRow,
    rows: raw.rows,
    frames: raw.frames.map(round),
  };
}

/**
 * Puts `term` into the list's search box inside the page, times until the count line
 * changes and until it is exact (no "About"), then clears the search again (not timed).
 */
async function timeSearch(
  page: Page,
  label: string,
  term: string,
): Promise<{ ms: number; exactMs: number; before: string; after: string }> {
  const input = await page.getByRole('searchbox', { name: `Search ${label}`, exact: true }).elementHandle();
  if (!input) throw new Error(`No search box for ${label}`);
  const result = await page.evaluate(
    async ({ input, term }) => {
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const box = input as unknown as HTMLInputElement;
      const count = document.querySelector<HTMLElement>('.records-view [role="status"]');
      if (!count) throw new Error('No count line');
      const before = count.textContent ?? '';
      const started = performance.now();
      box.value = term;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      let ms: number | null = null;
      for (;;) {
        await frame();
        const now = count.textContent ?? '';
        if (now !== before) ms ??= performance.now() - started;
        if (ms !== null && !now.startsWith('About ')) return { ms, exactMs: performance.now() - started, before, after: now };
        if (performance.now() - started > 60_000) throw new Error('The count line was not exact within a minute');
      }
    },
    { input: input, term },
  );
  // Back to the whole list for the next run.
  await page.getByRole('searchbox', { name: `Search ${label}`, exact: true }).fill('');
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^${escapeRegExp(result.before)}$`) })
    .first()
    .waitFor();
  return result;
}

async function measureHeap(page: Page): Promise<{ used: number | null; afterGc: number | null; domElements: number }> {
  const inPage = await page.evaluate(() => ({
    used: (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
    domElements: document.getElementsByTagName('*').length,
  }));
  let afterGc: number | null = null;
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    afterGc = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
    await cdp.detach();
  } catch (error) {
    console.error('  (no heap metrics from the DevTools protocol:', error, ')');
  }
  return { used: inPage.used, afterGc, domElements: inPage.domElements };
}

function printTable(results: readonly SizeResult[]): void {
  console.log(`\nMedians over runs (frame times: median / p95 / max ms, frames > ${LONG_FRAME_MS} ms, most rows in the DOM)`);
  const header = [
    'records',
    'on device',
    'sync s',
    'records/s',
    'old path s (rec/s)',
    'raw s (rec/s)',
    'keyed s',
    'of raw / keyed',
    'sync peak heap new / old / raw MiB',
    'largest list',
    'open ms',
    'wheel frames',
    'jump frames',
    'search ms (exact)',
    'heap MiB',
    'after GC',
  ];
  const rows = results.map((r) => [
    r.records.toLocaleString('en-US'),
    r.deviceRecords.toLocaleString('en-US'),
    (r.syncMs / 1000).toFixed(1),
    Math.round(r.syncRecordsPerSecond).toLocaleString('en-US'),
    `${(r.oldSyncMs / 1000).toFixed(1)} (${Math.round(r.oldSyncRecordsPerSecond).toLocaleString('en-US')})`,
    `${(r.raw.ms / 1000).toFixed(1)} (${Math.round(r.raw.recordsPerSecond).toLocaleString('en-US')})`,
    (r.rawKeyed.ms / 1000).toFixed(1),
    `${Math.round(r.shareOfRaw * 100)}% / ${Math.round(r.shareOfRawKeyed * 100)}%`,
    `${mib(r.syncPeakHeapBytes)} / ${mib(r.oldSyncPeakHeapBytes)} / ${mib(r.raw.peakHeapBytes)}`,
    `${r.largestTypeRows.toLocaleString('en-US')} ${r.largestType.toLocaleLowerCase()}`,
    r.median.openMs.toFixed(0),
    passCell(r.median.wheel),
    passCell(r.median.jump),
    `${r.median.searchMs.toFixed(0)} (${r.median.searchExactMs.toFixed(0)})`,
    r.heapUsedBytes === null ? '–' : mib(r.heapUsedBytes),
    r.heapAfterGcBytes === null ? '–' : mib(r.heapAfterGcBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function passCell(p: PassSummary): string {
  return `${p.medianFrameMs.toFixed(1)} / ${p.p95FrameMs.toFixed(1)} / ${p.maxFrameMs.toFixed(1)}, ${p.longFrames} long, ≤${p.maxOptions} rows`;
}

function mib(bytes: number | null): string {
  return bytes === null ? '–' : (bytes / 1024 / 1024).toFixed(1);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Nearest rank on sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

main().catch((error: unknown) => {
  console.error('Benchmark failed:', error);
  process.exit(1);
});
