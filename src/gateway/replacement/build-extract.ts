import type { Kysely } from 'kysely';
import {
  findField,
  findObject,
  objectSyncScope,
  type CustomizationPackage,
  type FilterSettings,
  type ObjectCatalog,
  type ObjectDefinition,
} from '../../metadata/index.js';
import { ProtocolError, type CrmRecord, type FieldValue, type FilterExpr } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { SqlDialect } from '../db/sql-dialect.js';
import { compileFilter } from '../records/compile-filter.js';
import { selectVisibleRecords, toWireRecord } from '../records/record-row.js';

const READ_PAGE = 1_000;
const INSERT_BATCH = 200;

export interface ExtractScope {
  readonly jobId: string;
  /** The job's user, as the visibility and `mine` filters see them. */
  readonly user: Caller;
  readonly pkg: CustomizationPackage;
  readonly catalog: ObjectCatalog;
  readonly dialect: SqlDialect;
  /** 'YYYY-MM-DD' (UTC) that relative date filters count from. */
  readonly today: string;
  /** The old device's filter choice (its last ReportDevice); none: the package's default preset. */
  readonly filters: FilterSettings;
}

export interface ExtractSummary {
  readonly recordCount: number;
  readonly bulkOmitted: number;
  /** Records per object type, in extract order; disabled types are listed with 0. */
  readonly perType: ReadonlyArray<{ readonly objectType: string; readonly count: number; readonly enabled: boolean }>;
  /** Object types whose personal filter no longer fits the package (a field gone): extracted without it. */
  readonly personalFiltersDropped: readonly string[];
}

/**
 * Writes the site-specific extract of a job (SAP: "a site-specific extract,
 * excluding the bulk data") into replacement_extract_records, replacing any rows
 * a previous attempt left: the user's records under their visibility, each
 * package object type under the package's master filters and the old device's
 * own filter choice as it last reported it (ReportDevice: preset, types switched
 * off, personal filters), through the same objectSyncScope the device syncs with;
 * a device that never reported gets the package's default preset. A personal
 * filter that no longer compiles (the package dropped its field) is left out and
 * named. Records a synced record refers to outside these filters are not in the
 * extract; the incremental sync after the restore brings them like for any device.
 *
 * Bulk fields (FieldDefinition.bulk in the package or the gateway's catalog) are
 * left out; a record that had a value in one says `bulkOmitted`.
 *
 * Order: object types so that referenced types come first (accounts before the
 * contacts that point at them), then row id; `seq` numbers the records from 0.
 * Run it in a transaction: the rows and the step's completion commit together.
 */
export async function buildExtract(db: Kysely<DatabaseSchema>, scope: ExtractScope): Promise<ExtractSummary> {
  await db.deleteFrom('replacement_extract_records').where('job_id', '=', scope.jobId).execute();
  let seq = 0;
  let bulkOmitted = 0;
  const perType: Array<{ objectType: string; count: number; enabled: boolean }> = [];
  const personalFiltersDropped: string[] = [];

  for (const pkgObject of referencedFirst(scope.pkg.objects)) {
    const object = findObject(scope.catalog, pkgObject.name);
    if (!object) throw new Error(`The package's object ${pkgObject.name} is not known to this gateway`);
    const compile = (expr: FilterExpr) => compileFilter(expr, { object, dialect: scope.dialect, caller: scope.user, today: scope.today });
    let sync = objectSyncScope(scope.pkg, scope.filters, object.name);
    const personal = scope.filters.personalFilters[object.name];
    if (personal !== undefined && !compiles(() => compile(personal))) {
      personalFiltersDropped.push(object.name);
      const others = Object.fromEntries(Object.entries(scope.filters.personalFilters).filter(([type]) => type !== object.name));
      sync = objectSyncScope(scope.pkg, { ...scope.filters, personalFilters: others }, object.name);
    }
    const { enabled, filter } = sync;
    if (!enabled) {
      perType.push({ objectType: object.name, count: 0, enabled });
      continue;
    }
    const bulkFields = object.fields.filter((f) => f.bulk || findField(pkgObject, f.name)?.bulk).map((f) => f.name);

    let count = 0;
    let after: string | null = null;
    for (;;) {
      let query = selectVisibleRecords(db, scope.user, object.name);
      if (filter) query = query.where(compile(filter));
      if (after !== null) query = query.where('records.row_id', '>', after);
      const rows = await query.orderBy('records.row_id').limit(READ_PAGE).execute();
      if (rows.length === 0) break;
      const values = rows.map((row) => {
        const { record, omitted } = withoutBulk(toWireRecord(row), bulkFields);
        if (omitted) bulkOmitted++;
        return {
          job_id: scope.jobId,
          seq: seq++,
          object_type: object.name,
          row_id: row.row_id,
          record: JSON.stringify(record),
          bulk_omitted: omitted ? 1 : 0,
        };
      });
      for (let i = 0; i < values.length; i += INSERT_BATCH) {
        await db
          .insertInto('replacement_extract_records')
          .values(values.slice(i, i + INSERT_BATCH))
          .execute();
      }
      count += rows.length;
      after = rows[rows.length - 1]!.row_id;
      if (rows.length < READ_PAGE) break;
    }
    perType.push({ objectType: object.name, count, enabled });
  }
  return { recordCount: seq, bulkOmitted, perType, personalFiltersDropped };
}

function compiles(compile: () => unknown): boolean {
  try {
    compile();
    return true;
  } catch (error) {
    if (error instanceof ProtocolError) return false;
    throw error;
  }
}

function withoutBulk(record: CrmRecord, bulkFields: readonly string[]): { record: CrmRecord; omitted: boolean } {
  if (bulkFields.length === 0) return { record, omitted: false };
  const fields: Record<string, FieldValue> = {};
  let omitted = false;
  for (const [name, value] of Object.entries(record.fields)) {
    if (!bulkFields.includes(name)) fields[name] = value;
    else if (value !== null && value !== '') omitted = true;
  }
  return { record: { ...record, fields }, omitted };
}

/** Object types with the types they refer to first; cycles keep package order. */
export function referencedFirst(objects: readonly ObjectDefinition[]): ObjectDefinition[] {
  const byName = new Map(objects.map((o) => [o.name, o]));
  const out: ObjectDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (o: ObjectDefinition) => {
    if (state.has(o.name)) return;
    state.set(o.name, 'visiting');
    for (const f of o.fields) {
      const target = f.type === 'reference' && f.references ? byName.get(f.references) : undefined;
      if (target && target !== o) visit(target);
    }
    state.set(o.name, 'done');
    out.push(o);
  };
  objects.forEach(visit);
  return out;
}
