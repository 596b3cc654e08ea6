import type { ObjectDefinition } from '../metadata/index.js';
import { listSpecOf, type TableSpec } from '../store/index.js';

/** The store's tables for a package: one per object type, indexing references and user-key fields. */
export function tableSpecs(objects: readonly ObjectDefinition[]): TableSpec[] {
  return objects.map((o) => ({
    objectType: o.name,
    indexedFields: [...new Set([...o.fields.filter((f) => f.type === 'reference').map((f) => f.name), ...o.userKeys.flat()])].sort(),
    list: listSpecOf(o),
  }));
}
