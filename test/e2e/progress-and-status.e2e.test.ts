/**
 * End to end, issue 15 part 2 ("progress and status that tell the truth"): the first
 * run's bars follow the records received, the Sync panel names what waits to be sent
 * and keeps the last successful sync apart from a failed attempt, no message stands
 * next to one it contradicts or repeats, and the filter confirmation names the number
 * the sync then removes.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { loadPackageDir } from '../../src/gateway/packages/read-package-dir.js';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { checkScreen, escapeRegExp, finishFirstRun, openAccount, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 400 });
const { openPane } = harness;

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(harness.gw.url, userName);

/** The value and maximum of a native progress bar, found by its accessible name. */
function barOf(page: Page, name: string): Promise<{ value: number; max: number }> {
  return page
    .getByRole('progressbar', { name })
    .evaluate((element) => ({ value: (element as HTMLProgressElement).value, max: (element as HTMLProgressElement).max }));
}

/** The Sync panel's status list as term → detail. */
async function statusLines(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const list = [...document.querySelectorAll('dl')].find((dl) => dl.querySelector('dt')?.textContent === 'Connection');
    const lines: Record<string, string> = {};
    for (const dt of list?.querySelectorAll('dt') ?? []) lines[dt.textContent ?? ''] = dt.nextElementSibling?.textContent ?? '';
    return lines;
  });
}

/** Every bar of the download step: its name, value, maximum and words. */
function allBars(page: Page): Promise<Array<{ name: string; value: number; max: number; words: string }>> {
  return page.locator('.progress-row').evaluateAll((rows) =>
    rows.map((row) => {
      const bar = row.querySelector('progress') as HTMLProgressElement;
      return {
        name: bar.getAttribute('aria-label') ?? '',
        value: bar.value,
        max: bar.max,
        words: row.querySelectorAll('.label-line span')[1]?.textContent ?? '',
      };
    }),
  );
}

/**
 * Starts the first sync (or the one after a reinstall) with the records held at the
 * gateway's door: while nothing is received no bar is full and the overall line says
 * 0 of the estimate; once they flow, every bar ends full with what it really received,
 * and the bars add up to the total the assistant announces.
 */
async function firstSyncHeld(page: Page, screen: string, estimated: number): Promise<void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/ListRecords', async (route) => {
    await held;
    await route.continue();
  });
  try {
    await page.getByRole('button', { name: 'Start the first sync' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Downloading / })
      .waitFor();
    // The issue: every bar said "0 ✓", full, from the first instant to the end.
    const waiting = await allBars(page);
    expect(waiting.length).toBeGreaterThanOrEqual(4);
    for (const bar of waiting) {
      expect(bar.value).toBe(0);
      expect(bar.value).toBeLessThan(bar.max);
      expect(bar.words).not.toContain('✓');
    }
    // The same by role and name, as a screen reader meets it.
    const accounts = await barOf(page, 'Accounts progress');
    expect(accounts.value).toBeLessThan(accounts.max);
    await page.getByText(`0 of ${estimated.toLocaleString('en-US')} records`).waitFor();
    await checkScreen(page, screen);
  } finally {
    release();
  }
  await page.getByText('Your data is ready.').waitFor();
  await page.unroute('**/api/ListRecords');
  const ready = (await page.getByText(/records are now available offline/).textContent()) ?? '';
  const total = Number(/^([\d,]+) records are now/.exec(ready)![1]!.replace(/,/g, ''));
  // Records outside the filters that the rep's records refer to are fetched read-only by the clean-up: no bar counts them, the words do.
  const readOnly = Number(/([\d,]+) of them (?:is|are) read-only/.exec(ready)?.[1]?.replace(/,/g, '') ?? '0');
  expect(total).toBeGreaterThan(0);
  let sum = 0;
  for (const bar of await allBars(page)) {
    expect(bar.value).toBe(bar.max);
    expect(bar.words).toMatch(/^[\d,]+ ✓$/);
    sum += Number(bar.words.replace(/[^\d]/g, ''));
  }
  expect(sum).toBe(total - readOnly);
  await page.getByText(`${sum.toLocaleString('en-US')} of ${sum.toLocaleString('en-US')} records`).waitFor();
}

/** The assistant's estimate ("About N records") once it is there. */
async function estimateShown(page: Page): Promise<number> {
  const text = page.getByText(/About [\d,]+ records/).first();
  await text.waitFor();
  return Number((await text.textContent())!.replace(/[^\d]/g, ''));
}

/** Edits an account's phone on this device (the pane being offline), and the same field on the server. */
async function conflictOn(page: Page, alice: GatewayClient, rowId: string): Promise<void> {
  const [account] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
  const name = String(account!.fields['Name']);
  await page.getByRole('tab', { name: 'Records', exact: true }).click();
  await openAccount(page, name);
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: /Phone/ }).fill('+1 555 0100');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Changed on this device, not yet synced.').waitFor();
  await page
    .getByRole('button', { name: /Back to/ })
    .first()
    .click();
  await alice.call('UpdateRecord', {
    objectType: 'Account',
    rowId,
    modNum: account!.modNum,
    fields: { Phone: '+1 555 0199' },
    operationId: `e2e-p2-${rowId}-${Date.now()}`,
  });
}

describe('progress and status that tell the truth', () => {
  test('first run: an old sign-in error goes with the next attempt; the bars follow the records received and add up', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'wrong password', { gatewayUrl: harness.gw.url });
      await page.getByRole('alert').getByText('The user name or password is wrong.').waitFor();
      // The next attempt has a field error of its own: the old sign-in error is gone, not beside it.
      await signIn(page, 'alice', 'demo', { gatewayUrl: 'not an address' });
      await page.getByText('Enter the gateway address, for example https://crm.example.com').waitFor();
      await expect(page.getByText('The user name or password is wrong.').count()).resolves.toBe(0);
      await checkScreen(page, '70-sign-in-field-error-alone');

      await signIn(page, 'alice', 'demo', { gatewayUrl: harness.gw.url });
      await page.getByRole('heading', { name: 'Choose what to keep on this device' }).waitFor();
      const estimated = await estimateShown(page);

      await firstSyncHeld(page, '71-first-run-progress', estimated);
      // The per-type bars by role and name: each full, with what it received.
      for (const type of ['Accounts', 'Contacts', 'Opportunities', 'Activities']) {
        const bar = await barOf(page, `${type} progress`);
        expect(bar.value).toBe(bar.max);
      }
      await checkScreen(page, '72-first-run-done');
    } finally {
      await context.close();
    }
  });

  test('the Sync panel lists the changes waiting, keeps the last successful sync apart from a failed attempt', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'demo');
      await finishFirstRun(page);
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('heading', { name: 'No changes wait to be sent' }).waitFor();
      const first = await statusLines(page);
      expect(first['Last successful sync']).not.toBe('Never');
      expect(first['Last attempt']).toBeUndefined();
      // The counts of the last sync, said once (the result bar shows them; the list does not repeat them).
      await expect(page.getByText(/[\d,]+ records? received, 0 changes sent/).count()).resolves.toBe(1);

      const alice = await serverClient('alice');
      const rowId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
      const name = String((await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records[0]!.fields['Name']);
      // The gateway stops answering (before the edit, so no automatic sync sends it): the attempt fails, and says so apart from the last success.
      await page.route('**/api/**', (route) => route.abort());
      await page.getByRole('tab', { name: 'Records', exact: true }).click();
      await openAccount(page, name);
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('textbox', { name: /Phone/ }).fill('+1 555 0123');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Changed on this device, not yet synced.').waitFor();

      await page.getByRole('tab', { name: 'Sync' }).click();
      const waiting = page.getByRole('list', { name: '1 change waits to be sent' });
      await waiting
        .getByRole('listitem')
        .filter({ hasText: `Changed: ${name} (Accounts)` })
        .waitFor();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByRole('alert').first().waitFor();
      await page.getByText(/^Failed at /).waitFor();
      const failed = await statusLines(page);
      expect(failed['Last successful sync']).toBe(first['Last successful sync']);
      expect(failed['Last attempt']).toMatch(/^Failed at /);
      // The bar now speaks of the failure: the list gives the last success's counts.
      expect(failed['Its result']).toMatch(/^[\d,]+ records? received, 0 changes sent, 0 records removed$/);
      await checkScreen(page, '73-sync-panel-failed-attempt');

      await page.unroute('**/api/**');
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByRole('heading', { name: 'No changes wait to be sent' }).waitFor();
      await page.getByText(/^Sync complete at/).waitFor();
      const after = await statusLines(page);
      expect(after['Last attempt']).toBeUndefined();
      await expect(page.getByText(/\b1 change sent/).count()).resolves.toBe(1);
      await checkScreen(page, '74-sync-panel-after-sync');
    } finally {
      await context.close();
    }
  });

  test('Issues: an answer confirms itself once; after "Sync now to apply" no "applied at the next sync" stays', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'alice', 'demo');
      await finishFirstRun(page);
      const alice = await serverClient('alice');
      const rowIds = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 2 })).keys.map((k) => k.rowId);
      const names = (await alice.call('QueryRecords', { objectType: 'Account', rowIds })).records.map((r) => String(r.fields['Name']));
      await context.setOffline(true);
      await page.getByText('Offline').first().waitFor();
      for (const rowId of rowIds) await conflictOn(page, alice, rowId);
      await context.setOffline(false);
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByText(/2 conflicts to resolve/).waitFor();

      // One issue answered in its detail: the page's "Answer saved" bar, not a second confirmation beside it.
      await page.getByRole('tab', { name: /^Issues/ }).click();
      await page
        .getByRole('button', { name: new RegExp(escapeRegExp(names[0]!)) })
        .first()
        .click();
      await page.getByRole('radio', { name: /Keep theirs for Phone/ }).check();
      await page.getByRole('button', { name: 'Apply my picks' }).click();
      await page.locator('.message', { hasText: 'Answer saved — applied at the next sync' }).waitFor();
      await expect(page.locator('.message', { hasText: 'Answer saved' }).count()).resolves.toBe(1);
      await checkScreen(page, '75-issue-answer-confirmed-once');

      // The other answered from the list, then synced from there: one message, the sync's.
      await page.getByRole('button', { name: 'Back to all issues' }).click();
      await page.getByRole('button', { name: 'Keep mine for all' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Keep mine for 1 issue' }).click();
      await page.locator('.message', { hasText: '1 answer saved.' }).waitFor();
      await page.getByRole('button', { name: 'Sync now to apply' }).click();
      await page.locator('.message', { hasText: 'Synced. Your answers were applied.' }).waitFor();
      await expect(page.locator('.message', { hasText: 'answer saved' }).count()).resolves.toBe(0);
      await page.getByText('No conflicts or sync issues.').waitFor();
      await checkScreen(page, '76-issues-synced-one-message');
    } finally {
      await context.close();
    }
  });

  test('the filter confirmation names the number the sync removes; a saved filter is listed at once', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'bob', 'demo');
      await finishFirstRun(page);
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('tab', { name: 'Filter records' }).click();
      await page.getByRole('combobox', { name: 'Opportunities by close date' }).selectOption({ label: 'Next 90 days' });
      await page.getByText(/About [\d,]+ records/).waitFor();

      // Saved under the rep's own name: listed among the presets at once, without leaving the tab.
      await page.getByRole('textbox', { name: 'Save as my filter' }).fill('Closing soon');
      await page.getByRole('button', { name: 'Save filter' }).click();
      await page.getByText('Saved "Closing soon".').waitFor();
      await page.getByRole('button', { name: 'Use my saved filter Closing soon' }).waitFor();
      await checkScreen(page, '77-filter-saved-listed');

      await page.getByRole('button', { name: 'Apply filters' }).click();
      const dialog = page.getByRole('alertdialog', { name: 'Apply these filters?' });
      const removal = dialog.getByText(/[\d,]+ records? will be removed from this device/);
      await removal.waitFor();
      const named = Number((await removal.textContent())!.replace(/ record.*/, '').replace(/[^\d]/g, ''));
      // Some of bob's old opportunities are referred to by his activities: they stay, and are not in the number.
      await dialog.getByText(/[\d,]+ records? outside the new filters stays?, read-only/).waitFor();
      await checkScreen(page, '78-filter-confirm-exact');
      await dialog.getByRole('button', { name: 'Apply and sync' }).click();
      const applied = page.getByText(/^[\d,]+ records removed, [\d,]+ downloaded\.$/);
      await applied.waitFor();
      const removed = Number((await applied.textContent())!.replace(/ records removed.*/, '').replace(/[^\d]/g, ''));
      expect(removed).toBe(named);
    } finally {
      await context.close();
    }
  });

  // Last in the file: it publishes the next package version for every sales rep of this gateway.
  test('after a reinstall the bars start empty again and follow the records received', async () => {
    const { context, page } = await openPane();
    try {
      await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
      await signIn(page, 'carol', 'demo');
      await finishFirstRun(page);
      const admin = await serverClient('admin');
      await admin.call('PublishPackage', {
        responsibilityId: 'R-SALES-REP',
        files: loadPackageDir(resolve(__dirname, '../../packages/demo-v2')),
      });
      await page.getByRole('tab', { name: 'Sync' }).click();
      await page.getByRole('button', { name: 'Sync now' }).click();
      await page.getByRole('alertdialog', { name: 'New configuration' }).getByRole('button', { name: 'Reinstall now' }).click();
      await page.getByRole('heading', { name: 'Choose what to keep on this device' }).waitFor();
      const estimated = await estimateShown(page);
      await firstSyncHeld(page, '79-reinstall-progress', estimated);
      await page.getByRole('progressbar', { name: 'Leads progress' }).waitFor();
      await checkScreen(page, '80-reinstall-done');
    } finally {
      await context.close();
    }
  });
});
