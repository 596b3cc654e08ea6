import { type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { LocalStore } from '../../store/index.js';
import type { ReferenceTitle } from '../issues/format-field-value.js';

type Fields = Readonly<Record<string, FieldValue>>;

/**
 * The names of the records that `versions` refer to, looked up on this device
 * (a reference holds a ROW_ID, or the L- id of a record not uploaded yet: both are
 * tried), as `${objectType}/${id}` → title. A record not on the device is left
 * out, so the comparison shows its id.
 */
export async function loadReferenceTitles(
  store: Pick<LocalStore, 'getRecordByRowId' | 'getRecord'>,
  objects: readonly ObjectDefinition[],
  object: ObjectDefinition | undefined,
  versions: readonly (Fields | null | undefined)[],
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const field of object?.fields ?? []) {
    if (field.type !== 'reference' || !field.references) continue;
    const target = objects.find((o) => o.name === field.references);
    for (const fields of versions) {
      const id = fields?.[field.name];
      const key = `${field.references}/${String(id)}`;
      if (typeof id !== 'string' || id === '' || titles.has(key)) continue;
      const found = (await store.getRecordByRowId(field.references, id)) ?? (await store.getRecord(field.references, id));
      if (found) titles.set(key, recordTitle(found, target));
    }
  }
  return titles;
}

/** The lookup `formatFieldValue` takes, over the titles loadReferenceTitles found. */
export function referenceTitleFrom(titles: ReadonlyMap<string, string>): ReferenceTitle {
  return (objectType, id) => titles.get(`${objectType}/${id}`);
}
