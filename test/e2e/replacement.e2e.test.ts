/**
 * Device replacement end to end in Chromium: the administrator requests the
 * replacement of a rep's device in the admin page and reads the claim code; the
 * rep claims it in a fresh browser profile and the pane shows their records; the
 * old device is told it was replaced, turns read-only and exports what it still
 * holds; the new device imports that file and sends it — a change the server
 * overtook meanwhile becomes a conflict, not an overwrite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CrmRecord } from '../../src/protocol/index.js';
import { GatewayClient } from '../support/gateway-client.js';
import { checkScreen, escapeRegExp, finishFirstRun, openAccount, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(240_000);

const harness = usePaneHarness({ demoRecords: 400, acceptDownloads: true });

const header = (page: Page) => page.locator('.pane-header');

/** Two of alice's accounts (on her device under the default preset "My accounts"), each findable by its name alone. */
async function twoAccountsOf(client: GatewayClient, userName: string): Promise<[CrmRecord, CrmRecord]> {
  const rowIds = (await client.call('GetChangeKeys', { objectType: 'Account', pageSize: 200 })).keys.map((k) => k.rowId);
  const mine = (await client.call('QueryRecords', { objectType: 'Account', rowIds })).records.filter((r) => r.owner === userName);
  const names = mine.map((r) => String(r.fields['Name']));
  // openAccount searches by name and opens the first match: a name inside no other name opens this record.
  const unique = mine.filter((r) => names.filter((n) => n.includes(String(r.fields['Name']))).length === 1);
  const [a, b] = unique;
  if (!a || !b) throw new Error(`${userName} has fewer than two accounts with distinct names`);
  return [a, b];
}

/** Offline on the old device: Edit, a new Phone, Save — the change waits in the outbox. */
async function editPhoneOffline(page: Page, name: string, phone: string): Promise<void> {
  await page.getByRole('tab', { name: 'Records', exact: true }).click();
  await openAccount(page, name);
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: /Phone/ }).fill(phone);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Changed on this device, not yet synced.').waitFor();
}

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

    // Offline, alice changes two accounts' phone numbers; neither is sent.
    const alice = new GatewayClient(harness.gw.url, 'json');
    await alice.login('alice');
    const [kept, overtaken] = await twoAccountsOf(alice, 'alice');
    const keptName = String(kept.fields['Name']);
    const overtakenName = String(overtaken.fields['Name']);
    const keptPhone = '+1 555 0177';
    const overtakenPhone = '+1 555 0188';
    const serverPhone = '+1 555 0199';
    await old.context.setOffline(true);
    await header(old.page).getByText('Offline', { exact: true }).waitFor();
    await editPhoneOffline(old.page, keptName, keptPhone);
    await editPhoneOffline(old.page, overtakenName, overtakenPhone);
    // Meanwhile the second account is changed on the server (alice at her desk): the old device's edit is overtaken.
    await alice.call('UpdateRecord', {
      objectType: 'Account',
      rowId: overtaken.rowId,
      modNum: overtaken.modNum,
      fields: { Phone: serverPhone },
      operationId: `e2e-overtake-${Date.now()}`,
    });

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

    // The old device comes back online: refused, told why, read-only at once, and it can export what it holds.
    await old.context.setOffline(false);
    await old.page.getByRole('tab', { name: 'Sync' }).click();
    const syncNow = old.page.getByRole('button', { name: 'Sync now' });
    // (A sync the pane ran by itself on reconnecting may have been refused already.)
    if (await syncNow.isEnabled()) await syncNow.click();
    const banner = old.page.getByText('This device was replaced by your administrator.').first();
    await banner.waitFor();
    await old.page.getByText(/It still holds 2 changes that were not sent/).waitFor();
    await header(old.page).getByText('Replaced', { exact: true }).waitFor();
    expect(
      await header(old.page)
        .getByText(/^(Online|Offline)$/)
        .count(),
    ).toBe(0);
    await expect(header(old.page).getByRole('button', { name: 'Sync' }).isDisabled()).resolves.toBe(true);
    await expect(syncNow.isDisabled()).resolves.toBe(true);
    await old.page.getByText(/it can no longer sync\. Export its unsent changes/).waitFor();
    await checkScreen(old.page, '35-old-device-replaced');

    // No more edits: Edit and Delete are disabled with the reason, New too.
    await old.page.getByRole('tab', { name: 'Records', exact: true }).click();
    await expect(old.page.getByRole('button', { name: /^New / }).isDisabled()).resolves.toBe(true);
    await openAccount(old.page, keptName);
    await old.page.getByText(keptPhone).first().waitFor();
    await expect(old.page.getByRole('button', { name: 'Edit' }).isDisabled()).resolves.toBe(true);
    await expect(old.page.getByRole('button', { name: 'Delete' }).isDisabled()).resolves.toBe(true);
    await old.page.getByText('records can no longer be changed here').first().waitFor();
    await checkScreen(old.page, '40-old-device-read-only');
    // Nor from an e-mail: no contact is created and nothing tracked.
    await old.page.getByRole('tab', { name: 'Email' }).click();
    await old.page.getByRole('region', { name: 'Mailbox simulator' }).getByRole('button').first().click();
    await old.page.getByRole('heading', { name: 'Sender' }).waitFor();
    await old.page.getByText(/It can no longer (track e-mails|create contacts): use your new device\./).waitFor();
    expect(await old.page.getByRole('button', { name: /^(Track this email|Create contact)$/ }).count()).toBe(0);

    // The export: a changes file with the records' names and why they were not sent.
    const exportButton = old.page.getByRole('button', { name: 'Export my changes' });
    const [download] = await Promise.all([old.page.waitForEvent('download'), exportButton.click()]);
    await old.page.getByText(/^Exported 2 changes to fieldbook-archive-[\d-]+\.json\.$/).waitFor();
    const exportDir = mkdtempSync(join(tmpdir(), 'fieldbook-e2e-export-'));
    const exportFile = join(exportDir, download.suggestedFilename());
    await download.saveAs(exportFile);
    const exported = JSON.parse(readFileSync(exportFile, 'utf8')) as {
      userName: string;
      changes: { title: string; reason: string; rowId: string; changed?: { label: string; to?: string }[] }[];
    };
    expect(exported.userName).toBe('alice');
    expect(exported.changes.map((c) => c.title).sort()).toEqual([keptName, overtakenName].sort());
    for (const change of exported.changes) expect(change.reason).toMatch(/replaced/);
    expect(exported.changes.find((c) => c.rowId === kept.rowId)?.changed).toEqual([
      expect.objectContaining({ label: 'Phone', to: keptPhone }),
    ]);

    // Reopened, the old device still knows: replaced and read-only from the start, with nothing sent.
    await old.page.reload();
    await old.page.getByText('This device was replaced by your administrator.').first().waitFor();
    await header(old.page).getByText('Replaced', { exact: true }).waitFor();
    await old.page.getByRole('button', { name: 'Export my changes' }).waitFor();

    // The new device imports the file: one change ready to send, one overtaken by the server's.
    await fresh.page.getByRole('tab', { name: 'Issues' }).click();
    await fresh.page.getByRole('heading', { name: 'Archive' }).waitFor();
    const [chooser] = await Promise.all([
      fresh.page.waitForEvent('filechooser'),
      fresh.page.getByRole('button', { name: 'Import changes' }).click(),
    ]);
    await chooser.setFiles(exportFile);
    await fresh.page.getByText('Imported 2 changes: 1 ready to send, 1 conflict to resolve in Issues.').waitFor();
    await fresh.page.getByRole('heading', { name: 'What was imported' }).waitFor();
    await fresh.page.getByRole('tab', { name: /^Issues\s*1 open$/ }).waitFor();
    // Said once: the bar sits in the live region itself, no hidden copy of its words beside it.
    await expect(fresh.page.getByText('Imported 2 changes:').count()).resolves.toBe(1);
    await checkScreen(fresh.page, '41-import-changes');
    rmSync(exportDir, { recursive: true, force: true });

    await fresh.page.getByRole('tab', { name: 'Sync' }).click();
    await fresh.page.getByRole('button', { name: 'Sync now' }).click();
    await fresh.page.getByText(/^Sync complete at/).waitFor();
    await fresh.page.getByText(/1 change sent/).waitFor();

    // The server: the kept change arrived; the overtaken one did not overwrite the server's newer value.
    const after = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [kept.rowId, overtaken.rowId] })).records;
    expect(after.find((r) => r.rowId === kept.rowId)?.fields['Phone']).toBe(keptPhone);
    expect(after.find((r) => r.rowId === overtaken.rowId)?.fields['Phone']).toBe(serverPhone);
    // …and the rep chooses in Issues.
    await fresh.page.getByRole('tab', { name: /^Issues\s*1 open$/ }).click();
    await fresh.page
      .getByRole('button', { name: new RegExp(escapeRegExp(overtakenName)) })
      .first()
      .waitFor();

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
