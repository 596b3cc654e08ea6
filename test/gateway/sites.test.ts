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
      expect(failure.error.details).toEqual({ siteId: site.siteId });
      if (encoding === 'json') expect(failure.httpStatus).toBe(410);
    }
    const log = await gw.context.database.db
      .selectFrom('operation_log')
      .select('operation_id')
      .where('operation_id', '=', `revoked-${encoding}`)
      .execute();
    expect(log).toEqual([]);
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
