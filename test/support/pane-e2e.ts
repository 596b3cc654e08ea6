/**
 * The end-to-end harness for the task pane: the production build of the pane,
 * served by a real test gateway, in Debian's Chromium; and the steps every pane
 * test shares (open a fresh profile, sign in, the first run, screen checks).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessibilityViolations, buildPane, describeViolations, launchChromium, screenshot } from './pane-browser.js';
import type { Engine } from './test-database.js';
import { startTestGateway, type TestGateway } from './test-gateway.js';

export interface PaneHarnessOptions {
  /** How many demo records the gateway's CRM holds. */
  readonly demoRecords: number;
  /** Whether new browser contexts accept downloads (for export tests). */
  readonly acceptDownloads?: boolean;
  /** The gateway's engine; the Jest project's when unset (test-gateway.ts). */
  readonly engine?: Engine;
}

export interface PaneHarness {
  /** The running gateway; it serves the pane under /pane/. */
  readonly gw: TestGateway;
  readonly browser: Browser;
  /** A fresh browser profile in a (by default narrow, task-pane-sized) window, on the pane's page. */
  openPane: (viewport?: { width: number; height: number }) => Promise<{ context: BrowserContext; page: Page }>;
}

/** Builds the pane, starts the gateway and launches Chromium before the file's tests, and stops them after. */
export function usePaneHarness(options: PaneHarnessOptions): PaneHarness {
  let gw: TestGateway | undefined;
  let pane: { dir: string; remove(): void } | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    pane = await buildPane();
    gw = await startTestGateway({
      demoRecords: options.demoRecords,
      paneDir: pane.dir,
      ...(options.engine ? { engine: options.engine } : {}),
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    pane?.remove();
  });

  function started<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} is not running (the harness starts it in beforeAll)`);
    return value;
  }

  return {
    get gw() {
      return started(gw, 'the gateway');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
    async openPane(viewport = { width: 400, height: 900 }) {
      const context = await started(browser, 'Chromium').newContext({
        viewport,
        ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
      });
      const page = await context.newPage();
      // office.js tries to reach Microsoft's telemetry: nothing leaves this machine.
      await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
      await page.goto(`${started(gw, 'the gateway').url}/pane/taskpane.html`);
      return { context, page };
    },
  };
}

/** Photographs and scans the current screen; fails on any accessibility violation axe finds, whatever its impact. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await accessibilityViolations(page);
  if (violations.length > 0)
    throw new Error(
      `Screen ${name} has ${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} (axe-core):\n${describeViolations(violations)}`,
    );
}

/** Fills in the sign-in form (optionally the gateway address and "remember me") and signs in. */
export async function signIn(
  page: Page,
  userName: string,
  password: string,
  options: { remember?: boolean; gatewayUrl?: string } = {},
): Promise<void> {
  if (options.gatewayUrl) await page.getByRole('textbox', { name: 'Gateway address' }).fill(options.gatewayUrl);
  await page.getByRole('textbox', { name: 'User name' }).fill(userName);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  if (options.remember) await page.getByRole('checkbox', { name: /Remember me/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface FirstRunOptions {
  /** A preset to choose instead of the default one. */
  readonly preset?: string;
  /** Wait for the record estimate before starting the first sync. */
  readonly estimate?: boolean;
  /** Check the filter and "data is ready" screens (02-first-run-filters, 03-first-run-done); implies `estimate`. */
  readonly screens?: boolean;
}

/** After signing in: the first run's filter step, the first sync, and on to the Records tab. */
export async function finishFirstRun(page: Page, options: FirstRunOptions = {}): Promise<void> {
  await page
    .getByRole('heading', { name: 'Choose what to keep on this device' })
    .waitFor({ timeout: 10_000 })
    .catch(async (e) => {
      await screenshot(page, 'failed-first-run');
      throw e;
    });
  if (options.preset) await page.getByRole('radio', { name: options.preset }).check();
  if (options.estimate || options.screens) await page.getByText(/About [\d,]+ records/).waitFor();
  if (options.screens) {
    await presetArrowKeysKeepFocus(page);
    await checkScreen(page, '02-first-run-filters');
  }
  await page.getByRole('button', { name: 'Start the first sync' }).click();
  await page
    .getByText('Your data is ready.')
    .waitFor()
    .catch(async (e: Error) => {
      // What the pane said instead, so a failure on a machine out of reach (CI) can be read from its log.
      await screenshot(page, 'failed-first-sync');
      throw new Error(
        `${e.message}\nThe pane said instead:\n${await page
          .locator('body')
          .innerText({ timeout: 5_000 })
          .catch(() => '(unreadable)')}`,
      );
    });
  if (options.screens) await checkScreen(page, '03-first-run-done');
  await page.getByRole('button', { name: 'Open Fieldbook' }).click();
  await page.getByRole('tab', { name: 'Records', exact: true }).waitFor();
}

/**
 * The preset radios as a keyboard user moves through them: each arrow key checks the
 * next (or previous) preset, and the focus stays on it, with its ring, although the
 * chooser re-renders. Ends on the preset it started from.
 */
export async function presetArrowKeysKeepFocus(page: Page): Promise<void> {
  const radios = page.getByRole('group', { name: 'Filter preset' }).getByRole('radio');
  const count = await radios.count();
  expect(count).toBeGreaterThan(1);
  const focusedRadio = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      const all = [...document.querySelectorAll('input[type=radio]')];
      if (!(active instanceof HTMLInputElement) || active.type !== 'radio') return null;
      // The focus ring (fieldbook.css): a thin brand outline on keyboard focus.
      const style = getComputedStyle(active);
      return {
        index: all.indexOf(active),
        checked: active.checked,
        ring: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      };
    });
  const ring = 'solid 2px rgb(15, 108, 189)';
  const start = await radios.evaluateAll((inputs) => inputs.findIndex((input) => (input as HTMLInputElement).checked));
  await radios.nth(start).focus();
  await page.keyboard.press('ArrowDown');
  await expect(focusedRadio()).resolves.toEqual({ index: (start + 1) % count, checked: true, ring });
  await page.keyboard.press('ArrowUp');
  await expect(focusedRadio()).resolves.toEqual({ index: start, checked: true, ring });
}

/** `text` as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds an account by name in the Records list, as a rep types it, and opens its detail. */
export async function openAccount(page: Page, name: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search Accounts' }).fill(name);
  // As a rep does: the answer first (the count line of the matches), then the click, so the
  // list redrawn for the search cannot take the row away under the pointer.
  await page
    .getByRole('status')
    .filter({ hasText: /^[\d,]+ of [\d,]+ accounts$/ })
    .first()
    .waitFor();
  await page
    .getByRole('listbox', { name: 'Accounts' })
    .getByRole('option', { name: new RegExp(escapeRegExp(name)) })
    .first()
    .click();
  await page.getByRole('heading', { name }).waitFor();
}
