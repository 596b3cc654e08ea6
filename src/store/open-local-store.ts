import Dexie from 'dexie';
import { DatabaseConnection, type IndexedDbDeps } from './database-connection.js';
import { defaultSettings } from './default-settings.js';
import { DexieLocalStore } from './dexie-local-store.js';
import { localStoreName } from './local-store-name.js';
import type { LocalStore } from './local-store.js';
import { mapStorageError } from './map-storage-error.js';
import { FIXED_SCHEMA } from './wanted-schema.js';

export { localStoreName } from './local-store-name.js';

/** Which store: one per (gateway URL, user), optionally per simulated device. */
export interface LocalStoreIdentity {
  readonly gatewayUrl: string;
  readonly userName: string;
  /** Separates several "devices" of the same user in one process (tests, demos). */
  readonly deviceTag?: string;
  /** The IndexedDB to use; the global one by default (fake-indexeddb in tests). */
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
}

export interface OpenLocalStoreOptions extends LocalStoreIdentity {
  /**
   * Accepted for the engine's options symmetry; the store itself stamps no time
   * (every timestamp it keeps is chosen by the caller).
   */
  readonly now?: () => number;
}

/**
 * Opens (creating on first use) the store of this gateway and user. Several
 * stores may be open on the same database (two panes): each sees the others'
 * writes, and when one reinstalls, the others close their connection and reopen
 * lazily on their next call (see DatabaseConnection).
 */
export async function openLocalStore(options: OpenLocalStoreOptions): Promise<LocalStore> {
  const name = localStoreName(options.gatewayUrl, options.userName, options.deviceTag);
  const connection = new DatabaseConnection(name, indexedDbDeps(options), FIXED_SCHEMA);
  try {
    // Open now, so a browser without storage fails here rather than on first use.
    await connection.installedSchema();
  } catch (error) {
    await connection.close();
    throw mapStorageError(error, 'open its offline data');
  }
  return new DexieLocalStore(name, connection, defaultSettings(options.gatewayUrl, options.userName));
}

/**
 * Deletes the whole database of this gateway and user (records, settings,
 * archive). Other open stores on it are closed by the deletion; a later call on
 * one of them starts a new, empty database (checkStructure then reports the
 * missing package copy).
 */
export async function deleteLocalStore(identity: LocalStoreIdentity): Promise<void> {
  const name = localStoreName(identity.gatewayUrl, identity.userName, identity.deviceTag);
  try {
    await new Dexie(name, { ...indexedDbDeps(identity), autoOpen: false }).delete();
  } catch (error) {
    throw mapStorageError(error, 'delete its offline data');
  }
}

/** Resolved at call time, not when Dexie loads, so tests may install fake-indexeddb after importing. */
function indexedDbDeps(identity: LocalStoreIdentity): IndexedDbDeps {
  const indexedDB = identity.indexedDB ?? globalThis.indexedDB;
  const keyRange = identity.IDBKeyRange ?? globalThis.IDBKeyRange;
  if (indexedDB === undefined || keyRange === undefined) {
    throw mapStorageError(new Dexie.MissingAPIError('IndexedDB is not available'), 'open its offline data');
  }
  return { indexedDB, IDBKeyRange: keyRange };
}
