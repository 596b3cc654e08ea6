import type { ObjectCatalog } from '../metadata/index.js';
import type { Clock } from './clock.js';
import type { GatewayDatabase } from './db/open-database.js';
import type { GatewayConfig } from './gateway-config.js';
import type { ReplacementJobs } from './replacement/replacement-jobs.js';
import type { SiteActivity } from './sites/site-activity.js';

/** What the gateway's services share: the database port, the clock, the object catalog, settings, site bookkeeping. */
export interface GatewayServices {
  readonly database: GatewayDatabase;
  readonly clock: Clock;
  readonly catalog: ObjectCatalog;
  readonly config: GatewayConfig;
  /** In-flight requests and last-sync bookkeeping per site (this process). */
  readonly siteActivity: SiteActivity;
}

/** Everything an operation handler may use: the shared services and the replacement jobs. */
export interface GatewayContext extends GatewayServices {
  /** Runs the gateway's steps of replacement jobs (persisted, resumable). */
  readonly replacements: ReplacementJobs;
}
