import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import webpack, { type Configuration } from 'webpack';

const ROOT = path.resolve(__dirname, '../..');
/** Debian's Chromium (.ci/run installs it); playwright cannot download browsers here. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Flags for Debian's Chromium headless in a sandboxless container, quiet on the network (TOOLCHAIN.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** What the pane build reads besides node_modules (pinned by package-lock.json): its sources and config. */
const PANE_INPUT_DIRS = ['src', 'scripts'];
const PANE_INPUT_FILES = ['webpack.config.js', 'tsconfig.json', 'tsconfig.base.json', 'package.json', 'package-lock.json'];
const PANE_CACHE_PREFIX = 'fieldbook-pane-';
/** Builds of other sources left in the temporary folder longer than this are removed. */
const PANE_CACHE_KEEP_MS = 6 * 60 * 60_000;
/** Longer than any build takes: a lock this old was left by a build that was killed. */
const PANE_BUILD_WAIT_MS = 5 * 60_000;

/** A digest of every file the build reads in `root`: the same digest, the same build. */
function paneInputsDigest(root: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  for (const dir of PANE_INPUT_DIRS) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const file of PANE_INPUT_FILES) if (fs.existsSync(path.join(root, file))) files.push(path.join(root, file));
  const digest = createHash('sha256');
  for (const file of files.sort())
    digest
      .update(`${path.relative(root, file)}\0`)
      .update(fs.readFileSync(file))
      .update('\0');
  return digest.digest('hex').slice(0, 20);
}

/** Removes the builds of other sources that nobody made for hours (each is ≈ 10 MB). */
function removeStaleBuilds(keep: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const full = path.join(os.tmpdir(), name);
    if (!name.startsWith(PANE_CACHE_PREFIX) || full === keep) continue;
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > PANE_CACHE_KEEP_MS) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * The production build of the pane (the gateway serves it under /pane/), made once per
 * content of its sources and shared: every e2e suite of a test run (and the benchmark)
 * gets the same folder, so the run builds once instead of once per suite (≈ 27 s each on
 * two cores). One worker builds while the others wait (a lock folder); the build goes
 * into a folder of its own and is renamed into place when complete, so a suite never
 * sees half a build. `root` is the checkout (the benchmark passes its own: compiled, this file
 * lives elsewhere). `remove` leaves the shared build for the next suite.
 */
export async function buildPane(root: string = ROOT): Promise<{ dir: string; remove(): void }> {
  const shared = path.join(os.tmpdir(), `${PANE_CACHE_PREFIX}${paneInputsDigest(root)}`);
  const kept = { dir: shared, remove: () => undefined };
  const built = () => fs.existsSync(path.join(shared, 'taskpane.html'));
  if (built()) return kept;
  // One build at a time: a worker that finds another building waits for its build.
  const lock = `${shared}.building`;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A build killed half-way leaves its lock behind: past the longest build, it is ignored.
      const since = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (since > PANE_BUILD_WAIT_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (built()) return kept;
    }
  }
  try {
    if (built()) return kept;
    removeStaleBuilds(shared);
    await buildInto(root, shared);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return kept;
}

/** Builds the pane of `root` into a folder of its own, then renames it to `shared`. */
async function buildInto(root: string, shared: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, from a checkout chosen at run time (the benchmark builds others)
  const baseConfig = require(path.join(root, 'webpack.config.js')) as Configuration;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-e2e-pane-'));
  try {
    await new Promise<void>((resolve, reject) => {
      const compiler = webpack({ ...baseConfig, mode: 'production', output: { ...baseConfig.output, path: dir } });
      compiler.run((error, stats) => {
        compiler.close(() => undefined);
        if (error) return reject(error);
        if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
        resolve();
      });
    });
    fs.renameSync(dir, shared);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    // Another process put the same build in place first (one that did not see the lock): use that one.
    if (!fs.existsSync(path.join(shared, 'taskpane.html'))) throw error;
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** Runs axe-core on the page as it is; answers every violation, of any impact (WCAG 2.x A/AA rules and best practices). */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** Where screenshots go (looked at by eye; not compared). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'screens');

/** The violations as a list a person can act on: impact, rule, what it asks, and where. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `- ${v.impact ?? 'unknown'} ${v.id}: ${v.help}\n${v.nodes.map((node) => `    at ${node}`).join('\n')}`)
    .join('\n');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
