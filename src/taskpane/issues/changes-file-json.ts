import { type CustomizationPackage, recordTitle } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { ArchiveEntry, LocalState, LocalStore } from '../../store/index.js';
import { CHANGES_FILE_FORMAT, CHANGES_FILE_VERSION, type ChangesFile, type ExportedChange } from '../../sync/index.js';

/** What each kind of change is, in the rep's words. */
export const CHANGE_WORDS: Readonly<Record<LocalState, string>> = {
  created: 'New record',
  updated: 'Changed record',
  deleted: 'Deleted record',
  clean: 'Unchanged record',
};

export interface ChangesFileSource {
  readonly pkg: CustomizationPackage | null;
  readonly userName: string;
  readonly gatewayUrl: string;
  readonly exportedAt: number;
  /** The name of a record on this device by its type and id (row id or local id); null when it is not here. */
  readonly nameOf: (objectType: string, id: string) => Promise<string | null>;
}

/**
 * Unsent changes as the file another device imports (sync/changes-file.ts), pretty
 * JSON a person can read too: each change names its record and object, lists the
 * changed fields with their labels (before → after) and the names of the records
 * it refers to, next to the values the import uses.
 */
export async function changesFileJson(entries: readonly ArchiveEntry[], source: ChangesFileSource): Promise<string> {
  const changes: ExportedChange[] = [];
  for (const entry of entries) changes.push(await exportedChange(entry, source));
  const file: ChangesFile = {
    format: CHANGES_FILE_FORMAT,
    version: CHANGES_FILE_VERSION,
    exportedAt: new Date(source.exportedAt).toISOString(),
    userName: source.userName,
    gatewayUrl: source.gatewayUrl,
    changes,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

async function exportedChange(entry: ArchiveEntry, source: ChangesFileSource): Promise<ExportedChange> {
  const object = source.pkg?.objects.find((o) => o.name === entry.objectType);
  const base = entry.base ?? null;
  const labelOf = (name: string) => object?.fields.find((f) => f.name === name)?.label ?? name;
  const names = new Set([...Object.keys(entry.fields), ...Object.keys(base ?? {})]);
  const changed =
    entry.state === 'deleted'
      ? []
      : [...names]
          .filter((name) => !same(entry.fields[name], base?.[name]))
          .map((name) => ({
            field: name,
            label: labelOf(name),
            ...(base && base[name] !== undefined && base[name] !== null ? { from: base[name] } : {}),
            ...(entry.fields[name] !== undefined && entry.fields[name] !== null ? { to: entry.fields[name] } : {}),
          }));
  const references: Record<string, string> = {};
  for (const field of object?.fields ?? []) {
    const value = entry.fields[field.name];
    if (field.type !== 'reference' || !field.references || typeof value !== 'string' || value === '') continue;
    const name = await source.nameOf(field.references, value);
    if (name !== null) references[field.name] = name;
  }
  return {
    id: entry.id,
    objectType: entry.objectType,
    ...(object?.label ? { objectLabel: object.label } : {}),
    title: recordTitle(
      { localId: entry.localId, rowId: entry.rowId, fields: entry.state === 'deleted' && base ? base : entry.fields },
      object,
    ),
    what: CHANGE_WORDS[entry.state],
    reason: entry.reason,
    archivedAt: new Date(entry.archivedAt).toISOString(),
    localId: entry.localId,
    ...(entry.rowId !== null ? { rowId: entry.rowId } : {}),
    state: entry.state,
    ...(entry.modNum !== undefined && entry.modNum !== null ? { modNum: entry.modNum } : {}),
    ...(entry.lastUpd ? { lastUpd: entry.lastUpd } : {}),
    ...(changed.length > 0 ? { changed } : {}),
    ...(Object.keys(references).length > 0 ? { references } : {}),
    fields: { ...entry.fields },
    ...(base ? { base: { ...base } } : {}),
  };
}

function same(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

/** Names of records on this device, for a changes file: by row id first, then local id. */
export function namesFromStore(
  store: LocalStore,
  pkg: CustomizationPackage | null,
): (objectType: string, id: string) => Promise<string | null> {
  return async (objectType, id) => {
    const record = (await store.getRecordByRowId(objectType, id)) ?? (await store.getRecord(objectType, id));
    return record
      ? recordTitle(
          record,
          pkg?.objects.find((o) => o.name === objectType),
        )
      : null;
  };
}
