import type { ObjectDefinition } from '../metadata/index.js';
import type { LocalRecord } from '../store/index.js';

/** A reference field of some object type that can point at records of `target`. */
export interface ReferenceField {
  readonly objectType: string;
  readonly field: string;
}

/** Every reference field of the package that points at `target` records. */
export function referenceFieldsTo(objects: readonly ObjectDefinition[], target: string): ReferenceField[] {
  return objects.flatMap((object) =>
    object.fields.filter((f) => f.type === 'reference' && f.references === target).map((f) => ({ objectType: object.name, field: f.name })),
  );
}

/**
 * `record` with its references to `from` (a new record's temporary `L-…` id) pointing
 * at `to` (the ROW_ID of the record kept in its place), or null when nothing changes.
 * A record the rep changed stays a change (a clean one becomes `updated`, so the new
 * reference is uploaded); a deleted record and one with a request in flight are left
 * alone (the delete needs no reference; the request is resent as it was).
 */
export function repointReferences(
  record: LocalRecord,
  fields: readonly string[],
  from: string,
  to: string,
  now: number,
): LocalRecord | null {
  if (record.state === 'deleted' || record.pending !== null) return null;
  const changed = fields.filter((name) => record.fields[name] === from);
  if (changed.length === 0) return null;
  const next = { ...record.fields };
  for (const name of changed) next[name] = to;
  return { ...record, fields: next, state: record.state === 'clean' ? 'updated' : record.state, changedAt: now };
}
