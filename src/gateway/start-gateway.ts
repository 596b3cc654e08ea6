import { join, resolve } from 'node:path';
import { DEMO_CATALOG } from './catalog/demo-catalog.js';
import type { ObjectCatalog } from '../metadata/index.js';
import { systemClock, type Clock } from './clock.js';
import { openSqliteDatabase, type GatewayDatabase } from './db/open-database.js';
import { openPostgresDatabase } from './db/open-postgres-database.js';
import { withStartupLock } from './db/startup-lock.js';
import { isSeeded, seedDatabase } from './demo/seed-database.js';
import { loadPackageDir } from './packages/read-package-dir.js';
import { DEFAULT_CONFIG, type GatewayConfig } from './gateway-config.js';
import type { GatewayContext, GatewayServices } from './gateway-context.js';
import type { TlsOptions } from './read-tls-options.js';
import { ReplacementRunner, type ReplacementHooks } from './replacement/replacement-runner.js';
import { buildServer } from './server/build-server.js';
import { LastSyncThrottle } from './sites/last-sync-throttle.js';

export interface GatewayOptions {
  /** Folder of the embedded database; ':memory:' for a throw-away one (tests). Unused with `databaseUrl`. */
  readonly dataDir: string;
  /** postgres://… (DATABASE_URL): PostgreSQL instead of the embedded database. */
  readonly databaseUrl?: string;
  /** Connections of this process's PostgreSQL pool (DATABASE_POOL_SIZE; docs/scale-out.md, Pool sizing). */
  readonly databasePoolSize?: number;
  readonly port: number;
  readonly host?: string;
  readonly paneDir?: string;
  readonly clock?: Clock;
  readonly catalog?: ObjectCatalog;
  readonly config?: Partial<GatewayConfig>;
  /** Records the demo data set gets on first start; 0 seeds users only. */
  readonly demoRecords?: number;
  readonly demoSeed?: number;
  /** The package published for every demo responsibility on first start. */
  readonly demoPackageDir?: string;
  readonly onInternalError?: (error: unknown) => void;
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP; `url` then starts with https://. */
  readonly tls?: TlsOptions;
  /** Test hooks of the replacement runner (e.g. a simulated crash after a step). */
  readonly replacementHooks?: ReplacementHooks;
}

export interface RunningGateway {
  /** Base URL, e.g. http://localhost:3000, or https://localhost:3000 with `tls` */
  readonly url: string;
  readonly port: number;
  readonly context: GatewayContext;
  readonly seededNow: boolean;
  close(): Promise<void>;
}

export const DEFAULT_DEMO_RECORDS = 2_000;
export const DEFAULT_DEMO_SEED = 20_261_121;
/** The shipped demo package (packages/demo-v1), two levels above both src/gateway and dist/gateway. */
export const DEMO_PACKAGE_DIR = resolve(__dirname, '..', '..', 'packages', 'demo-v1');

/**
 * Opens the database (PostgreSQL with `databaseUrl`, else the embedded one; migrating it), seeds the demo data on first start
 * only, and starts the HTTP server. A restart on the same folder keeps everything.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const clock = options.clock ?? systemClock;
  const database: GatewayDatabase = options.databaseUrl
    ? await openPostgresDatabase(options.databaseUrl, options.databasePoolSize ? { poolSize: options.databasePoolSize } : {})
    : await openSqliteDatabase(options.dataDir === ':memory:' ? ':memory:' : join(options.dataDir, 'fieldbook.sqlite'));
  const base: GatewayServices = {
    database,
    clock,
    catalog: options.catalog ?? DEMO_CATALOG,
    config: { ...DEFAULT_CONFIG, ...options.config },
    lastSyncThrottle: new LastSyncThrottle(),
  };
  const report = options.onInternalError ?? ((error: unknown) => console.error('[gateway] replacement runner:', error));
  const context: GatewayContext = { ...base, replacements: new ReplacementRunner(base, options.replacementHooks, report) };
  try {
    // One process seeds; the others, started at the same time on the same database, find it seeded.
    const seededNow = await withStartupLock(database, async (db) => {
      if (await isSeeded(db)) return false;
      const now = clock.now();
      await seedDatabase(db, context.catalog, {
        seed: options.demoSeed ?? DEFAULT_DEMO_SEED,
        records: options.demoRecords ?? DEFAULT_DEMO_RECORDS,
        today: new Date(now).toISOString().slice(0, 10),
        now,
        packageFiles: loadPackageDir(options.demoPackageDir ?? DEMO_PACKAGE_DIR),
      });
      return true;
    });
    const app = await buildServer(context, {
      ...(options.paneDir ? { paneDir: options.paneDir } : {}),
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
      ...(options.tls ? { https: options.tls } : {}),
    });
    await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
    // Replacement jobs interrupted by a stop or a crash go on from their first step not done.
    await context.replacements.resumeAll();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const shownHost = options.host === undefined || options.host === '127.0.0.1' || options.host === '0.0.0.0' ? 'localhost' : options.host;
    return {
      url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
      port,
      context,
      seededNow,
      async close() {
        await app.close();
        await context.replacements.stop();
        await database.close();
      },
    };
  } catch (error) {
    await context.replacements.stop();
    await database.close();
    throw error;
  }
}
