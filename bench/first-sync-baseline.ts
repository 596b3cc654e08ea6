import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { loadPackageDir } from '../src/gateway/packages/read-package-dir.js';
import { objectSyncScope, parsePackage, type CustomizationPackage, type PackageFile } from '../src/metadata/index.js';
import type { FilterExpr } from '../src/protocol/index.js';
import { defaultSettings } from '../src/store/default-settings.js';
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
}

export interface RawBaseline {
  readonly records: number;
  readonly ms: number;
  readonly recordsPerSecond: number;
  readonly peakHeapBytes: number | null;
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
    return { objectType: object.name, table, stores: dexieStoreSyntax(shape), filter: objectSyncScope(pkg, settings, object.name).filter };
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

/**
 * The physical limit the pane's first sync is measured against, in the same browser
 * and run: the same records (the same filters) fetched over HTTP from the same
 * gateway in JSON pages of the package's page size (ListRecords, one request after
 * the other, the answer parsed with JSON.parse and nothing checked), and written
 * with Dexie `bulkPut`, one transaction per page, into a database with the pane's
 * table layout. No engine: no validation, no bookkeeping, no progress.
 */
export async function measureRawBaseline(
  context: BrowserContext,
  gatewayUrl: string,
  credentials: { userName: string; password: string },
  setup: { types: BaselineType[]; pageSize: number },
): Promise<RawBaseline> {
  const page = await context.newPage();
  try {
    // A blank page of the gateway's origin: same-origin requests and IndexedDB, no pane running.
    await page.route(`${gatewayUrl}${BLANK_PAGE}`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>raw baseline</title>' }),
    );
    await page.goto(`${gatewayUrl}${BLANK_PAGE}`);
    await page.addScriptTag({ path: createRequire(__filename).resolve('dexie/dist/dexie.min.js') });
    return await page.evaluate(
      async ({ credentials, setup, database }) => {
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
        return { records, ms, recordsPerSecond: records / (ms / 1000), peakHeapBytes: peak };
      },
      { credentials, setup, database: RAW_DATABASE },
    );
  } finally {
    await page.close();
  }
}
