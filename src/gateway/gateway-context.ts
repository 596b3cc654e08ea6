import type { ObjectCatalog } from '../metadata/index.js';
import type { Clock } from './clock.js';
import type { GatewayDatabase } from './db/open-database.js';
import type { GatewayConfig } from './gateway-config.js';
import type { ReplacementJobs } from './replacement/replacement-jobs.js';
import type { LastSyncThrottle } from './sites/last-sync-throttle.js';

/** What the gateway's services share: the database port, the clock, the object catalog, settings. */
export interface GatewayServices {
  readonly database: GatewayDatabase;
  readonly clock: Clock;
  readonly catalog: ObjectCatalog;
  readonly config: GatewayConfig;
  /** When this process last recorded each site's last sync time (a cache; everything shared is in the database). */
  readonly lastSyncThrottle: LastSyncThrottle;
}

/** Everything an operation handler may use: the shared services and the replacement jobs. */
export interface GatewayContext extends GatewayServices {
  /** Runs the gateway's steps of replacement jobs (persisted, resumable). */
  readonly replacements: ReplacementJobs;
}
