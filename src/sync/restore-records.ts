import type { ObjectDefinition } from '../metadata/index.js';
import type { ExtractRecord } from '../protocol/index.js';
import type { LocalRecord, StoreSettings } from '../store/index.js';
import { recordFromServer } from './merge-server-record.js';
import { typeServerFields } from './type-server-fields.js';

/**
 * The local copy of one record of a replacement extract: a clean CRM record, as
 * if an initial sync had downloaded it (fields in the package's types, `base` =
 * `fields`, editable, nothing pending), under its ROW_ID as localId so writing it
 * again (a restore resumed after a crash) overwrites the same row.
 *
 * A record whose bulk fields were left out of the extract gets no change key
 * (`lastUpd` null): no server key can equal it, so the incremental sync after the
 * restore classifies it as a server update (classify-record.ts) and downloads it
 * whole, bulk fields included.
 */
export function localRecordFromExtract(extract: ExtractRecord, object: ObjectDefinition): LocalRecord {
  if (extract.objectType !== object.name) {
    throw new RangeError(`localRecordFromExtract: a ${extract.objectType} record given with the definition of ${object.name}`);
  }
  const typed = { ...extract.record, fields: typeServerFields(object, extract.record.fields) };
  const record = recordFromServer(typed, object.name, undefined);
  return extract.bulkOmitted ? { ...record, lastUpd: null } : record;
}

/**
 * One extract page as local records, in the order received. Records of object
 * types the package does not define have no table on this device: they are left
 * out and counted in `skipped`.
 */
export function localRecordsFromPage(
  records: readonly ExtractRecord[],
  objects: readonly ObjectDefinition[],
): { records: LocalRecord[]; skipped: number } {
  const byName = new Map(objects.map((o) => [o.name, o]));
  const out: LocalRecord[] = [];
  let skipped = 0;
  for (const extract of records) {
    const object = byName.get(extract.objectType);
    if (object) out.push(localRecordFromExtract(extract, object));
    else skipped += 1;
  }
  return { records: out, skipped };
}

/**
 * SAP step "Deleting data relevant to the stationary site from the replacement
 * laptop", for the settings: no site or database id (the device registers as a
 * new site), no sync state of the old site, and the package cache set to the
 * package restored with the extract, so the next sync finds it unchanged.
 */
export function cleanedSettings(restored: {
  readonly packageId: string;
  readonly responsibilityId: string;
  readonly hashValue: string;
}): Partial<StoreSettings> {
  return {
    siteId: null,
    databaseId: null,
    registerOperationId: null,
    packageId: restored.packageId,
    responsibilityId: restored.responsibilityId,
    hashValue: restored.hashValue,
    lastSyncAt: null,
    lastSyncResult: null,
    lastSuccess: null,
  };
}
