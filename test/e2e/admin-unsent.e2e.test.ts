/**
 * SAP replacement step 1 in the admin page: every device reports after a sync how
 * many changes it still holds unsent (ReportDevice); the sites list shows it and the
 * replacement confirmation warns before the admin cuts a device off that still holds
 * changes. Debian's Chromium, the real gateway over HTTP.
 */
import { GatewayClient } from '../support/gateway-client.js';
import { checkScreen, usePaneHarness } from '../support/pane-e2e.js';

jest.setTimeout(120_000);

const harness = usePaneHarness({ demoRecords: 50 });

describe('unsent changes in the admin page', () => {
  test('the sites list shows what each device last reported and the replacement confirmation warns', async () => {
    // Two of bob's devices, as the gateway knows them: one reports 3 unsent changes, the other never reports.
    const register = async (deviceName: string, operationId: string) => {
      const bob = new GatewayClient(harness.gw.url, 'json');
      await bob.login('bob');
      const site = await bob.call('RegisterSite', { deviceName, operationId });
      bob.session = { ...bob.session, databaseId: site.databaseId };
      return bob;
    };
    const laptop = await register('bob unsent laptop', 'e2e-unsent-laptop-0001');
    await laptop.call('ReportDevice', { unsentChanges: 3, filters: { disabledObjects: [], personalFilters: [], personalPresets: [] } });
    await register('bob silent tablet', 'e2e-unsent-tablet-0001');

    // A task-pane-sized window: the admin page works at 400 px too.
    const context = await harness.browser.newContext({ viewport: { width: 400, height: 900 } });
    const admin = await context.newPage();
    await admin.goto(`${harness.gw.url}/pane/admin.html`);
    await admin.getByRole('textbox', { name: 'User name' }).fill('admin');
    await admin.getByRole('textbox', { name: 'Password' }).fill('demo');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Sites' }).waitFor();
    await admin.getByRole('textbox', { name: 'User' }).fill('bob');
    await admin.getByRole('button', { name: 'Find sites' }).click();

    const laptopRow = admin.getByRole('row', { name: /bob unsent laptop/ });
    const tabletRow = admin.getByRole('row', { name: /bob silent tablet/ });
    await laptopRow.waitFor();
    // Flagged in words, not only by colour.
    await expect(laptopRow.textContent()).resolves.toMatch(/Warning: 3 unsent changes\s· reported \w{3} \d{1,2}, \d{1,2}:\d\d\s[AP]M/);
    await expect(tabletRow.textContent()).resolves.toContain('Never reported');
    await expect(tabletRow.textContent()).resolves.not.toContain('Warning');
    await checkScreen(admin, '39-admin-sites-unsent');
    await admin.setViewportSize({ width: 320, height: 900 });
    await checkScreen(admin, '39-admin-sites-unsent-320');
    // At 320 px no column header is cut inside a word ("St at u s"): each wraps at most between its words.
    const headers = await admin
      .getByRole('table', { name: 'Sites' })
      .locator('th')
      .evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
          return { text: cell.textContent?.trim() ?? '', lines };
        }),
      );
    expect(headers.map((header) => header.text)).toEqual(['Select', 'User', 'Device', 'Unsent changes', 'Last sync', 'Site id', 'Status']);
    // "Select" is for screen readers only (a 1 px visually hidden box), so it is not measured.
    for (const { text, lines } of headers.slice(1))
      expect({ text, withinWords: lines <= text.split(/\s+/).length }).toEqual({ text, withinWords: true });
    await admin.setViewportSize({ width: 400, height: 900 });

    await laptopRow.getByRole('checkbox').check();
    await tabletRow.getByRole('checkbox').check();
    await admin.getByRole('button', { name: 'Request replacement of 2 devices' }).click();
    const dialog = admin.getByRole('alertdialog', { name: 'Replace 2 devices?' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(
      /Bob Fischer's device "bob unsent laptop" last reported 3 unsent changes at \d{1,2}:\d\d\s[AP]M on \w{3} \d{1,2}\. Ask Bob Fischer to sync it first if it still works; otherwise they can export them on that device \(Export my changes, shown once it is replaced\) and import them on the new one \(Issues → Archive → Import changes\)\./,
    );
    await expect(dialog.textContent()).resolves.toContain(`Bob Fischer's device "bob silent tablet" never reported its unsent changes.`);
    await checkScreen(admin, '39-admin-replace-unsent');
    // The same screens in the dark theme (the admin page follows the system's colour scheme too).
    await admin.emulateMedia({ colorScheme: 'dark' });
    await admin.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
    await checkScreen(admin, '74-admin-replace-dark');

    // Cancelling requests nothing: both devices stay active and selectable.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(laptopRow.getByRole('checkbox').isChecked()).resolves.toBe(true);
    await checkScreen(admin, '74-admin-sites-dark');
    await context.close();
  });
});
