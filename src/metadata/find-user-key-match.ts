import type { FieldValue } from '../protocol/index.js';
import type { ObjectDefinition } from './object-definition.js';
import { userKeyEntries } from './user-key-entries.js';

/** A record holding the same user key as the fields checked, and which key it is. */
export interface UserKeyMatch<T> {
  /** The key's field names, as in ObjectDefinition.userKeys. */
  readonly key: readonly string[];
  readonly record: T;
}

/**
 * The first of `candidates` that holds one of the user keys `fields` define, by the
 * gateway's rule (userKeyEntries: case and spacing do not count, a key with an empty
 * field defines nothing), or null. Keys are tried in the package's order, so the
 * match names the first key that clashes, as the gateway's DUPLICATE_USER_KEY does.
 * The caller decides which records are candidates (not the record itself, not one
 * being deleted).
 */
export function findUserKeyMatch<T extends { readonly fields: Readonly<Record<string, FieldValue>> }>(
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  candidates: readonly T[],
): UserKeyMatch<T> | null {
  const wanted = userKeyEntries(object, fields);
  if (wanted.length === 0) return null;
  const held = candidates.map((record) => ({ record, entries: userKeyEntries(object, record.fields) }));
  for (const entry of wanted) {
    for (const { record, entries } of held) {
      if (entries.some((e) => e.keyName === entry.keyName && e.keyValue === entry.keyValue)) return { key: entry.fields, record };
    }
  }
  return null;
}
