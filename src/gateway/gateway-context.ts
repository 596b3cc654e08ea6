import type { ObjectCatalog } from '../metadata/index.js';
import type { Clock } from './clock.js';
import type { GatewayDatabase } from './db/open-database.js';

export interface GatewayConfig {
  /** How long a session token stays valid after Login. */
  readonly sessionTtlMs: number;
  /** Consecutive failed logins of one user name before attempts are refused for a while. */
  readonly lockAfterFailures: number;
  /** First lockout; each further failure doubles it, up to `lockMaxMs`. */
  readonly lockBaseMs: number;
  readonly lockMaxMs: number;
}

export const DEFAULT_CONFIG: GatewayConfig = {
  sessionTtlMs: 12 * 60 * 60 * 1000,
  lockAfterFailures: 5,
  lockBaseMs: 2_000,
  lockMaxMs: 5 * 60 * 1000,
};

/** Everything an operation handler may use: the database port, the clock, the object catalog, settings. */
export interface GatewayContext {
  readonly database: GatewayDatabase;
  readonly clock: Clock;
  readonly catalog: ObjectCatalog;
  readonly config: GatewayConfig;
}
