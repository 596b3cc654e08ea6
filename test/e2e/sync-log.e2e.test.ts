/**
 * End to end, the sync log (issue 15, part 5): off by default, switched on in the
 * Sync panel, a sync recorded, the downloaded file read back (steps there; no
 * session token, no database id, no record contents), and cleared. The cap is a
 * unit test (test/store). Debian's Chromium, real IndexedDB, the real gateway.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { GatewayClient } from '../support/gateway-client.js';
import { checkScreen, finishFirstRun, signIn, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 300, acceptDownloads: true });

/** What must never reach the log, read from the pane's own IndexedDB: the kept session, the database id, account names. */
async function secretsOf(page: Page): Promise<{ token: string | null; databaseId: string | null; names: string[] }> {
  return page.evaluate(async () => {
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const name = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('fieldbook|'));
    if (name === undefined) throw new Error('no store');
    const db = await request(indexedDB.open(name));
    try {
      const settings = (await request(db.transaction('meta').objectStore('meta').get('settings'))) as {
        value: { rememberedSession?: { sessionToken: string } | null; databaseId: string | null };
      };
      const accounts = (await request(db.transaction('rec_Account').objectStore('rec_Account').getAll(null, 25))) as Array<{
        fields: { Name?: string };
      }>;
      return {
        token: settings.value.rememberedSession?.sessionToken ?? null,
        databaseId: settings.value.databaseId,
        names: accounts.map((a) => a.fields.Name ?? '').filter((n) => n.length >= 4),
      };
    } finally {
      db.close();
    }
  });
}

test('the sync log is off by default; switched on it records a sync, downloads without secrets, and clears', async () => {
  const { context, page } = await harness.openPane();
  try {
    await signIn(page, 'alice', 'demo', { remember: true });
    await finishFirstRun(page);
    await page.getByRole('tab', { name: 'Sync' }).click();

    // Off by default: the first sync left nothing.
    const keep = page.getByRole('checkbox', { name: 'Keep a sync log' });
    await keep.waitFor();
    expect(await keep.isChecked()).toBe(false);
    await page.getByText('The sync log is empty.').waitFor();
    expect(await page.getByRole('button', { name: 'Download sync log' }).isDisabled()).toBe(true);
    await checkScreen(page, '50-sync-log-off');

    await keep.check();
    // Something for the logged sync to bring: an account renamed on the server, whose new name must not reach the log.
    const server = new GatewayClient(harness.gw.url, 'json');
    const login = await server.call('Login', { userName: 'alice', password: 'demo' });
    server.session = { sessionToken: login.sessionToken };
    const rowId = (await server.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
    const [account] = (await server.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
    const renamed = 'Quillfeather Logistics Renamed';
    await server.call('UpdateRecord', {
      objectType: 'Account',
      rowId,
      modNum: account!.modNum,
      fields: { Name: renamed, Phone: '+47 5555 0142' },
      operationId: `e2e-sync-log-${Date.now()}`,
    });
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Sync complete at/).waitFor();
    await page.getByText(/^The sync log holds \d+ entries\.$/).waitFor();
    expect(await keep.isChecked()).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download sync log' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^fieldbook-sync-log-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('# Fieldbook sync log');
    const steps = lines.filter((line) => !line.startsWith('#')).map((line) => line.split('\t')[2]);
    expect(steps[0]).toBe('step'); // the column names
    expect(steps.slice(1, 2)).toEqual(['start']);
    expect(steps).toEqual(expect.arrayContaining(['session', 'package', 'download']));
    expect(lines.find((line) => line.split('\t')[2] === 'done')).toMatch(/\tupdated=1\t/);
    expect(steps[steps.length - 1]).toBe('done');
    // The download waited for the last entries; the count follows once they are in.
    await page.getByText(`The sync log holds ${steps.length - 1} entries.`).waitFor();
    await checkScreen(page, '51-sync-log-on');

    const secrets = await secretsOf(page);
    expect(secrets.token).toBeTruthy();
    expect(text).not.toContain(secrets.token);
    expect(secrets.databaseId).toBeTruthy();
    expect(text).not.toContain(secrets.databaseId);
    expect(secrets.names.length).toBeGreaterThan(5);
    expect(secrets.names.filter((name) => text.includes(name))).toEqual([]);
    expect(text).not.toContain(renamed);
    expect(text).not.toContain('0142');

    await page.getByRole('button', { name: 'Clear sync log' }).click();
    await page.getByText('The sync log is empty.').waitFor();
  } finally {
    await context.close();
  }
});
