/**
 * End to end on PostgreSQL (issue 14: DATABASE_URL works end to end): the production
 * pane in Chromium, served by a gateway whose database is PostgreSQL, does its first
 * run, saves an edit and syncs it; the server holds the edit once. The other pane tests
 * run on the embedded database.
 */
import { GatewayClient } from '../support/gateway-client.js';
import { screenshot } from '../support/pane-browser.js';
import { finishFirstRun, openAccount, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 300, engine: 'postgres' });

test('first run, an edit and a sync through a gateway on PostgreSQL: the server holds the edit once', async () => {
  expect(harness.gw.context.database.dialect.name).toBe('postgres');
  const alice = new GatewayClient(harness.gw.url, 'json');
  await alice.login('alice');
  const rowId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
  const [before] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
  const name = String(before!.fields['Name']);

  const { context, page } = await harness.openPane();
  try {
    await page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
    await signIn(page, 'alice', 'demo');
    await finishFirstRun(page);
    await openAccount(page, name);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: /Phone/ }).fill('+47 555 0515');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Changed on this device, not yet synced.').waitFor();
    await page.getByRole('tab', { name: 'Sync' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Sync complete at/).waitFor();
    await page.getByText(/1 change sent/).waitFor();
    await screenshot(page, '42-synced-through-postgresql');
  } finally {
    await context.close();
  }
  const [after] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
  expect(after?.fields['Phone']).toBe('+47 555 0515');
  expect(after?.modNum).toBe(before!.modNum + 1);
});
