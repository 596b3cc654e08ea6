/**
 * The pane in a Chromium with a profile on disk that outlives the browser, and a
 * crash as it really happens: the browser process killed with SIGKILL, nothing
 * flushed or closed in order. For tests of what a crash keeps and what it loses.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './pane-browser.js';

export interface PersistentPane {
  readonly context: BrowserContext;
  readonly page: Page;
}

/** Launches Chromium on `profileDir` (created on first use) and opens the pane at `paneUrl`. */
export async function openPersistentPane(profileDir: string, paneUrl: string): Promise<PersistentPane> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // office.js tries to reach Microsoft's telemetry: nothing leaves this machine.
  await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  await page.goto(paneUrl);
  return { context, page };
}

/** The processes whose command line runs Chromium on this profile. */
function chromiumProcesses(profileDir: string): { pid: number; browser: boolean }[] {
  const found: { pid: number; browser: boolean }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile
    }
    if (!args.includes(`--user-data-dir=${profileDir}`)) continue;
    found.push({ pid: Number(entry), browser: !args.some((a) => a.startsWith('--type=')) });
  }
  return found;
}

/**
 * Kills the browser process of `profileDir` with SIGKILL — no shutdown, no flush —
 * and waits until none of its processes is left (its helpers die with it), so the
 * profile can be opened again.
 */
export async function killChromium(profileDir: string): Promise<void> {
  const browser = chromiumProcesses(profileDir).find((p) => p.browser);
  if (!browser) throw new Error(`no Chromium runs on ${profileDir}`);
  process.kill(browser.pid, 'SIGKILL');
  for (let i = 0; i < 100 && chromiumProcesses(profileDir).length > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const leftover of chromiumProcesses(profileDir)) process.kill(leftover.pid, 'SIGKILL');
}

/** The files under `dir` that hold `text` (as Latin-1/UTF-8 or UTF-16 bytes, the two ways Chromium stores strings). */
export function filesContaining(dir: string, text: string): string[] {
  const needles = [Buffer.from(text, 'latin1'), Buffer.from(text, 'utf16le')];
  const hits: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const kind = lstatSync(path);
      if (kind.isSymbolicLink()) continue; // Chromium's Singleton* links: nothing to read
      const isDir = kind.isDirectory();
      if (isDir) walk(path);
      else if (needles.some((needle) => readFileSync(path).includes(needle))) hits.push(path);
    }
  };
  walk(dir);
  return hits;
}
