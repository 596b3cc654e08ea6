import 'fake-indexeddb/auto';
import Dexie, { type Table } from 'dexie';
import { IDBFactory } from 'fake-indexeddb';
import type {
  AppliedPackage,
  ArchiveEntry,
  ListSpec,
  LocalRecord,
  LocalStore,
  ReinstallPlan,
  SyncIssue,
  TableSpec,
} from '../../src/store/index.js';
import { openLocalStore } from '../../src/store/index.js';

export const GATEWAY = 'https://crm.example.com/gateway';

/** Lists ordered by Name and searched in Name (the fixtures' records have little else). */
export const NAME_LIST: ListSpec = { titleField: 'Name', fields: [{ name: 'Name', type: 'text' }], searchFields: ['Name'] };
/** Contacts titled "First Last", searched in their names and e-mail. */
export const CONTACT_LIST: ListSpec = {
  titleField: 'LastName',
  fields: [
    { name: 'FirstName', type: 'text' },
    { name: 'LastName', type: 'text' },
    { name: 'Email', type: 'text' },
  ],
  searchFields: ['FirstName', 'LastName', 'Email'],
};

export const ACCOUNT_CONTACT: readonly TableSpec[] = [
  { objectType: 'Account', indexedFields: ['Name'], list: NAME_LIST },
  { objectType: 'Contact', indexedFields: ['AccountId', 'Email'], list: CONTACT_LIST },
];

/** Each test gets its own IndexedDB, so no test sees another's databases. */
export function freshIndexedDb(): IDBFactory {
  return new IDBFactory();
}

export async function openStore(indexedDB: IDBFactory, options: { userName?: string; deviceTag?: string } = {}): Promise<LocalStore> {
  return openLocalStore({
    gatewayUrl: GATEWAY,
    userName: options.userName ?? 'jsmith',
    indexedDB,
    ...(options.deviceTag ? { deviceTag: options.deviceTag } : {}),
  });
}

export function appliedPackage(packageId = 'pkg-1'): AppliedPackage {
  return {
    packageId,
    responsibilityId: 'resp-sales',
    hashValue: `hash-of-${packageId}`,
    files: [{ name: 'info.xml', content: `<package id="${packageId}"/>` }],
    appliedAt: 1_700_000_000_000,
  };
}

/**
 * For every test of the calling describe block, a store of its own with Account and
 * Contact installed (closed after the test); the function answers the current one.
 */
export function storeForEachTest(): () => LocalStore {
  let store: LocalStore | undefined;
  beforeEach(async () => {
    store = await openStore(freshIndexedDb());
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });
  afterEach(() => store?.close());
  return () => {
    if (store === undefined) throw new Error('The store exists only inside a test');
    return store;
  };
}

/** The shared LocalRecord builder, under the name the store tests use. */
export { localRecord as record } from '../support/local-record-fixture.js';

export function issue(objectType: string, localId: string, patch: Partial<SyncIssue> = {}): SyncIssue {
  return {
    id: `${objectType}/${localId}`,
    objectType,
    localId,
    rowId: localId,
    kind: 'bothUpdated',
    local: { Name: 'mine' },
    server: null,
    message: 'Changed here and on the server',
    code: null,
    detectedAt: 1_700_000_000_500,
    resolution: null,
    ...patch,
  };
}

export function archiveEntry(id: string, archivedAt: number): ArchiveEntry {
  return {
    id,
    objectType: 'Contact',
    localId: `L-${id}`,
    rowId: null,
    state: 'created',
    fields: { LastName: 'Kept' },
    reason: 'The new configuration cannot take this change',
    archivedAt,
  };
}

/** Opens the raw database one native version higher and lets `change` alter it (damage done behind the store's back). */
export async function alterRawDatabase(
  indexedDB: IDBFactory,
  name: string,
  change: (db: IDBDatabase, tx: IDBTransaction) => void,
): Promise<void> {
  const version = await nativeVersion(indexedDB, name);
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.open(name, version + 1);
    request.onupgradeneeded = () => {
      if (request.transaction === null) throw new Error('no upgrade transaction');
      change(request.result, request.transaction);
    };
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
    request.onblocked = () => reject(new Error('blocked: the store did not close its connection'));
  });
}

export async function nativeVersion(indexedDB: IDBFactory, name: string): Promise<number> {
  const found = (await indexedDB.databases()).find((db) => db.name === name);
  if (found?.version === undefined) throw new Error(`no database ${name}`);
  return found.version;
}

export async function rawStoreNames(indexedDB: IDBFactory, name: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      const names = Array.from(request.result.objectStoreNames).sort();
      request.result.close();
      resolve(names);
    };
    request.onerror = () => reject(request.error ?? new Error('opening the database failed'));
  });
}

/**
 * The prototype every Dexie table shares (each Dexie instance derives its own
 * Table class from it), for spying on what the store does to its tables.
 */
export function dexieTablePrototype(): Table {
  const probe = new Dexie('probe', { autoOpen: false });
  probe.version(1).stores({ t: 'id' });
  return Object.getPrototypeOf(Object.getPrototypeOf(probe.table('t'))) as Table;
}

/** A reinstall plan that keeps exactly `records` and archives nothing (whatever unsent work it finds). */
export function keeping(records: readonly LocalRecord[]): () => ReinstallPlan {
  return () => ({ keep: records, archive: [] });
}
