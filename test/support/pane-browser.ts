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

/**
 * The production build of the pane into a fresh folder (the gateway serves it under
 * /pane/). `root` is the checkout (the benchmark passes its own: compiled, this file
 * lives elsewhere).
 */
export async function buildPane(root: string = ROOT): Promise<{ dir: string; remove(): void }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, from a checkout chosen at run time (the benchmark builds others)
  const baseConfig = require(path.join(root, 'webpack.config.js')) as Configuration;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-e2e-pane-'));
  await new Promise<void>((resolve, reject) => {
    const compiler = webpack({ ...baseConfig, mode: 'production', output: { ...baseConfig.output, path: dir } });
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
