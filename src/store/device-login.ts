import Dexie from 'dexie';
import { mapStorageError } from './map-storage-error.js';

/** Who signed in on this device last: which offline store the pane opens at start. Never a session, never a password. */
export interface DeviceLogin {
  readonly gatewayUrl: string;
  readonly userName: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
}

/** The device's own database; not of the `fieldbook|<user>|<url>` form (local-store-name.ts), so no login's store can be it. */
export const DEVICE_DATABASE_NAME = 'fieldbook-device';
const LAST_LOGIN = 'lastLogin';

/** The IndexedDB to use; the global one by default (fake-indexeddb in tests). */
export interface DeviceDatabaseDeps {
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

/**
 * Which login this device used last, from its own small IndexedDB database. Not
 * localStorage: Chromium writes localStorage to disk lazily, so a browser crash
 * seconds after a sign-in forgot it, while IndexedDB kept the package, the data
 * and the unsent edits of that very login. Null when nobody signed in here yet.
 */
export async function readDeviceLogin(deps: DeviceDatabaseDeps = {}): Promise<DeviceLogin | null> {
  const indexedDB = deps.indexedDB ?? globalThis.indexedDB;
  // Reading must not create the database on a device nobody signed in on: where the browser lists its databases, look first.
  if (typeof indexedDB?.databases === 'function') {
    const names = await indexedDB.databases().catch(() => null);
    if (names && !names.some((d) => d.name === DEVICE_DATABASE_NAME)) return null;
  }
  const db = openDeviceDatabase(deps);
  try {
    return parse(await db.table('meta').get(LAST_LOGIN));
  } catch (error) {
    throw mapStorageError(error, 'read which login this device used');
  } finally {
    db.close();
  }
}

/** Records the login this device signs in with; only the fields of DeviceLogin are written, whatever the caller holds. */
export async function saveDeviceLogin(login: DeviceLogin, deps: DeviceDatabaseDeps = {}): Promise<void> {
  const db = openDeviceDatabase(deps);
  try {
    const { gatewayUrl, userName, displayName, isAdmin } = login;
    await db.table('meta').put({ key: LAST_LOGIN, gatewayUrl, userName, displayName, isAdmin });
  } catch (error) {
    throw mapStorageError(error, 'remember which login this device uses');
  } finally {
    db.close();
  }
}

function openDeviceDatabase(deps: DeviceDatabaseDeps): Dexie {
  const indexedDB = deps.indexedDB ?? globalThis.indexedDB;
  const keyRange = deps.IDBKeyRange ?? globalThis.IDBKeyRange;
  if (indexedDB === undefined || keyRange === undefined) {
    throw mapStorageError(new Dexie.MissingAPIError('IndexedDB is not available'), 'open the device settings');
  }
  // One small write per sign-in: 'strict' has it on disk before the sign-in goes on.
  const db = new Dexie(DEVICE_DATABASE_NAME, { indexedDB, IDBKeyRange: keyRange, chromeTransactionDurability: 'strict' });
  db.version(1).stores({ meta: 'key' });
  return db;
}

function parse(row: unknown): DeviceLogin | null {
  if (typeof row !== 'object' || row === null) return null;
  const value = row as Partial<Record<keyof DeviceLogin, unknown>>;
  if (typeof value.gatewayUrl !== 'string' || typeof value.userName !== 'string' || value.userName === '') return null;
  return {
    gatewayUrl: value.gatewayUrl,
    userName: value.userName,
    displayName: typeof value.displayName === 'string' ? value.displayName : value.userName,
    isAdmin: value.isAdmin === true,
  };
}
