import { databasePoolSizeFromEnv, gatewayConfigFromEnv } from '../../src/gateway/gateway-config-from-env.js';

describe('gateway settings from the environment', () => {
  test.each([
    [{}, {}],
    [{ REPLACEMENT_LEASE_MS: '1500' }, { replacementLeaseMs: 1500 }],
    [
      { REPLACEMENT_LEASE_MS: ' 30000 ', REPLACEMENT_DRAIN_TIMEOUT_MS: '5000' },
      { replacementLeaseMs: 30_000, replacementDrainTimeoutMs: 5000 },
    ],
    [{ REPLACEMENT_LEASE_MS: '' }, {}],
  ])('%j → %j', (env, expected) => {
    expect(gatewayConfigFromEnv(env)).toEqual(expected);
  });

  test.each(['99', '86400001', '1.5', '-200', 'soon', '1e4'])('REPLACEMENT_LEASE_MS=%s is refused, naming the variable', (value) => {
    expect(() => gatewayConfigFromEnv({ REPLACEMENT_LEASE_MS: value })).toThrow(
      `REPLACEMENT_LEASE_MS must be a whole number of milliseconds`,
    );
  });

  test.each([
    [undefined, undefined],
    ['', undefined],
    ['1', 1],
    ['25', 25],
    ['200', 200],
  ])('DATABASE_POOL_SIZE=%j → %j', (value, expected) => {
    expect(databasePoolSizeFromEnv(value === undefined ? {} : { DATABASE_POOL_SIZE: value })).toBe(expected);
  });

  test.each(['0', '201', 'ten', '2.5'])('DATABASE_POOL_SIZE=%s is refused, naming the variable', (value) => {
    expect(() => databasePoolSizeFromEnv({ DATABASE_POOL_SIZE: value })).toThrow('DATABASE_POOL_SIZE must be a whole number');
  });
});
