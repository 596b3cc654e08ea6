/**
 * Device replacement end to end in Chromium: the administrator requests the
 * replacement of a rep's device in the admin page and reads the claim code; the
 * rep claims it in a fresh browser profile and the pane shows their records; the
 * old device is told it was replaced and can export what it still holds.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { checkScreen, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400, acceptDownloads: true });

async function openAdmin(): Promise<Page> {
  const context = await harness.browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${harness.gw.url}/pane/admin.html`);
  return page;
}

describe('device replacement', () => {
  test('the admin requests a replacement, the rep claims it on a fresh browser profile, the old device is refused', async () => {
    // alice's current device.
    const old = await harness.openPane();
    await old.page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
    await signIn(old.page, 'alice', 'demo');
    await finishFirstRun(old.page);
    const accountsOnOldDevice = await old.page.getByText(/^[\d,]+ accounts/).first().textContent();

    // A rep is refused by the admin page.
    const admin = await openAdmin();
    await admin.getByRole('textbox', { name: 'User name' }).fill('alice');
    await admin.getByRole('textbox', { name: 'Password' }).fill('demo');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('This account is not an administrator.').waitFor();

    await admin.getByRole('textbox', { name: 'User name' }).fill('admin');
    await admin.getByRole('textbox', { name: 'Password' }).fill('demo');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Sites' }).waitFor();
    await admin.getByRole('textbox', { name: 'User' }).fill('alice');
    await admin.getByRole('button', { name: 'Find sites' }).click();
    const select = admin.getByRole('checkbox', { name: /^Select Alice/ });
    await select.first().waitFor();
    await checkScreen(admin, '30-admin-sites');
    await select.first().check();
    await admin.getByRole('button', { name: 'Request replacement' }).click();
    await admin.getByRole('alertdialog', { name: /Replace 1 device/ }).getByRole('button', { name: 'Request replacement' }).click();
    await admin.getByRole('heading', { name: 'Replacements' }).waitFor();
    const code = admin.locator('.claim-code strong').first();
    await code.waitFor();
    await admin.getByText('Waiting for the user to claim').first().waitFor();
    const claimCode = (await code.textContent())?.trim() ?? '';
    expect(claimCode.length).toBeGreaterThanOrEqual(8);
    await checkScreen(admin, '31-admin-replacement-waiting');

    // The replacement device: a fresh profile, only the claim code.
    const fresh = await harness.openPane();
    await fresh.page.getByRole('button', { name: 'I have a replacement claim code' }).click();
    await fresh.page.getByRole('textbox', { name: 'Claim code' }).fill(claimCode);
    await checkScreen(fresh.page, '32-claim-code');
    await fresh.page.getByRole('button', { name: 'Restore my data' }).click();
    await fresh.page.getByText('Your data is restored.').waitFor();
    await checkScreen(fresh.page, '33-restored');
    await fresh.page.getByRole('button', { name: 'Open Fieldbook' }).click();
    const list = fresh.page.getByRole('listbox', { name: 'Accounts' });
    await list.getByRole('option').first().waitFor();
    await expect(fresh.page.getByText(/^[\d,]+ accounts/).first().textContent()).resolves.toBe(accountsOnOldDevice);

    await admin.getByText(/^Done$/).first().waitFor();
    await checkScreen(admin, '34-admin-replacement-done');

    // The old device: refused, told why, and it can export what it holds.
    await old.page.getByRole('tab', { name: 'Sync' }).click();
    await old.page.getByRole('button', { name: 'Sync now' }).click();
    const banner = old.page.getByText('This device was replaced by your administrator.').first();
    await banner.waitFor();
    await checkScreen(old.page, '35-old-device-replaced');
    const exportButton = old.page.getByRole('button', { name: /Export/ }).first();
    const [download] = await Promise.all([old.page.waitForEvent('download'), exportButton.click()]);
    expect(JSON.parse(readFileSync((await download.path()) ?? '', 'utf8'))).toEqual(expect.any(Array));

    await old.context.close();
    await fresh.context.close();
    await admin.context().close();
  });
});
