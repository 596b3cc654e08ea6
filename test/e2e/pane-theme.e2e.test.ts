/**
 * End to end, the pane's dark theme (issue 15, part 6): with the system set to dark
 * (`prefers-color-scheme`, as a plain browser has no Office theme) the pane starts dark,
 * every main screen passes axe with no violation of any impact in it (contrast is the
 * point), and it follows the system back to light without a reload. The light screens
 * are the other e2e files' 01–63.
 */
import type { Page } from 'playwright-core';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { checkScreen, escapeRegExp, finishFirstRun, openAccount, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400 });

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(harness.gw.url, userName);

/** The theme the pane chose (follow-theme.ts) and the page's colours as drawn, once it chose `expected`. */
async function drawnTheme(page: Page, expected: string): Promise<{ theme: string | null; background: string; text: string }> {
  // matchMedia's change event arrives a moment after emulateMedia.
  await page.waitForFunction((theme) => document.documentElement.getAttribute('data-theme') === theme, expected, { timeout: 5_000 });
  return page.evaluate(() => ({
    theme: document.documentElement.getAttribute('data-theme'),
    background: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
  }));
}

/** Fluent 2's colorNeutralBackground2 and colorNeutralForeground1, dark and light (assets/theme.css). */
const DARK = { theme: 'dark', background: 'rgb(31, 31, 31)', text: 'rgb(255, 255, 255)' };
const LIGHT = { theme: 'light', background: 'rgb(250, 250, 250)', text: 'rgb(36, 36, 36)' };

describe('the dark theme', () => {
  test('starts dark on a dark system, passes axe on every main screen, and follows the system back to light', async () => {
    const { context, page } = await harness.openPane();
    try {
      // The system turns dark while the pane is open: the pane follows at once…
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await expect(drawnTheme(page, LIGHT.theme)).resolves.toEqual(LIGHT);
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect(drawnTheme(page, DARK.theme)).resolves.toEqual(DARK);
      // …and a pane opened on a dark system starts dark.
      await page.reload();
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await expect(drawnTheme(page, DARK.theme)).resolves.toEqual(DARK);
      await checkScreen(page, '70-sign-in-dark');

      await signIn(page, 'alice', 'demo');
      await finishFirstRun(page);
      await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      await checkScreen(page, '70-records-dark');
      await page.setViewportSize({ width: 320, height: 900 });
      await checkScreen(page, '70-records-dark-320');
      await page.setViewportSize({ width: 400, height: 900 });

      // A conflict, so the Issues screens show their highlights and tags: an offline edit and a server edit of one field.
      const alice = await serverClient('alice');
      const rowId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
      const [account] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
      const name = String(account!.fields['Name']);
      await openAccount(page, name);
      await checkScreen(page, '70-record-detail-dark');
      await context.setOffline(true);
      await page.getByText('Offline').first().waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('textbox', { name: /Phone/ }).fill('+1 555 0100');
      await checkScreen(page, '70-record-form-dark');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Changed on this device, not yet synced.').waitFor();
      await alice.call('UpdateRecord', {
        objectType: 'Account',
        rowId,
        modNum: account!.modNum,
        fields: { Phone: '+1 555 0199' },
        operationId: `e2e-theme-${Date.now()}`,
      });
      await context.setOffline(false);

      // A dialog, with its danger button: Change login while a change waits.
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Change login…' }).click();
      const warning = page.getByRole('alertdialog', { name: 'Change login?' });
      // Under the pointer, where the dark red on the neutral hover grey would fall under 4.5:1.
      await warning.getByRole('button', { name: 'Change login anyway' }).hover();
      await checkScreen(page, '71-dialog-dark');
      await page.keyboard.press('Escape');
      await warning.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByText(/1 conflict to resolve/).waitFor();
      await checkScreen(page, '71-sync-dark');

      await page.getByRole('tab', { name: /^Issues\s*1 open$/ }).click();
      await checkScreen(page, '72-issues-dark');
      await page
        .getByRole('button', { name: new RegExp(escapeRegExp(name)) })
        .first()
        .click();
      await page.getByRole('radio', { name: /Keep theirs for Phone/ }).waitFor();
      await checkScreen(page, '72-issue-detail-dark');

      await page.getByRole('tab', { name: 'Email' }).click();
      const mailbox = page.getByRole('region', { name: 'Mailbox simulator' });
      await mailbox.getByRole('button').first().click();
      await page.getByRole('heading', { name: 'Sender' }).waitFor();
      await checkScreen(page, '73-email-dark');

      // The system turns light again: the same screen, light, without a reload.
      await page.emulateMedia({ colorScheme: 'light' });
      await expect(drawnTheme(page, LIGHT.theme)).resolves.toEqual(LIGHT);
      await checkScreen(page, '73-email-light');
    } finally {
      await context.close();
    }
  });
});
