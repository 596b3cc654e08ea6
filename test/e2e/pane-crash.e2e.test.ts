/**
 * End to end, a browser crash: Chromium killed with SIGKILL (no shutdown, nothing
 * flushed), then started again on the same profile. What the pane needs at start
 * lives in IndexedDB, so it opens on the records, offline edits and all; with
 * "remember me" it syncs without the password, and the edit reaches the gateway
 * once. Without "remember me" no session survives on disk. Also: the header says
 * "Offline" while the gateway does not answer, though the browser is online.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { GatewayClient, signedInClient } from '../support/gateway-client.js';
import { buildPane, screenshot } from '../support/pane-browser.js';
import { checkScreen, finishFirstRun, openAccount, signIn } from '../support/pane-e2e.js';
import { filesContaining, killChromium, openPersistentPane, type PersistentPane } from '../support/persistent-pane.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

jest.setTimeout(180_000);

let gw: TestGateway;
let pane: { dir: string; remove(): void };
const profiles: string[] = [];
const running: PersistentPane[] = [];

beforeAll(async () => {
  pane = await buildPane();
  gw = await startTestGateway({ demoRecords: 400, paneDir: pane.dir });
}, 180_000);

afterAll(async () => {
  for (const run of running) await run.context.close().catch(() => undefined);
  await gw?.stop();
  pane?.remove();
  for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
});

function newProfile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-crash-profile-'));
  profiles.push(dir);
  return dir;
}

async function launch(profile: string): Promise<PersistentPane> {
  const run = await openPersistentPane(profile, `${gw.url}/pane/taskpane.html`);
  running.push(run);
  return run;
}

const serverClient = (userName: string): Promise<GatewayClient> => signedInClient(gw.url, userName);

/** The session token "remember me" keeps, read from the rep's store as the pane wrote it. */
function rememberedToken(page: Page, userName: string): Promise<string | null> {
  return page.evaluate(async (user) => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(`fieldbook|${user}|`));
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(names[0] ?? 'none');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('open failed'));
    });
    const row = await new Promise<{ value?: { rememberedSession?: { sessionToken?: string } | null } } | undefined>((resolve, reject) => {
      const request = db.transaction('meta').objectStore('meta').get('settings');
      request.onsuccess = () => resolve(request.result as never);
      request.onerror = () => reject(request.error ?? new Error('read failed'));
    });
    db.close();
    return row?.value?.rememberedSession?.sessionToken ?? null;
  }, userName);
}

const header = (page: Page) => page.locator('.pane-header');

describe('the pane after a browser crash', () => {
  test('remember me, sync, an offline edit, SIGKILL: the pane reopens on the records with the edit unsynced, and one sync uploads it once', async () => {
    const profile = newProfile();
    const alice = await serverClient('alice');
    const rowId = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!.rowId;
    const [before] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
    const name = String(before!.fields['Name']);
    const phone = '+1 555 0142';

    let run = await launch(profile);
    await run.page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
    await signIn(run.page, 'alice', 'demo', { remember: true });
    await finishFirstRun(run.page);
    await run.context.setOffline(true);
    await header(run.page).getByText('Offline', { exact: true }).waitFor();
    await openAccount(run.page, name);
    await run.page.getByRole('button', { name: 'Edit' }).click();
    await run.page.getByRole('textbox', { name: /Phone/ }).fill(phone);
    await run.page.getByRole('button', { name: 'Save' }).click();
    await run.page.getByText('Changed on this device, not yet synced.').waitFor();
    const token = await rememberedToken(run.page, 'alice');
    expect(token).toEqual(expect.any(String));

    await killChromium(profile);
    // The scan can see what IndexedDB wrote: the remembered session is on disk (the other test relies on this).
    expect(filesContaining(profile, token!).length).toBeGreaterThan(0);

    run = await launch(profile);
    const { page } = run;
    await page.getByRole('tab', { name: 'Records', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: 'Set up Fieldbook' }).count()).toBe(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await openAccount(page, name);
    await page.getByText('Changed on this device, not yet synced.').waitFor();
    await page.getByText(phone).first().waitFor();
    await checkScreen(page, '30-after-crash-records');

    // The browser is online but the gateway does not answer: the header says Offline, not Online.
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await header(page).getByRole('button', { name: 'Sync' }).click();
    await header(page).getByText('Offline', { exact: true }).waitFor();
    await screenshot(page, '31-gateway-unreachable');
    await page.unroute('**/api/**');

    // Remembered session: the sync needs no password, and the edit goes up once.
    await page.getByRole('tab', { name: 'Sync' }).click();
    expect(await page.getByText('Sign in again to sync.').count()).toBe(0);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Sync complete at/).waitFor();
    await page.getByText(/1 change sent/).waitFor();
    await header(page).getByText('Online', { exact: true }).waitFor();
    const [after] = (await alice.call('QueryRecords', { objectType: 'Account', rowIds: [rowId] })).records;
    expect(after?.fields['Phone']).toBe(phone);
    expect(after?.modNum).toBe(before!.modNum + 1);
  });

  test('without remember me, a crash leaves no session on disk: the pane reopens on the records and asks for the password to sync', async () => {
    const profile = newProfile();
    let run = await launch(profile);
    await run.page.getByRole('heading', { name: 'Set up Fieldbook' }).waitFor();
    const login = run.page.waitForResponse((response) => response.url().endsWith('/api/Login'));
    await signIn(run.page, 'bob', 'demo');
    const token = ((await (await login).json()) as { sessionToken?: string }).sessionToken;
    expect(token).toEqual(expect.any(String));
    await finishFirstRun(run.page);
    expect(await rememberedToken(run.page, 'bob')).toBeNull();
    // Nothing in web storage either, which Chromium writes to disk seconds later (sessionStorage too).
    expect(await run.page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

    await killChromium(profile);
    expect(filesContaining(profile, token!)).toEqual([]);

    run = await launch(profile);
    const { page } = run;
    await page.getByRole('listbox', { name: 'Accounts' }).getByRole('option').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Set up Fieldbook' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Sync' }).click();
    await page.getByText('Sign in again to sync.').waitFor();
  });
});
