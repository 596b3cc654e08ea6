/**
 * End to end, issue 15 part 4: working from the e-mail and from the record. The built
 * pane in Chromium against the real gateway (with the demo package v2, which has
 * leads); elements found by role and accessible name; every changed screen scanned
 * by axe-core and photographed under test-output/screens/ (70–75).
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import type { PackageFile } from '../../src/metadata/index.js';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { checkScreen, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(180_000);

const harness = usePaneHarness({ demoRecords: 400 });

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(harness.gw.url, userName);

/** The text a select shows (its chosen option), or a reference combobox (its box). */
async function selectedText(page: Page, name: string | RegExp): Promise<string> {
  return page
    .getByRole('combobox', { name })
    .evaluate((box) => (box instanceof HTMLSelectElement ? (box.selectedOptions[0]?.textContent ?? '') : (box as HTMLInputElement).value));
}

/** Back on the Email tab, on the same message. */
async function expectEmailTab(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Email', selected: true }).waitFor();
  await page.getByRole('heading', { name: 'Sender' }).waitFor();
}

describe('work from the e-mail and from the record', () => {
  test('create from a message prefilled, track with the suggested opportunity, and work from the record pages', async () => {
    // Leads are in the demo package's second version: the rep's first run installs it.
    const admin = await serverClient('admin');
    await admin.call('PublishPackage', {
      responsibilityId: 'R-SALES-REP',
      files: loadPackageDir(resolve(__dirname, '../../packages/demo-v2')),
    });

    const { context, page } = await harness.openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'demo');
      await finishFirstRun(page);
      await page.getByRole('tab', { name: 'Email' }).click();
      const mailbox = page.getByRole('region', { name: 'Mailbox simulator' });

      // An unknown sender: a lead from the message, prefilled from the display name and the signature.
      await mailbox.getByRole('button', { name: /Jordan Avery/ }).click();
      await page.getByText('No contact has this e-mail address.').waitFor();
      await page.getByRole('button', { name: 'New lead from this message' }).click();
      await page.getByRole('heading', { name: 'New Lead' }).waitFor();
      await expect(page.getByRole('textbox', { name: 'First name' }).inputValue()).resolves.toBe('Jordan');
      await expect(page.getByRole('textbox', { name: 'Last name' }).inputValue()).resolves.toBe('Avery');
      await expect(page.getByRole('textbox', { name: 'Company' }).inputValue()).resolves.toBe('New Prospect Ltd.');
      await expect(page.getByRole('textbox', { name: 'E-mail' }).inputValue()).resolves.toBe('jordan.avery@newprospect.example');
      await checkScreen(page, '70-lead-from-mail');
      // Cancel returns to the message.
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expectEmailTab(page);

      // The in-tab contact form: name, address, phone and job title from the message.
      await expect(page.getByRole('textbox', { name: 'First name' }).inputValue()).resolves.toBe('Jordan');
      await expect(page.getByRole('textbox', { name: 'Last name' }).inputValue()).resolves.toBe('Avery');
      await expect(page.getByRole('textbox', { name: /^Phone/ }).inputValue()).resolves.toBe('+44 20 7946 0958');
      await expect(page.getByRole('textbox', { name: /^Job title/ }).inputValue()).resolves.toBe('Head of Purchasing');
      await checkScreen(page, '71-mail-create-contact-prefilled');
      // The account: a combobox that searches the accounts, not a select of every one of them.
      const accountBox = page.getByRole('combobox', { name: /^Account/ });
      await expect(accountBox.evaluate((el) => el.tagName)).resolves.toBe('INPUT');
      // A name typed but not picked is no account: said, nothing created, the text kept to mend.
      await accountBox.fill('Nobody Of That Name');
      // "No account matches." shows over the button under the box, and lets the click through to it.
      await page.getByRole('listbox').getByText('No account matches.').waitFor();
      await page.getByRole('button', { name: 'Create contact' }).click();
      await page.getByText('Pick the account from the list.').waitFor();
      await expect(accountBox.inputValue()).resolves.toBe('Nobody Of That Name');
      await expect(page.getByRole('button', { name: 'Open contact Jordan Avery' }).count()).resolves.toBe(0);
      await accountBox.fill('');
      await accountBox.press('ArrowDown');
      await page
        .locator(`[id="${await accountBox.getAttribute('aria-controls')}"]`)
        .getByRole('option')
        .first()
        .waitFor();
      await accountBox.and(page.locator('[aria-activedescendant]')).waitFor();
      await checkScreen(page, '71-mail-create-contact-account-combobox');
      await accountBox.press('Enter');
      const chosenAccount = await accountBox.inputValue();
      expect(chosenAccount).not.toBe('');
      await page.getByRole('button', { name: 'Create contact' }).click();
      // Its page: e-mail and phone as links to write and call, the account chosen; Back returns to the message.
      await page.getByRole('button', { name: 'Open contact Jordan Avery' }).click();
      await page.getByRole('heading', { name: 'Jordan Avery', exact: true }).waitFor();
      await page.getByRole('button', { name: chosenAccount, exact: true }).waitFor();
      await expect(page.getByRole('link', { name: '+44 20 7946 0958' }).getAttribute('href')).resolves.toBe('tel:+442079460958');
      await expect(page.getByRole('link', { name: 'jordan.avery@newprospect.example' }).getAttribute('href')).resolves.toBe(
        'mailto:jordan.avery@newprospect.example',
      );
      await page.getByRole('button', { name: 'Back to Email' }).click();
      await expectEmailTab(page);
      await page.getByRole('button', { name: 'Open contact Jordan Avery' }).waitFor();

      // A contact's message about an open opportunity: the subject names it, and it is suggested.
      const message = mailbox.getByRole('button', { name: / — next steps/ }).first();
      const subject = (await message.locator('.mail-sim-subject').textContent()) ?? '';
      const topic = subject.replace(/^Re: /, '').replace(/ — next steps$/, '');
      const contactName = (await message.locator('.mail-sim-from').textContent()) ?? '';
      await message.click();
      await page.getByText(`Suggested from the subject: ${topic}.`).waitFor();
      await expect(selectedText(page, 'Opportunity (optional)')).resolves.toBe(topic);
      await checkScreen(page, '72-mail-suggested-opportunity');
      await page.getByRole('button', { name: 'Track this email' }).click();
      await page.getByText('Tracked as an activity', { exact: true }).waitFor();
      // What happened is spoken in its own words: the page's words are not repeated in a hidden region.
      await page.getByText('Email saved as an activity on the contact.').waitFor({ state: 'attached' });
      await expect(page.getByText('Tracked as an activity').count()).resolves.toBe(1);

      // The activity is linked to the chosen opportunity; its Back returns to the Email tab.
      await page.getByRole('link', { name: `Open activity ${subject}` }).click();
      await page.getByRole('heading', { name: subject, exact: true }).waitFor();
      await page.getByRole('button', { name: topic, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Back to Email' }).click();
      await expectEmailTab(page);

      // A new opportunity from the message: named after the subject, for the sender's account, the sender its primary contact.
      const accountName = (await page.getByRole('button', { name: /^Open account / }).textContent())?.replace(/^Open account /, '') ?? '';
      await page.getByRole('button', { name: 'New opportunity from this message' }).click();
      await page.getByRole('heading', { name: 'New Opportunity' }).waitFor();
      const opportunityName = subject.replace(/^Re: /, '');
      await expect(page.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).resolves.toBe(opportunityName);
      await expect(selectedText(page, 'Account')).resolves.toContain(accountName);
      await expect(selectedText(page, 'Primary contact')).resolves.toContain(contactName);
      await expect(selectedText(page, 'Stage')).resolves.toBe('Prospecting');
      await page.getByRole('spinbutton', { name: 'Revenue' }).fill('125000');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: opportunityName, exact: true }).waitFor();
      // Revenue with its currency (the package's Revenue is in EUR).
      await expect(page.getByText(/125[,.]000[.,]00/).textContent()).resolves.toContain('€');
      await checkScreen(page, '73-opportunity-from-mail');
      // Editing and cancelling keeps the way back: the record, then the Email tab.
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('heading', { name: `Edit ${opportunityName}`, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { name: opportunityName, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Back to Email' }).click();
      await expectEmailTab(page);

      // The contact's page: the timeline, the opportunity row naming its account.
      await page.getByRole('button', { name: `Open contact ${contactName}` }).click();
      await page.getByRole('heading', { name: contactName, exact: true }).waitFor();
      const timeline = page.getByRole('region', { name: /^Activities/ });
      await timeline.getByRole('button', { name: subject }).waitFor();
      const opportunityRow = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: opportunityName, exact: true }) });
      await expect(opportunityRow.textContent()).resolves.toContain(`· ${accountName}`);

      // Quick action: log a call, prefilled for the contact and its account; Save, then Back to the contact.
      const quick = page.getByRole('group', { name: 'Quick actions' });
      await expect(quick.getByRole('button').allTextContents()).resolves.toEqual(['Log a call', 'New opportunity', 'New activity']);
      await quick.getByRole('button', { name: 'Log a call' }).click();
      await page.getByRole('heading', { name: 'New Activity' }).waitFor();
      await expect(page.getByRole('textbox', { name: 'Subject' }).inputValue()).resolves.toBe(`Call with ${contactName}`);
      await expect(selectedText(page, 'Type')).resolves.toBe('Call');
      await expect(selectedText(page, 'Status')).resolves.toBe('Done');
      await expect(selectedText(page, 'Contact')).resolves.toContain(contactName);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: `Call with ${contactName}`, exact: true }).waitFor();
      await page.getByRole('button', { name: `Back to ${contactName}` }).click();
      await page.getByRole('heading', { name: contactName, exact: true }).waitFor();
      await timeline.getByRole('button', { name: `Call with ${contactName}` }).waitFor();
      // Newest first: the call (now) above the e-mail (received earlier).
      const entries = await timeline.getByRole('listitem').allTextContents();
      const callAt = entries.findIndex((text) => text.includes(`Call with ${contactName}`));
      expect(callAt).toBeGreaterThanOrEqual(0);
      expect(callAt).toBeLessThan(entries.findIndex((text) => text.includes(subject)));
      await checkScreen(page, '74-contact-timeline');

      // To the account and back: Back returns to the record the rep came from, then to the Email tab.
      await page.getByRole('button', { name: accountName, exact: true }).first().click();
      await page.getByRole('heading', { name: accountName, exact: true }).waitFor();
      await expect(page.getByRole('group', { name: 'Quick actions' }).getByRole('button').allTextContents()).resolves.toEqual([
        'Log a call',
        'New contact',
        'New opportunity',
        'New activity',
      ]);
      await page
        .getByRole('region', { name: /^Activities/ })
        .getByRole('button', { name: `Call with ${contactName}` })
        .waitFor();
      await checkScreen(page, '75-account-quick-actions');
      await page.getByRole('button', { name: `Back to ${contactName}` }).click();
      await page.getByRole('heading', { name: contactName, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Back to Email' }).click();
      await expectEmailTab(page);
      await page.getByText('Tracked as an activity', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });

  // Runs last: it publishes a package without contacts for the whole gateway.
  test('a package without a contact type still opens the Email tab, with a notice saying why', async () => {
    const admin = await serverClient('admin');
    await admin.call('PublishPackage', { responsibilityId: 'R-SALES-REP', files: withoutContacts() });

    const { context, page } = await harness.openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'carol', 'demo');
      await finishFirstRun(page);
      await page.getByRole('tab', { name: 'Email' }).click();
      await page.getByRole('region', { name: 'Mailbox simulator' }).getByRole('button').first().click();
      await page.getByRole('heading', { name: 'Sender' }).waitFor();
      await page.getByText('Your configuration has no contact record type, so Fieldbook cannot look up who sent this message.').waitFor();
      await expect(page.getByRole('button', { name: /^(Track this email|Create contact)$/ }).count()).resolves.toBe(0);
      await checkScreen(page, '76-mail-no-contact-type');
    } finally {
      await context.close();
    }
  });
});

/** The demo package v2 without its Contact type (nor the references to it), as a later version. */
function withoutContacts(): PackageFile[] {
  return loadPackageDir(resolve(__dirname, '../../packages/demo-v2')).map((file) => {
    let content = file.content;
    if (file.name === 'info.xml')
      content = content.replace(/version="1\.01\.00\.00"/, 'version="1.02.00.00"').replace(/1\.01\.99\.99/, '1.02.99.99');
    if (file.name === 'objects.xml')
      content = content.replace(/<object name="Contact"[\s\S]*?<\/object>/, '').replace(/^.*references="Contact".*\n/gm, '');
    if (file.name === 'filters.xml') content = content.replace(/^.*<object name="Contact".*\n/gm, '');
    if (file.name !== 'sync.xml' && content === file.content)
      throw new Error(`${file.name} unchanged: the demo package is not what this test expects`);
    return { ...file, content };
  });
}
