/**
 * Device replacement end to end in Chromium: the administrator requests the
 * replacement of a rep's device in the admin page and reads the claim code; the
 * rep claims it in a fresh browser profile and the pane shows their records; the
 * old device is told it was replaced and can export what it still holds.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { GatewayClient } from '../support/gateway-client.js';
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
    const accountsOnOldDevice = await old.page
      .getByText(/^[\d,]+ accounts/)
      .first()
      .textContent();

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
    await admin
      .getByRole('alertdialog', { name: /Replace 1 device/ })
      .getByRole('button', { name: 'Request replacement' })
      .click();
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
    await expect(
      fresh.page
        .getByText(/^[\d,]+ accounts/)
        .first()
        .textContent(),
    ).resolves.toBe(accountsOnOldDevice);

    await admin
      .getByText(/^Done$/)
      .first()
      .waitFor();
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

  test('restores wait their turn across the gateway, and a restore whose pane was closed continues after signing in', async () => {
    const client = async (userName: string) => {
      const c = new GatewayClient(harness.gw.url, 'json');
      c.session = { sessionToken: (await c.call('Login', { userName, password: 'demo' })).sessionToken };
      return c;
    };
    // bob's and carol's current devices, as the gateway knows them.
    const sites: string[] = [];
    for (const user of ['bob', 'carol'])
      sites.push(
        (await (await client(user)).call('RegisterSite', { deviceName: `${user}'s old laptop`, operationId: `old-site-${user}-0001` }))
          .siteId,
      );
    const admin = await client('admin');
    const requested = await admin.call('RequestReplacement', { siteIds: sites, operationId: 'e2e-two-replacements-0001' });
    const waitForClaimCodes = async (): Promise<Map<string, string>> => {
      for (;;) {
        const jobs = (await admin.call('GetReplacement', { jobIds: requested.jobs.map((j) => j.jobId) })).jobs;
        if (jobs.every((j) => j.state === 'waitingForClaim' && j.claimCode))
          return new Map(jobs.map((j) => [j.userName, j.claimCode ?? '']));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const codes = await waitForClaimCodes();

    // bob's new device (here: the test) takes the restore slot first.
    const bob = new GatewayClient(harness.gw.url, 'json');
    const bobClaim = await bob.call('ClaimReplacement', {
      claimCode: codes.get('bob') ?? '',
      deviceName: 'bob new laptop',
      operationId: 'e2e-bob-claim-0001',
    });
    bob.session = { sessionToken: bobClaim.sessionToken };
    expect((await bob.call('BeginRestore', { jobId: bobClaim.jobId })).granted).toBe(true);

    // carol claims in the pane and waits for her turn.
    const { context, page } = await harness.openPane();
    await page.getByRole('button', { name: 'I have a replacement claim code' }).click();
    await page.getByRole('textbox', { name: 'Claim code' }).fill(codes.get('carol') ?? '');
    await page.getByRole('button', { name: 'Restore my data' }).click();
    await page.getByText('Waiting for another restore to finish — you are number 1').waitFor();
    await checkScreen(page, '36-restore-waiting');
    // The admin sees her waiting, first in line.
    const waiting = (await admin.call('GetReplacement', { jobIds: requested.jobs.map((j) => j.jobId) })).jobs.find(
      (j) => j.userName === 'carol',
    );
    expect(waiting).toMatchObject({ state: 'waitingForRestore', queuePosition: 1 });

    // The pane is closed (its session with it) and opened again: carol signs in with her password and the restore continues.
    await page.close();
    const again = await context.newPage();
    await again.goto(`${harness.gw.url}/pane/taskpane.html`);
    await again.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
    await signIn(again, 'carol', 'demo');
    await again.getByText('Waiting for another restore to finish — you are number 1').waitFor();

    // bob's restore completes; carol's turn comes.
    await bob.call('CompleteRestore', { jobId: bobClaim.jobId, deviceName: 'bob new laptop', operationId: 'e2e-bob-complete-0001' });
    await again.getByText('Your data is restored.').waitFor();
    await again.getByRole('button', { name: 'Open Fieldbook' }).click();
    await again.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();

    // One new site for carol, and her job done: no second registration by a normal first run.
    const carolSites = (await admin.call('ListSites', { userName: 'carol' })).sites;
    expect(carolSites.filter((s) => s.status === 'active')).toHaveLength(1);
    const jobs = (await admin.call('GetReplacement', { jobIds: requested.jobs.map((j) => j.jobId) })).jobs;
    expect(jobs.find((j) => j.userName === 'carol')?.state).toBe('done');
    await context.close();
  });
});
