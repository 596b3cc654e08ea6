import 'fake-indexeddb/auto';
import { objectSyncScope, parsePackage, type CustomizationPackage, type KeyExchange } from '../../src/metadata/index.js';
import type { CrmRecord, FieldValue } from '../../src/protocol/index.js';
import { openLocalStore, type LocalRecord, type LocalStore } from '../../src/store/index.js';
import { JsonTransport, LocalEdits, SoapTransport, SyncEngine, type Transport } from '../../src/sync/index.js';
import { InProcessSyncLock } from '../../src/sync/sync-lock.js';
import type { Encoding } from './gateway-client.js';
import { GatewayClient } from './gateway-client.js';

let deviceSeq = 0;

/** A client device: its own IndexedDB (fake-indexeddb), a transport, the engine. */
export interface TestDevice {
  readonly store: LocalStore;
  readonly engine: SyncEngine;
  readonly transport: Transport;
  readonly userName: string;
  edits(): Promise<LocalEdits>;
  pkg(): Promise<CustomizationPackage>;
  close(): Promise<void>;
}

export async function openDevice(
  gatewayUrl: string,
  encoding: Encoding,
  userName: string,
  options: {
    transport?: (inner: Transport) => Transport;
    /** What the engine sees of the store (the device's own `store` stays the unwrapped one). */
    store?: (inner: LocalStore) => LocalStore;
    password?: string;
    sessionToken?: string;
    productVersion?: string;
    deviceTag?: string;
    /** The engine's key exchange instead of the package's (SyncEngineOptions.keyExchange). */
    keyExchange?: KeyExchange;
  } = {},
): Promise<TestDevice> {
  const store = await openLocalStore({ gatewayUrl, userName, deviceTag: options.deviceTag ?? `device-${++deviceSeq}-${Date.now()}` });
  const base: Transport = encoding === 'json' ? new JsonTransport(gatewayUrl) : new SoapTransport(gatewayUrl);
  const transport = options.transport ? options.transport(base) : base;
  let opSeq = 0;
  const engine = new SyncEngine({
    store: options.store ? options.store(store) : store,
    transport,
    credentials: async () =>
      options.sessionToken ? { userName, sessionToken: options.sessionToken } : { userName, password: options.password ?? 'demo' },
    deviceName: `test device of ${userName}`,
    lock: new InProcessSyncLock(),
    newOperationId: () => `op-${store.databaseName.length}-${deviceSeq}-${Date.now().toString(36)}-${++opSeq}`,
    ...(options.productVersion ? { productVersion: options.productVersion } : {}),
    ...(options.keyExchange ? { keyExchange: options.keyExchange } : {}),
  });
  const pkg = async () => {
    const applied = await store.getAppliedPackage();
    if (!applied) throw new Error('no package applied yet');
    const parsed = parsePackage(applied.files);
    if (!parsed.ok) throw new Error('applied package does not parse');
    return parsed.package;
  };
  return {
    store,
    engine,
    transport,
    userName,
    pkg,
    async edits() {
      return new LocalEdits(store, (await pkg()).objects, userName);
    },
    close: () => store.close(),
  };
}

export type View = Map<string, Map<string, { lastUpd: string; fields: Record<string, FieldValue> }>>;

/** What the server holds for the device's user under the device's filters (the expected local state). */
export async function serverView(gatewayUrl: string, device: TestDevice): Promise<View> {
  const pkg = await device.pkg();
  const settings = await device.store.getSettings();
  const client = new GatewayClient(gatewayUrl, 'json');
  await client.login(device.userName);
  const view: View = new Map();
  for (const object of pkg.objects) {
    const scope = objectSyncScope(pkg, settings, object.name);
    const map = new Map<string, { lastUpd: string; fields: Record<string, FieldValue> }>();
    if (scope.enabled) {
      const keys = await client.allChangeKeys(object.name, 5000, scope.filter);
      for (let i = 0; i < keys.length; i += 500) {
        const { records } = await client.call('QueryRecords', {
          objectType: object.name,
          rowIds: keys.slice(i, i + 500).map((k) => k.rowId),
        });
        for (const r of records)
          map.set(r.rowId, {
            lastUpd: r.lastUpd,
            fields: onlyPackageFields(
              r,
              object.fields.map((f) => f.name),
            ),
          });
      }
    }
    view.set(object.name, map);
  }
  return view;
}

function onlyPackageFields(record: CrmRecord, names: readonly string[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const n of names) if (record.fields[n] !== undefined && record.fields[n] !== null) out[n] = record.fields[n];
  return out;
}

/** The device's synced, editable records (read-only referenced records excluded). */
export async function localView(device: TestDevice): Promise<View> {
  const pkg = await device.pkg();
  const view: View = new Map();
  for (const object of pkg.objects) {
    const map = new Map<string, { lastUpd: string; fields: Record<string, FieldValue> }>();
    for (const r of await device.store.listRecords(object.name)) {
      if (r.readOnly) continue;
      map.set(r.rowId ?? r.localId, { lastUpd: r.lastUpd ?? '', fields: { ...r.fields } });
    }
    view.set(object.name, map);
  }
  return view;
}

export async function allLocal(device: TestDevice, objectType: string): Promise<LocalRecord[]> {
  return device.store.listRecords(objectType);
}
