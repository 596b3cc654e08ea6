/**
 * End to end, the Issues tab as a rep reads it (issue 15, section 3): a conflict
 * titled with the record's full name, references by name, only the differing
 * fields highlighted with what the server changed since the last sync; a duplicate
 * said in words with the existing record, "Use the existing record" and "Edit mine".
 */
import type { Page } from 'playwright-core';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { checkScreen, escapeRegExp, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400 });

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(harness.gw.url, userName);

async function firstRun(page: Page, userName: string): Promise<void> {
  await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
  await signIn(page, userName, 'demo');
  await finishFirstRun(page);
}

/** Sync now on the Sync tab, then the Issues tab once it counts `open` issues. */
async function syncToIssues(page: Page, open: number): Promise<void> {
  await page.getByRole('tab', { name: 'Sync' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  const tab = page.getByRole('tab', { name: new RegExp(`^Issues\\s*${open} open$`) });
  await tab.waitFor({ timeout: 30_000 });
  await tab.click();
}

describe('issues a rep can read', () => {
  test('deleted here, updated there: titled with the full name, references by name, only what the server changed highlighted', async () => {
    const { context, page } = await harness.openPane();
    try {
      await firstRun(page, 'alice');
      const alice = await serverClient('alice');
      const contactIds = (await alice.call('GetChangeKeys', { objectType: 'Contact', pageSize: 100 })).keys.map((k) => k.rowId);
      const contacts = (await alice.call('QueryRecords', { objectType: 'Contact', rowIds: contactIds })).records;
      const contact = contacts.find((c) => typeof c.fields['AccountId'] === 'string' && c.fields['FirstName'] && c.fields['LastName'])!;
      expect(contact).toBeDefined();
      const fullName = `${String(contact.fields['FirstName'])} ${String(contact.fields['LastName'])}`;
      const oldAccountId = String(contact.fields['AccountId']);
      const accountIds = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 20 })).keys.map((k) => k.rowId);
      const newAccountId = accountIds.find((id) => id !== oldAccountId)!;
      const accounts = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [oldAccountId, newAccountId] })).records;
      const nameOf = (rowId: string) => String(accounts.find((a) => a.rowId === rowId)?.fields['Name']);

      // The rep deletes the contact offline.
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Contacts' });
      await page.getByRole('searchbox', { name: 'Search Contacts' }).fill(String(contact.fields['LastName']));
      await page
        .getByRole('listbox', { name: 'Contacts' })
        .getByRole('option', { name: new RegExp(escapeRegExp(fullName)) })
        .first()
        .click();
      await page.getByRole('heading', { name: fullName, exact: true }).waitFor();
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('alertdialog', { name: 'Delete this contact?' }).getByRole('button', { name: 'Delete' }).click();
      await page.getByRole('searchbox', { name: 'Search Contacts' }).waitFor();

      // Meanwhile the server moves it to another account and changes its job title.
      await alice.call('UpdateRecord', {
        objectType: 'Contact',
        rowId: contact.rowId,
        modNum: contact.modNum,
        fields: { AccountId: newAccountId, JobTitle: 'Head of Readable Issues' },
        operationId: `e2e-readable-${Date.now()}`,
      });
      await context.setOffline(false);
      await syncToIssues(page, 1);

      // The list and the detail name the contact in full.
      await page.getByRole('button', { name: fullName, exact: true }).click();
      await page
        .getByRole('heading', { level: 1, name: new RegExp(`^${escapeRegExp(fullName)}\\s*:\\s*Deleted here, updated on the server`) })
        .waitFor();
      const table = page.getByRole('table', { name: /You deleted this record/ });
      await table.waitFor();

      // References by name, never row ids.
      const accountRow = table.getByRole('row', { name: /^Account/ });
      await expect(accountRow.getByRole('cell').allTextContents()).resolves.toEqual([
        nameOf(oldAccountId),
        `${nameOf(newAccountId)}Changed on the server since your last sync`,
      ]);
      const tableText = (await table.textContent()) ?? '';
      expect(tableText).not.toContain(oldAccountId);
      expect(tableText).not.toContain(newAccountId);

      // Only the fields the server changed are highlighted, each saying so.
      const jobRow = table.getByRole('row', { name: /^Job title/ });
      await expect(jobRow.getAttribute('class')).resolves.toBe('differs');
      await jobRow.getByText('Changed on the server since your last sync').waitFor();
      await expect(table.locator('tr.differs').count()).resolves.toBe(2);
      await expect(table.getByRole('row', { name: /^Last name/ }).getAttribute('class')).resolves.toBeNull();
      await checkScreen(page, '60-issue-deleted-vs-updated');

      // Keep theirs: the contact comes back with the server's changes.
      await page.getByRole('button', { name: 'Keep theirs (restore it)' }).click();
      await page.getByRole('button', { name: 'Sync now to apply' }).first().click();
      await page.getByText('This issue is closed').first().waitFor({ timeout: 30_000 });
    } finally {
      await context.close();
    }
  });

  test('a duplicate reads as words, opens the existing record, offers "Edit mine" and "Use the existing record"', async () => {
    const { context, page } = await harness.openPane();
    try {
      await firstRun(page, 'alice');
      const alice = await serverClient('alice');
      const name = `Beacon Readable ${Date.now()}`;
      const location = 'Bergen, Norway';

      // The rep adds an account offline; meanwhile a colleague's copy of it reaches the CRM.
      await context.setOffline(true);
      await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
      await page.getByRole('button', { name: 'New Account' }).click();
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await page.getByRole('textbox', { name: 'Location', exact: true }).fill(location);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name, exact: true }).waitFor();
      const existingName = name.toLocaleUpperCase();
      const inserted = await alice.call('InsertRecord', {
        objectType: 'Account',
        fields: { Name: existingName, Location: location },
        operationId: `e2e-readable-dup-${Date.now()}`,
      });
      await context.setOffline(false);
      await syncToIssues(page, 1);

      await page.getByRole('button', { name, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^${escapeRegExp(name)}\\s*:\\s*Duplicate`) }).waitFor();
      await page.getByText(`An account named ${existingName} in ${location} already exists.`).waitFor();
      await expect(page.getByText(/DUPLICATE_USER_KEY|Error code/).count()).resolves.toBe(0);
      await page.getByRole('table', { name: 'Your new record and the record that already exists' }).waitFor();
      await checkScreen(page, '61-issue-duplicate');

      // The existing record is on the device: the issue opens it, and its Back returns to the issue.
      await page.getByRole('button', { name: /^Open the existing record/ }).click();
      await page.getByRole('heading', { name: existingName, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Back to the issue' }).click();
      await page.getByText(`An account named ${existingName} in ${location} already exists.`).waitFor();

      // Edit mine: the rep's own record in its form, to change the key; Cancel returns to the issue.
      await page.getByRole('button', { name: 'Edit mine' }).click();
      await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
      await expect(page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe(name);
      await checkScreen(page, '62-issue-duplicate-edit-mine');
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Use the existing record: the rep's copy goes, the CRM keeps one account of that name.
      await page.getByRole('button', { name: 'Use the existing record' }).click();
      await page.getByRole('button', { name: 'Sync now to apply' }).first().click();
      await page.getByText('This issue is closed').first().waitFor({ timeout: 30_000 });
      await checkScreen(page, '63-issue-duplicate-resolved');
      const named = await alice.call('EstimateCount', {
        objectType: 'Account',
        filter: {
          and: [
            { field: 'Name', op: 'eq', value: existingName },
            { field: 'Location', op: 'eq', value: location },
          ],
        },
      });
      expect(named.count).toBe(1);
      await page.getByRole('tab', { name: 'Records', exact: true }).click();
      await page.getByRole('combobox', { name: 'Record type' }).selectOption({ label: 'Accounts' });
      await page.getByRole('searchbox', { name: 'Search Accounts' }).fill(name);
      const options = page.getByRole('listbox', { name: 'Accounts' }).getByRole('option', { name: new RegExp(escapeRegExp(name), 'i') });
      await options.first().waitFor();
      await expect(options.count()).resolves.toBe(1);
      await options.first().click();
      await page.getByRole('heading', { name: existingName, exact: true }).waitFor();
      expect(inserted.rowId).toMatch(/^1-/);
    } finally {
      await context.close();
    }
  });
});
