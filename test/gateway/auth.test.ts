import { ENCODINGS, GatewayClient } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

describe.each(ENCODINGS)('sessions over %s', (encoding) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ demoRecords: 50 });
  });
  afterAll(async () => {
    expect(gw.internalErrors).toEqual([]);
    await gw.stop();
  });

  test('Login answers an opaque token with an expiry, and the token opens later calls', async () => {
    const c = new GatewayClient(gw.url, encoding);
    const login = await c.login('alice');
    expect(login.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(login.expiresAt)).toBe(gw.clock.now() + 12 * 3600 * 1000);
    expect(login).toMatchObject({ userName: 'alice', responsibilityId: 'R-SALES-REP', visibility: 'personal', isAdmin: false });
    await expect(c.call('EstimateCount', { objectType: 'Account' })).resolves.toHaveProperty('count');
    // Only a hash of the token is stored.
    const stored = await gw.context.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(login.sessionToken);
  });

  test('a wrong password and an unknown user get the same answer', async () => {
    const c = new GatewayClient(gw.url, encoding);
    const wrong = await c.fail('Login', { userName: 'bob', password: 'nope' });
    const unknown = await c.fail('Login', { userName: 'nobody', password: 'nope' });
    for (const f of [wrong, unknown]) {
      expect(f.error.code).toBe('UNAUTHENTICATED');
      expect(f.error.message).toBe('Wrong user name or password');
      expect(f.httpStatus).toBe(encoding === 'json' ? 401 : 500);
    }
  });

  test('repeated failed logins lock the user name for a growing while, even for the right password', async () => {
    const c = new GatewayClient(gw.url, encoding);
    const user = 'carol';
    for (let i = 0; i < 5; i++)
      expect((await c.fail('Login', { userName: user, password: `guess${i}` })).error.code).toBe('UNAUTHENTICATED');
    const locked = await c.fail('Login', { userName: user, password: 'demo' });
    expect(locked.error.code).toBe('RATE_LIMITED');
    expect(locked.error.details).toEqual({ retryAfterSeconds: 2 });
    gw.clock.advance(2_001);
    // One more wrong guess after the lock doubles it.
    expect((await c.fail('Login', { userName: user, password: 'again' })).error.code).toBe('UNAUTHENTICATED');
    expect((await c.fail('Login', { userName: user, password: 'demo' })).error.details).toEqual({ retryAfterSeconds: 4 });
    gw.clock.advance(4_001);
    await expect(c.login(user)).resolves.toHaveProperty('userName', user);
    // Success resets the count: one failure does not lock again.
    expect((await c.fail('Login', { userName: user, password: 'x' })).error.code).toBe('UNAUTHENTICATED');
    await expect(c.login(user)).resolves.toHaveProperty('userName', user);
  });

  test('a missing, unknown, logged-out or expired token is UNAUTHENTICATED', async () => {
    const c = new GatewayClient(gw.url, encoding);
    expect((await c.fail('EstimateCount', { objectType: 'Account' })).error.code).toBe('UNAUTHENTICATED');
    c.session = { sessionToken: 'made-up-token' };
    expect((await c.fail('EstimateCount', { objectType: 'Account' })).error.code).toBe('UNAUTHENTICATED');

    await c.login('bob');
    await c.call('Logout', {});
    expect((await c.fail('EstimateCount', { objectType: 'Account' })).error.code).toBe('UNAUTHENTICATED');

    await c.login('bob');
    gw.clock.advance(12 * 3600 * 1000);
    const expired = await c.fail('EstimateCount', { objectType: 'Account' });
    expect(expired.error.code).toBe('UNAUTHENTICATED');
    expect(expired.error.details).toEqual({ reason: 'expired' });
  });
});

describe('a gateway restart', () => {
  test('keeps sessions, data and sites, and does not seed again', async () => {
    const gw = await startTestGateway({ demoRecords: 50 });
    expect(gw.seededNow).toBe(true);
    const c = new GatewayClient(gw.url, 'json');
    await c.login('alice');
    const site = await c.call('RegisterSite', { deviceName: 'Laptop' });
    const created = await c.call('InsertRecord', {
      operationId: 'restart-insert-1',
      objectType: 'Account',
      fields: { Name: 'Survivor', Location: 'Kyiv, Ukraine' },
    });
    const count = (await c.call('EstimateCount', { objectType: 'Account' })).count;
    await gw.stop(true);

    const again = await startTestGateway({ dataDir: gw.dataDir, clock: gw.clock });
    try {
      expect(again.seededNow).toBe(false);
      const c2 = new GatewayClient(again.url, 'json', { ...c.session, databaseId: site.databaseId });
      expect((await c2.call('EstimateCount', { objectType: 'Account' })).count).toBe(count);
      expect((await c2.call('QueryRecords', { objectType: 'Account', rowIds: [created.rowId] })).records).toHaveLength(1);
      // The operation log survived too: the retry answers the first result.
      const retry = await c2.call('InsertRecord', {
        operationId: 'restart-insert-1',
        objectType: 'Account',
        fields: { Name: 'Survivor', Location: 'Kyiv, Ukraine' },
      });
      expect(retry).toEqual(created);
      expect(again.internalErrors).toEqual([]);
    } finally {
      await again.stop();
    }
  });
});
