/**
 * End to end: the built pane in Debian's Chromium (real IndexedDB) against the
 * real gateway over HTTP. Elements are found by role and accessible name, as a
 * person or a screen reader finds them; every screen gets an axe-core scan and a
 * screenshot under test-output/screens/ (looked at by eye, not compared).
 */
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { checkScreen, escapeRegExp, finishFirstRun, openAccount, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400 });
const { openPane } = harness;

/** The whole first run from the sign-in screen, checking the estimate (and, when asked, every screen). */
async function firstRun(page: Page, userName: string, screens: boolean): Promise<void> {
  await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
  if (screens) await checkScreen(page, '01-first-run-sign-in');
  await signIn(page, userName, 'demo');
  await finishFirstRun(page, { estimate: true, screens });
}

/** The list ends at the bottom of the window (less the panel's padding), and the page does not scroll sideways. */
async function expectListToReachBottom(page: Page, list: Locator): Promise<void> {
  const box = await list.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  expect(box).not.toBeNull();
  expect(height - (box!.y + box!.height)).toBeLessThanOrEqual(24);
  await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBe(0);
}

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(harness.gw.url, userName);

describe('the task pane in Chromium', () => {
  test('first run, offline edit, server edit, per-field conflict resolution: the server holds the result', async () => {
    const { context, page } = await openPane();
    try {
      await firstRun(page, 'alice', true);
      await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      await checkScreen(page, '04-records-list');
      // The list reaches the pane's bottom, at 400 and at 320 px wide, and nothing is wider than the pane.
      const list = page.getByRole('listbox', { name: 'Accounts' });
      await expectListToReachBottom(page, list);
      await page.setViewportSize({ width: 320, height: 900 });
      await expectListToReachBottom(page, list);
      await checkScreen(page, '04-records-list-320');
      await page.setViewportSize({ width: 400, height: 900 });

      // An account of alice's, as the server has it.
      const alice = await serverClient('alice');
      const keys = await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 });
      const rowId = keys.keys[0]!.rowId;
      const [account] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
      const name = String(account!.fields['Name']);

      await openAccount(page, name);
      await checkScreen(page, '05-record-detail');

      // The network goes; the rep edits offline.
      await context.setOffline(true);
      await page.getByText('Offline').first().waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();
      await checkScreen(page, '06-record-form');
      await page.getByRole('textbox', { name: /Phone/ }).fill('+1 555 0100');
      await page.getByRole('spinbutton', { name: /Employees/ }).fill('4242');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Changed on this device, not yet synced.').waitFor();

      // Meanwhile the server changes the same record: the same phone field, and the status.
      await alice.call('UpdateRecord', {
        objectType: 'Account',
        rowId,
        modNum: account!.modNum,
        fields: { Phone: '+1 555 0199', Status: 'Inactive' },
        operationId: `e2e-${Date.now()}`,
      });

      await context.setOffline(false);
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByText(/1 conflict to resolve/).waitFor();
      await checkScreen(page, '07-sync-status');

      await page.getByRole('tab', { name: /^Issues\s*1 open$/ }).click();
      await checkScreen(page, '08-issues-list');
      await page
        .getByRole('button', { name: new RegExp(escapeRegExp(name)) })
        .first()
        .click();
      await checkScreen(page, '09-issue-detail');
      await page.getByRole('radio', { name: /Keep theirs for Phone/ }).check();
      await page.getByRole('button', { name: 'Apply my picks' }).click();
      await page.getByRole('button', { name: 'Sync now to apply' }).first().click();
      await page
        .getByText(/This issue is closed|No conflicts or sync issues/)
        .first()
        .waitFor();
      await checkScreen(page, '10-issue-resolved');

      // Phone: theirs (picked); Employees: mine (only I changed it); Status: theirs (only they changed it).
      const [result] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
      expect(result?.fields).toMatchObject({ Phone: '+1 555 0199', Employees: 4242, Status: 'Inactive' });
    } finally {
      await context.close();
    }
  });

  test('a filter change removes records but keeps a referenced one read-only', async () => {
    const { context, page } = await openPane();
    try {
      await firstRun(page, 'bob', false);
      // An opportunity that closed long ago and that one of bob's activities refers to.
      const bob = await serverClient('bob');
      const activityIds = (await bob.call('GetChangeKeys', { objectType: 'Activity', pageSize: 500 })).keys.map((k) => k.rowId);
      const activities = (await bob.call('QueryRecords', { objectType: 'Activity', rowIds: activityIds })).records.filter(
        (a) => a.fields['Status'] !== 'Cancelled',
      );
      const referenced = [
        ...new Set(activities.map((a) => a.fields['OpportunityId']).filter((id): id is string => typeof id === 'string')),
      ];
      const opportunities = (await bob.call('QueryRecords', { objectType: 'Opportunity', rowIds: referenced })).records;
      const old = opportunities.find((o) => String(o.fields['CloseDate']) < '2026-10-01');
      expect(old).toBeDefined();
      const oldName = String(old!.fields['Name']);

      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Opportunities' });
      const countBefore = Number(
        (
          await page
            .getByText(/^[\d,]+ opportunities/)
            .first()
            .textContent()
        )?.replace(/[^\d]/g, ''),
      );
      expect(countBefore).toBeGreaterThan(0);

      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('tab', { name: 'Filter records' }).click();
      await page.getByRole('combobox', { name: 'Opportunities by close date' }).selectOption({ label: 'Next 90 days' });
      await page.getByText(/About [\d,]+ records/).waitFor();
      await checkScreen(page, '11-filter-records');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Apply these filters?' });
      await dialog.getByText(/[\d,]+ records? will be removed from this device/).waitFor();
      await checkScreen(page, '12-filter-confirm');
      await dialog.getByRole('button', { name: 'Apply and sync' }).click();
      await page.getByText('Filters applied.').waitFor();
      // The edited preset saved under the rep's own name comes back as a choice.
      await page.getByRole('textbox', { name: 'Save as my filter' }).fill('Closing soon');
      await page.getByRole('button', { name: 'Save filter' }).click();
      await page.getByText('Saved "Closing soon".').waitFor();
      await page.getByRole('tab', { name: 'Status' }).click();
      await page.getByRole('tab', { name: 'Filter records' }).click();
      await page.getByRole('button', { name: 'Use my saved filter Closing soon' }).waitFor();
      await expect(page.getByRole('combobox', { name: 'Opportunities by close date' }).inputValue()).resolves.toBe('0:90');

      await page.getByRole('tab', { name: 'Records', exact: true }).click();
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Opportunities' });
      await page.getByRole('searchbox', { name: 'Search Opportunities' }).fill(oldName);
      const row = page
        .getByRole('listbox', { name: 'Opportunities' })
        .getByRole('option', { name: new RegExp(escapeRegExp(oldName)) })
        .first();
      await expect(row.textContent()).resolves.toContain('Read-only');
      await row.click();
      await page.getByText(/Shown read-only/).waitFor();
      await expect(page.getByRole('button', { name: 'Edit' }).isDisabled()).resolves.toBe(true);
      await checkScreen(page, '13-read-only-record');

      await page
        .getByRole('button', { name: /Back to/ })
        .first()
        .click();
      await page.getByRole('searchbox', { name: 'Search Opportunities' }).fill('');
      await page
        .getByText(/^[\d,]+ opportunities/)
        .first()
        .waitFor();
      const countAfter = Number(
        (
          await page
            .getByText(/^[\d,]+ opportunities/)
            .first()
            .textContent()
        )?.replace(/[^\d]/g, ''),
      );
      expect(countAfter).toBeLessThan(countBefore);
    } finally {
      await context.close();
    }
  });

  test('a value that breaks a package rule shows its error at the field, Save waits until it is fixed, then it uploads', async () => {
    const { context, page } = await openPane();
    try {
      await firstRun(page, 'alice', false);
      const alice = await serverClient('alice');
      const rowId = (await alice.call('GetChangeKeys', { objectType: 'Opportunity', pageSize: 1 })).keys[0]!.rowId;
      const name = String((await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [rowId] })).records[0]!.fields['Name']);

      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Opportunities' });
      await page.getByRole('searchbox', { name: 'Search Opportunities' }).fill(name);
      await page
        .getByRole('listbox', { name: 'Opportunities' })
        .getByRole('option', { name: new RegExp(escapeRegExp(name)) })
        .first()
        .click();
      await page.getByRole('heading', { name }).waitFor();
      await page.getByRole('button', { name: 'Edit' }).click();

      // demo-v1: Probability is a percent. The error shows as the rep leaves the field.
      const probability = page.getByRole('spinbutton', { name: 'Probability (%)' });
      await probability.fill('150');
      await probability.press('Tab');
      const error = page.getByText('Probability (%) must be at most 100.');
      await error.waitFor();
      await expect(probability.getAttribute('aria-invalid')).resolves.toBe('true');
      await expect(probability.getAttribute('aria-describedby')).resolves.toBe(await error.getAttribute('id'));
      await checkScreen(page, '37-field-rule-error');

      // Save does not save: it says why and puts the focus on the field.
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('One field needs your attention.').waitFor();
      await expect(probability.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
      await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();

      // Fixed: the error goes while typing; Save saves, and the next sync uploads it.
      await probability.fill('60');
      await error.waitFor({ state: 'hidden' });
      await expect(probability.getAttribute('aria-invalid')).resolves.toBeNull();
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Changed on this device, not yet synced.').waitFor();
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      const uploaded = async () =>
        (await alice.call('QueryRecords', { objectType: 'Opportunity', rowIds: [rowId] })).records[0]?.fields['Probability'];
      for (const deadline = Date.now() + 20_000; (await uploaded()) !== 60 && Date.now() < deadline;)
        await new Promise((done) => setTimeout(done, 200));
      expect(await uploaded()).toBe(60);
    } finally {
      await context.close();
    }
  });

  test('a new account with the name and location of one on the device is refused at Save with a link to that one', async () => {
    const { context, page } = await openPane();
    try {
      await firstRun(page, 'alice', false);
      const alice = await serverClient('alice');
      const rowId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
      const existing = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records[0]!;
      const name = String(existing.fields['Name']);
      const location = String(existing.fields['Location']);
      const count = page.locator('.records-count');
      await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      const before = await count.textContent();

      // Typed in other case and spacing: the gateway's rule, so the same key.
      await page.getByRole('button', { name: 'New Account' }).click();
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(` ${name.toLocaleUpperCase()} `);
      await page.getByRole('textbox', { name: 'Location', exact: true }).fill(location.toLocaleLowerCase());
      await page.getByRole('button', { name: 'Save' }).click();
      const alert = page.getByRole('alert').filter({ hasText: `An account named ${name} in ${location} already exists.` });
      await alert.waitFor();
      await page.getByRole('heading', { name: 'New Account' }).waitFor();
      await checkScreen(page, '38-duplicate-user-key');

      // Nothing was saved: no new record on the device, none waiting to upload.
      await alert.getByRole('button', { name: 'Open it' }).click();
      await page.getByRole('heading', { name }).waitFor();
      await expect(page.getByText('Changed on this device, not yet synced.').count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Back to Accounts' }).click();
      await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      await expect(count.textContent()).resolves.toBe(before);
    } finally {
      await context.close();
    }
  });

  test('tracks an email from the simulated mailbox; a new package version brings the reinstall prompt', async () => {
    const { context, page } = await openPane();
    try {
      await firstRun(page, 'carol', false);
      await page.getByRole('tab', { name: 'Email' }).click();
      const mailbox = page.getByRole('region', { name: 'Mailbox simulator' });
      const message = mailbox.getByRole('button').first();
      const subject = (await message.locator('.mail-sim-subject').textContent()) ?? '';
      expect(subject.length).toBeGreaterThan(0);
      await message.click();
      await page.getByRole('heading', { name: 'Sender' }).waitFor();
      await checkScreen(page, '14-mail-context');
      await page.getByRole('button', { name: 'Track this email' }).click();
      await page.getByText('Tracked as an activity').first().waitFor();
      await checkScreen(page, '15-mail-tracked');

      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByText(/\b1 change sent/).waitFor();
      const carol = await serverClient('carol');
      const tracked = await carol.call('EstimateCount', {
        objectType: 'Activity',
        filter: {
          and: [
            { field: 'Type', op: 'eq', value: 'E-mail' },
            { field: 'Subject', op: 'eq', value: subject },
          ],
        },
      });
      expect(tracked.count).toBe(1);

      // The administrator publishes the second demo package version: its structure differs.
      const admin = await serverClient('admin');
      await admin.call('PublishPackage', {
        responsibilityId: 'R-SALES-REP',
        files: loadPackageDir(resolve(__dirname, '../../packages/demo-v2')),
      });
      await page.getByRole('button', { name: 'Sync now' }).click();
      const prompt = page.getByRole('alertdialog', { name: 'New configuration' });
      // It names what becomes of the changes not sent yet (none here: the tracked email went above).
      await prompt.getByText(/Reinstall now removes the records on this device/).waitFor();
      await prompt.getByText(/You have no changes waiting to be sent/).waitFor();
      await prompt.getByRole('button', { name: 'Later' }).waitFor();
      await checkScreen(page, '16-reinstall-prompt');
      await prompt.getByRole('button', { name: 'Reinstall now' }).click();
      await page.getByRole('heading', { name: 'Choose what to keep on this device' }).waitFor();
      await page.getByRole('button', { name: 'Start the first sync' }).click();
      await page.getByText('Your data is ready.').waitFor();
      await page.getByRole('button', { name: 'Open Fieldbook' }).click();
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Leads' });
      await page.getByRole('button', { name: 'New Lead' }).waitFor();
      // The tracked email survived the reinstall (it was uploaded first) and is on the device again.
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Activities' });
      await page.getByRole('searchbox', { name: 'Search Activities' }).fill(subject);
      await page.getByRole('listbox', { name: 'Activities' }).getByRole('option').first().waitFor();
    } finally {
      await context.close();
    }
  });
});
