/**
 * End to end, the pane's one date and number format (issue 15, part 6) follows the
 * display language: in a plain browser that is the browser's language (in Outlook the
 * mailbox's, host/display-language.ts). A German browser sees German dates in every
 * view, with the pane's words still English.
 */
import { checkScreen, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400 });

/** "01.12.2026, 14:05": de-DE's medium date and short time (format/pane-format.ts). */
const GERMAN_DATE_TIME = /\b\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\b/;

describe('dates and numbers in the display language', () => {
  test('a German browser: the Sync panel, the mailbox and the sync result write German dates and times', async () => {
    const context = await harness.browser.newContext({ locale: 'de-DE', viewport: { width: 400, height: 900 } });
    try {
      const page = await context.newPage();
      // office.js tries to reach Microsoft's telemetry: nothing leaves this machine.
      await page.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
      await page.goto(`${harness.gw.url}/pane/taskpane.html`);
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'demo');
      await finishFirstRun(page);

      await page.getByRole('tab', { name: 'Sync' }).click();
      const lastSync = page.locator('dt', { hasText: 'Last successful sync' }).locator('xpath=following-sibling::dd[1]');
      await expect(lastSync.textContent()).resolves.toMatch(GERMAN_DATE_TIME);
      await page.getByRole('button', { name: 'Sync now' }).click();
      await expect(page.getByText(/^Sync complete at/).textContent()).resolves.toMatch(/^Sync complete at \d{2}:\d{2}\.$/);
      // Photographed once no sync runs (an automatic one may follow the first): Sync now is enabled again.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('button')].some((button) => button.textContent === 'Sync now' && !button.disabled),
      );
      await checkScreen(page, '75-sync-de-DE');

      await page.getByRole('tab', { name: 'Email' }).click();
      await page.getByRole('region', { name: 'Mailbox simulator' }).getByRole('button').first().waitFor();
      const times = await page.locator('.mail-sim-time').allTextContents();
      expect(times.length).toBeGreaterThan(0);
      for (const time of times) expect(time).toMatch(GERMAN_DATE_TIME);
    } finally {
      await context.close();
    }
  });
});
