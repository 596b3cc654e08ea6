/**
 * End to end, the pane's edges: sign-in errors, "remember me" and an ended
 * session, keyboard use, 200% zoom, form validation, a long list, and the login
 * change that carries unsent changes into the archive and exports them.
 * Debian's Chromium, real IndexedDB, the real gateway over HTTP.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/pane-browser.js';
import { checkScreen, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

// Enough records that dave's team view gives lists far longer than a screen.
const harness = usePaneHarness({ demoRecords: 6000, acceptDownloads: true });
const { openPane } = harness;

/** True when the page scrolls sideways (content wider than the window). */
function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

describe('the task pane at its edges', () => {
  test('sign-in errors are shown in words with what to do, and change nothing', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('textbox', { name: 'Gateway address' }).fill('not an address');
      await signIn(page, 'alice', 'demo');
      await page.getByText('Enter the gateway address, for example https://crm.example.com').waitFor();

      await signIn(page, 'alice', 'wrong password', { gatewayUrl: harness.gw.url });
      await page.getByRole('alert').getByText('The user name or password is wrong.').waitFor();
      await checkScreen(page, '20-sign-in-wrong-password');

      // Nothing listens on port 9 of this machine.
      await signIn(page, 'alice', 'demo', { gatewayUrl: 'http://127.0.0.1:9' });
      await page.getByRole('alert').getByText('The gateway cannot be reached.').waitFor();
      // Nothing is kept of a sign-in that failed: no login, no store, not even the device's own database.
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
      expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('"remember me" keeps the session across reloads; without it the pane asks for the password before syncing, offline data still there', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'demo', { remember: true });
      await finishFirstRun(page);
      await page.reload();
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByText('Signed in as').waitFor();
      await expect(page.getByText('Sign in again to sync.').count()).resolves.toBe(0);
      // Kept in IndexedDB (beside the data, which a crash does not lose), none of it in web storage.
      expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    } finally {
      await context.close();
    }

    const second = await openPane();
    try {
      await second.page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(second.page, 'carol', 'demo');
      await finishFirstRun(second.page);
      // A new tab of the same profile: the session stayed with the old tab.
      const tab = await second.context.newPage();
      await tab.goto(`${harness.gw.url}/pane/taskpane.html`);
      await tab.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      await tab.getByRole('tab', { name: 'Sync' }).click();
      await tab.getByText('Sign in again to sync.').waitFor();
      await checkScreen(tab, '21-sign-in-again');
      await tab.getByRole('textbox', { name: 'Password' }).fill('demo');
      await tab.getByRole('button', { name: 'Sign in' }).click();
      // As a person would: the sign-in form goes once the session is back.
      await tab.getByText('Sign in again to sync.').waitFor({ state: 'hidden' });
      await tab.getByRole('button', { name: 'Sync now' }).click();
      await tab.getByText(/^Sync complete at/).waitFor();
    } finally {
      await second.context.close();
    }
  });

  test('keyboard, a long virtualised list, form validation, and 200% zoom', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'dave', 'demo');
      await finishFirstRun(page, { preset: 'Everything of my team' });

      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Activities' });
      const list = page.getByRole('listbox', { name: 'Activities' });
      await list.getByRole('option').first().waitFor();
      const total = Number(
        (
          await page
            .getByText(/^[\d,]+ activities/)
            .first()
            .textContent()
        )?.replace(/[^\d]/g, ''),
      );
      expect(total).toBeGreaterThan(500);
      // Only the rows in view (and a few more) exist in the page.
      expect(await list.getByRole('option').count()).toBeLessThan(60);
      expect(await list.getByRole('option').first().getAttribute('aria-setsize')).toBe(String(total));

      // Keyboard: into the list, down two rows, open with Enter.
      await list.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      // End and Enter in the same task, so the last row's id is still being read when Enter
      // comes: the row opens once it is read (Enter on a row still loading is not lost).
      await list.evaluate((listbox) => {
        for (const key of ['End', 'Enter']) listbox.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      });
      await page.getByRole('button', { name: /Back to Activities/ }).click();
      // Back at the bottom of the list, on the same row: its page of ids read from the end of the index.
      await expect(list.getByRole('option', { selected: true }).getAttribute('aria-posinset')).resolves.toBe(String(total));

      // A search with more than a screenful of matches draws their head first, with an estimate
      // of their count from a sample, then the exact count; End reads every match in order, and
      // the last A–Z is the first Z–A.
      await page.locator('.records-count').evaluate((line) => {
        const seen: string[] = [];
        (window as unknown as { countLines: string[] }).countLines = seen;
        new MutationObserver(() => seen.push(line.textContent ?? '')).observe(line, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await page.getByRole('searchbox', { name: 'Search Activities' }).fill('c');
      const matchedLine = page.getByText(/^[\d,]+ of [\d,]+ activities/).first();
      await matchedLine.waitFor();
      const matches = Number((await matchedLine.textContent())?.split(' of ')[0]?.replace(/[^\d]/g, ''));
      expect(matches).toBeGreaterThan(500);
      const lines = await page.evaluate(() => (window as unknown as { countLines: string[] }).countLines);
      const estimate = Number(/^About ([\d,]+) of/.exec(lines.find((text) => text.startsWith('About ')) ?? '')?.[1]?.replace(/,/g, ''));
      expect(estimate).toBeGreaterThan(matches * 0.5);
      expect(estimate).toBeLessThan(matches * 1.5);
      expect(lines.at(-1)).toMatch(/^[\d,]+ of [\d,]+ activities$/);
      await list.focus();
      await page.keyboard.press('End');
      const lastMatch = list.getByRole('option', { selected: true });
      await expect(lastMatch.getAttribute('aria-posinset')).resolves.toBe(String(matches));
      const lastTitle = (await lastMatch.locator('.row-title:not(.muted)').textContent()) ?? '';
      expect(lastTitle).not.toBe('');
      await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ index: 1 });
      await list.getByRole('option').first().locator('.row-title', { hasText: lastTitle }).waitFor();
      await page.getByRole('searchbox', { name: 'Search Activities' }).fill('');

      // A new account with nothing filled in: the form names what is missing and saves nothing.
      await page.getByRole('tab', { name: 'Records', exact: true }).click();
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Accounts' });
      await page.getByRole('button', { name: 'New Account' }).click();
      await page.getByRole('button', { name: 'Save' }).click();
      const invalid = page.locator('[aria-invalid="true"]');
      await invalid.first().waitFor();
      expect(await invalid.count()).toBeGreaterThanOrEqual(2);
      await checkScreen(page, '22-form-validation');
      // Filled in, it saves; then the rep deletes it again (confirmed first).
      await page.getByRole('textbox', { name: /^Name/ }).fill('Keyboard Test Ltd');
      await page.getByRole('textbox', { name: /^Location/ }).fill('Leeds, United Kingdom');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Keyboard Test Ltd' }).waitFor();
      await page.getByText('Changed on this device, not yet synced.').waitFor();
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('alertdialog', { name: 'Delete this account?' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('searchbox', { name: 'Search Accounts' }).fill('Keyboard Test Ltd');
      await page
        .getByText(/^0 (of [\d,]+ )?accounts/)
        .first()
        .waitFor();

      // A row stays with its record when an answer moves it: the row the rep aimed at before the
      // search was answered still opens that account, now at the top (a row kept by its place
      // would show another account, or be gone, and the click open something else or nothing).
      await page.getByRole('searchbox', { name: 'Search Accounts' }).fill('');
      const accounts = page.getByRole('listbox', { name: 'Accounts' });
      await page
        .getByRole('status')
        .filter({ hasText: /^[\d,]+ accounts$/ })
        .first()
        .waitFor();
      const aimed = accounts.getByRole('option').nth(5);
      await expect(aimed.getAttribute('aria-posinset')).resolves.toBe('6');
      const aimedName = ((await aimed.locator('.row-title').textContent()) ?? '').trim();
      expect(aimedName).not.toBe('');
      const aimedRow = await aimed.elementHandle();
      await page.getByRole('searchbox', { name: 'Search Accounts' }).fill(aimedName);
      await page
        .getByRole('status')
        .filter({ hasText: /^[\d,]+ of [\d,]+ accounts$/ })
        .first()
        .waitFor();
      await expect(aimedRow?.getAttribute('aria-posinset')).resolves.not.toBe('6');
      await aimedRow?.click();
      await page.getByRole('heading', { name: aimedName, exact: true }).waitFor();

      // 200% zoom of a 400 px pane is a 200 px layout: nothing may need sideways scrolling.
      await page.setViewportSize({ width: 200, height: 600 });
      for (const tab of ['Records', 'Email', 'Sync', 'Issues']) {
        await page.getByRole('tab', { name: tab, exact: true }).click();
        await page.waitForTimeout(200);
        await screenshot(page, `23-zoom-200-${tab.toLowerCase()}`);
        expect({ tab, sideways: await scrollsSideways(page) }).toEqual({ tab, sideways: false });
      }
    } finally {
      await context.close();
    }
  });

  test('a login change warns about unsent changes; for the same user at a new address they land in the archive, which exports', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'bob', 'demo');
      await finishFirstRun(page);

      await context.setOffline(true);
      await page.getByRole('button', { name: 'New Account' }).click();
      await page.getByRole('textbox', { name: /^Name/ }).fill('Offline Only Oy');
      await page.getByRole('textbox', { name: /^Location/ }).fill('Tampere, Finland');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'Offline Only Oy' }).waitFor();

      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Change login…' }).click();
      const warning = page.getByRole('alertdialog', { name: 'Change login?' });
      await warning.getByText('1 change has not been synced.', { exact: false }).waitFor();
      await checkScreen(page, '24-change-login-warning');
      // The suggested (primary, focused) answer sends the change; changing anyway is the secondary, destructive one.
      const primary = warning.getByRole('button', { name: 'Sync now first' });
      await expect(primary.evaluate((b) => b === document.activeElement && b.classList.contains('primary'))).resolves.toBe(true);
      await expect(
        warning.getByRole('button', { name: 'Change login anyway' }).evaluate((b) => !b.classList.contains('primary')),
      ).resolves.toBe(true);
      await warning.getByRole('button', { name: 'Change login anyway' }).click();
      await context.setOffline(false);

      // The same gateway under another address is another login for the pane.
      const otherAddress = harness.gw.url.replace('localhost', '127.0.0.1');
      await signIn(page, 'bob', 'demo', { gatewayUrl: otherAddress });
      await finishFirstRun(page);
      await page.getByRole('tab', { name: 'Issues' }).click();
      const archive = page.getByRole('region', { name: 'Archive' });
      await archive.getByText('Offline Only Oy').first().waitFor();
      await checkScreen(page, '25-archive');
      const [download] = await Promise.all([page.waitForEvent('download'), archive.getByRole('button', { name: 'Export CSV' }).click()]);
      const csv = readFileSync((await download.path()) ?? '', 'utf8');
      expect(download.suggestedFilename()).toMatch(/^fieldbook-archive-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(csv).toContain('Offline Only Oy');
      expect(csv).toContain('Tampere, Finland');
      // The old login's database is gone.
      const names = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
      expect(names.filter((n) => n.includes('localhost'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
