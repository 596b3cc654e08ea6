import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 50 });
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

describe.each(ENCODINGS)('sites over %s', (encoding) => {
  test('RegisterSite answers a site id and a database id; calls carrying it record the last sync', async () => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login('alice');
    const site = await c.call('RegisterSite', { deviceName: `Alice's laptop (${encoding})` });
    expect(site.siteId).toMatch(/^S-[0-9A-F]{10}$/);
    expect(site.databaseId).toMatch(/^DB-[A-Za-z0-9_-]{22}$/);
    c.session.databaseId = site.databaseId;
    gw.clock.advance(1000);
    await c.call('GetChangeKeys', { objectType: 'Account' });
    const row = await gw.context.database.db.selectFrom('sites').selectAll().where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ user_id: 'U-ALICE', status: 'active', device_name: `Alice's laptop (${encoding})` });
    expect(Number(row.last_sync_at)).toBe(gw.clock.now());
  });

  test('a retried RegisterSite with the same operation id registers one site', async () => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login('bob');
    const operationId = `register-${encoding}-1`;
    const first = await c.call('RegisterSite', { deviceName: 'Bob tablet', operationId });
    const retry = await c.call('RegisterSite', { deviceName: 'Bob tablet', operationId });
    expect(retry).toEqual(first);
    const rows = await gw.context.database.db.selectFrom('sites').select('site_id').where('device_name', '=', 'Bob tablet').execute();
    expect(rows.filter((r) => r.site_id === first.siteId)).toHaveLength(1);
  });

  test('a revoked database id gets SITE_REVOKED on every call, Login included, and writes nothing', async () => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login('carol');
    const site = await c.call('RegisterSite', { deviceName: 'Old laptop' });
    c.session.databaseId = site.databaseId;
    const account = (await c.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys[0]!;
    await gw.context.database.db
      .updateTable('sites')
      .set({ status: 'revoked', revoked_at: gw.clock.now() })
      .where('site_id', '=', site.siteId)
      .execute();

    const attempts = [
      await c.fail('GetChangeKeys', { objectType: 'Account' }),
      await c.fail('UpdateRecord', {
        operationId: `revoked-${encoding}`,
        objectType: 'Account',
        rowId: account.rowId,
        modNum: 1,
        fields: { Phone: '+1 555 0199' },
      }),
      await c.fail('Login', { userName: 'carol', password: 'demo' }),
    ];
    for (const failure of attempts) {
      expect(failure.error.code).toBe('SITE_REVOKED');
      expect(failure.error.details).toEqual({ siteId: site.siteId, revokedAt: new Date(gw.clock.now()).toISOString() });
      if (encoding === 'json') expect(failure.httpStatus).toBe(410);
    }
    const log = await gw.context.database.db
      .selectFrom('operation_log')
      .select('operation_id')
      .where('operation_id', '=', `revoked-${encoding}`)
      .execute();
    expect(log).toEqual([]);
  });

  test('ReportDevice keeps what the device last said it holds unsent and its filter choice; ListSites shows the count', async () => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login('dave');
    const site = await c.call('RegisterSite', { deviceName: `Dave's laptop (${encoding})` });
    c.session.databaseId = site.databaseId;
    const filters = {
      presetId: 'my-open-opportunities',
      disabledObjects: ['Activity'],
      personalFilters: [{ objectType: 'Opportunity', filter: { field: 'Probability', op: 'ge' as const, value: 50 } }],
      personalPresets: [
        {
          id: 'P-1',
          name: 'Hot deals',
          basePresetId: 'my-open-opportunities',
          disabledObjects: [],
          personalFilters: [{ objectType: 'Opportunity', filter: { field: 'Probability', op: 'ge' as const, value: 80 } }],
        },
      ],
    };
    gw.clock.advance(5_000);
    expect(await c.call('ReportDevice', { unsentChanges: 3, filters })).toEqual({});
    const row = await gw.context.database.db.selectFrom('sites').selectAll().where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(Number(row.unsent_changes)).toBe(3);
    expect(Number(row.unsent_reported_at)).toBe(gw.clock.now());
    // SOAP carries filter values as text (the same value to the filter: both sides coerce by the field's type).
    expect(JSON.parse(row.filter_choice ?? 'null')).toEqual(
      encoding === 'json' ? filters : expect.objectContaining({ presetId: filters.presetId, disabledObjects: filters.disabledObjects }),
    );

    const admin = new GatewayClient(gw.url, encoding);
    await admin.login('admin');
    const listed = (await admin.call('ListSites', { userName: 'dave' })).sites.find((s) => s.siteId === site.siteId);
    expect(listed).toMatchObject({ unsentChanges: 3, unsentReportedAt: new Date(gw.clock.now()).toISOString() });

    // A later report replaces the earlier one.
    gw.clock.advance(1_000);
    await c.call('ReportDevice', { unsentChanges: 0, filters: { disabledObjects: [], personalFilters: [], personalPresets: [] } });
    const again = (await admin.call('ListSites', { userName: 'dave' })).sites.find((s) => s.siteId === site.siteId);
    expect(again).toMatchObject({ unsentChanges: 0, unsentReportedAt: new Date(gw.clock.now()).toISOString() });
  });

  test('ReportDevice refuses a report without a registered device, or with a filter choice the package cannot use, and keeps the last one', async () => {
    const c = new GatewayClient(gw.url, encoding);
    await c.login('bob');
    const none = { disabledObjects: [], personalFilters: [], personalPresets: [] };
    const unregistered = await c.fail('ReportDevice', { unsentChanges: 1, filters: none });
    expect(unregistered.error.code).toBe('INVALID_REQUEST');
    expect(unregistered.error.message).toMatch(/register the site first/);

    const site = await c.call('RegisterSite', { deviceName: `Bob's second laptop (${encoding})` });
    c.session.databaseId = site.databaseId;
    await c.call('ReportDevice', { unsentChanges: 2, filters: none });
    const refusals = [
      await c.fail('ReportDevice', { unsentChanges: 9, filters: { ...none, disabledObjects: ['Spaceship'] } }),
      await c.fail('ReportDevice', {
        unsentChanges: 9,
        filters: { ...none, personalFilters: [{ objectType: 'Account', filter: { field: 'NoSuchField', op: 'eq', value: 1 } }] },
      }),
      await c.fail('ReportDevice', {
        unsentChanges: 9,
        filters: {
          ...none,
          personalFilters: [
            { objectType: 'Account', filter: { field: 'Name', op: 'eq', value: 'A' } },
            { objectType: 'Account', filter: { field: 'Name', op: 'eq', value: 'B' } },
          ],
        },
      }),
      await c.fail('ReportDevice', { unsentChanges: -1, filters: none }),
      await c.fail('ReportDevice', { unsentChanges: 9 }),
    ];
    expect(refusals.map((r) => r.error.code)).toEqual(Array(5).fill('INVALID_REQUEST'));
    expect(refusals[0]!.error.message).toMatch(/disabledObjects\[0\].*Spaceship/);
    expect(refusals[1]!.error.message).toMatch(/NoSuchField/);
    expect(refusals[2]!.error.message).toMatch(/a second personal filter for Account/);
    const row = await gw.context.database.db.selectFrom('sites').selectAll().where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(Number(row.unsent_changes)).toBe(2);
  });

  test("another user's database id is FORBIDDEN", async () => {
    const alice = new GatewayClient(gw.url, encoding);
    await alice.login('alice');
    const site = await alice.call('RegisterSite', { deviceName: 'Shared?' });
    const bob = new GatewayClient(gw.url, encoding);
    await bob.login('bob');
    bob.session.databaseId = site.databaseId;
    expect((await bob.fail('EstimateCount', { objectType: 'Account' })).error.code).toBe('FORBIDDEN');
  });
});
