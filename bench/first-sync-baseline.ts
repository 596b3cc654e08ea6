import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadPackageDir } from '../src/gateway/packages/read-package-dir.js';
import { objectSyncScope, parsePackage, type CustomizationPackage, type PackageFile } from '../src/metadata/index.js';
import type { FilterExpr } from '../src/protocol/index.js';
import { defaultSettings } from '../src/store/default-settings.js';
import type { LocalRecord } from '../src/store/local-record.js';
import { listSpecOf, recordListing, type ListSpec, type RecordListing } from '../src/store/record-listing.js';
import { dexieStoreSyntax } from '../src/store/schema-shape.js';
import { recordTableName } from '../src/store/table-names.js';
import { wantedSchema } from '../src/store/wanted-schema.js';
import { tableSpecs } from '../src/sync/table-specs.js';

/** What the raw baseline fetches and writes per object type: the pane's own filters and table layout. */
interface BaselineType {
  readonly objectType: string;
  readonly table: string;
  readonly stores: string;
  readonly filter: FilterExpr | undefined;
  /** How the pane lists the type: the keys its list indexes hold (record-listing.ts). */
  readonly list: ListSpec;
}

export interface RawBaseline {
  readonly records: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  readonly peakHeapBytes: number | null;
  /** The peak less the heap when the timing started: what the writing itself added (the list keys handed in excluded). */
  readonly heapGrowthBytes: number | null;
}

const RAW_DATABASE = 'fieldbook-raw-baseline';
const BLANK_PAGE = '/raw-baseline.html';

/** The demo package's types with the filters of `presetId` and the store's table layout (wanted-schema.ts). */
export function baselineTypes(root: string, presetId: string): { types: BaselineType[]; pageSize: number } {
  const pkg = demoPackage(root);
  const settings = { ...defaultSettings('', ''), presetId };
  const schema = wantedSchema(tableSpecs(pkg.objects));
  const types = pkg.objects.map((object) => {
    const table = recordTableName(object.name);
    const shape = schema.get(table);
    if (!shape) throw new Error(`No table layout for ${object.name}`);
    return {
      objectType: object.name,
      table,
      stores: dexieStoreSyntax(shape),
      filter: objectSyncScope(pkg, settings, object.name).filter,
      list: listSpecOf(object),
    };
  });
  return { types, pageSize: pkg.sync.pageSize };
}

/** The demo package with `keyExchange="siebel"` and a later version: published, it makes the pane sync the old way. */
export function siebelPackage(root: string): PackageFile[] {
  return loadPackageDir(join(root, 'packages', 'demo-v1')).map((file) => {
    if (file.name === 'sync.xml') return { ...file, content: file.content.replace('<sync ', '<sync keyExchange="siebel" ') };
    if (file.name === 'info.xml')
      return { ...file, content: file.content.replace(/(<info[^>]*\sversion=")[\d.]+"/, (_, start: string) => `${start}1.99.00.00"`) };
    return file;
  });
}

function demoPackage(root: string): CustomizationPackage {
  const parsed = parsePackage(loadPackageDir(join(root, 'packages', 'demo-v1')));
  if (!parsed.ok) throw new Error('packages/demo-v1 does not parse');
  return parsed.package;
}

/** One ListRecords record as the baseline reads it. */
interface ListedRecord {
  readonly rowId: string;
  readonly lastUpd: string;
  readonly fields: LocalRecord['fields'];
}

/**
 * The list keys the pane stores with each record the baseline will fetch, by row id,
 * computed here in Node from the same pages, before the timing starts: the baseline
 * then writes the rows as the pane stores them (its list indexes filled), while the
 * work of computing the keys stays the pane's own, like validation.
 */
export async function listKeysOf(
  gatewayUrl: string,
  credentials: { userName: string; password: string },
  setup: { types: BaselineType[]; pageSize: number },
): Promise<Record<string, RecordListing>> {
  const post = async (operation: string, body: unknown, token?: string): Promise<Record<string, unknown>> => {
    const res = await fetch(`${gatewayUrl}/api/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${operation}: HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const token = String((await post('Login', credentials))['sessionToken']);
  const keys: Record<string, RecordListing> = {};
  try {
    for (const type of setup.types) {
      let after: string | undefined;
      do {
        const body = {
          objectType: type.objectType,
          pageSize: setup.pageSize,
          ...(type.filter ? { filter: type.filter } : {}),
          ...(after ? { after } : {}),
        };
        const answer = await post('ListRecords', body, token);
        for (const r of answer['records'] as ListedRecord[]) {
          const record: LocalRecord = {
            localId: r.rowId,
            objectType: type.objectType,
            rowId: r.rowId,
            lastUpd: r.lastUpd,
            modNum: 0,
            owner: '',
            updatedBy: '',
            fields: r.fields,
            base: r.fields,
            state: 'clean',
            origin: 'crm',
            readOnly: false,
            changedAt: null,
            pending: null,
          };
          const listing = recordListing(record, type.list);
          if (listing !== null) keys[r.rowId] = listing;
        }
        after = answer['nextAfter'] as string | undefined;
      } while (after);
    }
  } finally {
    await post('Logout', {}, token);
  }
  return keys;
}

/**
 * The physical limit the pane's first sync is measured against, in the same browser
 * and run: the same records (the same filters) fetched over HTTP from the same
 * gateway in JSON pages of the package's page size (ListRecords, one request after
 * the other, the answer parsed with JSON.parse and nothing checked), and written
 * with Dexie `bulkPut`, one transaction per page, into a database with the pane's
 * table layout. No engine: no validation, no bookkeeping, no progress. With
 * `listKeys` (listKeysOf) each row carries its list keys, as the pane stores it, so
 * the layout's list indexes are written too; its peak heap then holds those keys.
 */
export async function measureRawBaseline(
  context: BrowserContext,
  gatewayUrl: string,
  credentials: { userName: string; password: string },
  setup: { types: BaselineType[]; pageSize: number },
  listKeys?: Readonly<Record<string, RecordListing>>,
): Promise<RawBaseline> {
  const page = await context.newPage();
  try {
    // A blank page of the gateway at 127.0.0.1, not the pane's localhost: same-origin requests,
    // and IndexedDB in a backing store of its own (Chromium keeps one per origin), so the rows
    // the baseline writes and deletes are not compacted under the pane's first sync.
    const origin = new URL(gatewayUrl);
    if (origin.hostname === 'localhost') origin.hostname = '127.0.0.1';
    const blank = new URL(BLANK_PAGE, origin).href;
    await page.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>raw baseline</title>' }));
    await page.goto(blank);
    await page.addScriptTag({ path: createRequire(__filename).resolve('dexie/dist/dexie.min.js') });
    return await page.evaluate(
      async ({ credentials, setup, database, listKeys }) => {
        type Row = Record<string, unknown> & { rowId: string; fields: Record<string, unknown> };
        const dexie = (window as unknown as { Dexie: new (name: string) => DexieLike }).Dexie;
        interface DexieLike {
          version(n: number): { stores(s: Record<string, string>): void };
          open(): Promise<unknown>;
          table(name: string): { bulkPut(rows: unknown[]): Promise<unknown> };
          transaction(mode: 'rw', table: string, work: () => Promise<unknown>): Promise<unknown>;
          delete(): Promise<void>;
          close(): void;
        }
        const memory = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
        let peak = memory();
        const sampler = setInterval(() => {
          const m = memory();
          if (m !== null && (peak === null || m > peak)) peak = m;
        }, 50);
        const db = new dexie(database);
        db.version(1).stores(Object.fromEntries(setup.types.map((t) => [t.table, t.stores])));
        await db.open();
        const post = async (operation: string, body: unknown, token?: string) => {
          const res = await fetch(`/api/${operation}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify(body),
          });
          if (!res.ok) throw new Error(`${operation}: HTTP ${res.status}`);
          return (await res.json()) as Record<string, unknown>;
        };
        const login = await post('Login', credentials);
        const token = String(login['sessionToken']);
        const startHeap = memory();
        const started = performance.now();
        let records = 0;
        for (const type of setup.types) {
          let after: string | undefined;
          do {
            const answer = await post(
              'ListRecords',
              {
                objectType: type.objectType,
                pageSize: setup.pageSize,
                ...(type.filter ? { filter: type.filter } : {}),
                ...(after ? { after } : {}),
              },
              token,
            );
            const rows = (answer['records'] as Row[]).map((r) => ({
              localId: r.rowId,
              objectType: type.objectType,
              rowId: r.rowId,
              lastUpd: r['lastUpd'],
              modNum: r['modNum'],
              owner: r['owner'],
              updatedBy: r['updatedBy'],
              fields: r.fields,
              base: { ...r.fields },
              state: 'clean',
              origin: 'crm',
              readOnly: false,
              changedAt: null,
              pending: null,
              ...(listKeys?.[r.rowId] ? { listing: listKeys[r.rowId] } : {}),
            }));
            await db.transaction('rw', type.table, () => db.table(type.table).bulkPut(rows));
            records += rows.length;
            after = answer['nextAfter'] as string | undefined;
          } while (after);
        }
        const ms = performance.now() - started;
        clearInterval(sampler);
        await post('Logout', {}, token);
        db.close();
        await db.delete();
        const heapGrowthBytes = peak === null || startHeap === null ? null : peak - startHeap;
        return { records, ms, recordsPerSecond: records / (ms / 1000), peakHeapBytes: peak, heapGrowthBytes };
      },
      { credentials, setup, database: RAW_DATABASE, listKeys },
    );
  } finally {
    await page.close();
  }
}
