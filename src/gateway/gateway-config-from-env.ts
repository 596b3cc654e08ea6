import type { GatewayConfig } from './gateway-config.js';

/** The settings an operator may set in the environment, by variable name. */
const FROM_ENV = {
  REPLACEMENT_LEASE_MS: 'replacementLeaseMs',
  REPLACEMENT_DRAIN_TIMEOUT_MS: 'replacementDrainTimeoutMs',
} as const satisfies Record<string, keyof GatewayConfig>;

/**
 * The settings of `npm start` taken from the environment (README, Configuration): each a
 * whole number of milliseconds from 100 to a day. A bad value stops the start with an
 * error naming the variable, before anything is opened.
 */
export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv): Partial<GatewayConfig> {
  const config: Partial<Record<keyof GatewayConfig, number>> = {};
  for (const [name, key] of Object.entries(FROM_ENV)) {
    const text = env[name]?.trim();
    if (!text) continue;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 100 || value > 86_400_000) {
      throw new Error(`${name} must be a whole number of milliseconds from 100 to 86400000, got "${env[name]}"`);
    }
    config[key] = value;
  }
  return config;
}

/** DATABASE_POOL_SIZE: the PostgreSQL connections of one gateway process (default 10), 1 to 200. */
export function databasePoolSizeFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env['DATABASE_POOL_SIZE']?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 200) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number of connections from 1 to 200, got "${env['DATABASE_POOL_SIZE']}"`);
  }
  return value;
}
