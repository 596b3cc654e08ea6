import type { FieldValue } from '../protocol/index.js';
import type { ObjectDefinition } from './object-definition.js';

export interface UserKeyEntry {
  /** The key's fields joined with '+', e.g. "FirstName+LastName". */
  keyName: string;
  fields: readonly string[];
  /** Normalised values as JSON text: trimmed, inner spaces collapsed, case folded. */
  keyValue: string;
}

/**
 * A user-key value as the gateway compares it: text trimmed, inner whitespace
 * collapsed to one space, case folded; numbers and booleans as they are. The pane's
 * duplicate check (findUserKeyMatch) and the gateway's record_user_keys rows use it.
 */
export function normalizeUserKeyValue(value: FieldValue): string | number | boolean | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US') : value;
}

/**
 * The user keys a record's fields define. A key with any field empty defines
 * nothing (two contacts without e-mail are not duplicates of each other).
 * Siebel: "IBM Notes insert. Use the user key that is defined in the metadata".
 */
export function userKeyEntries(object: ObjectDefinition, fields: Readonly<Record<string, FieldValue>>): UserKeyEntry[] {
  const entries: UserKeyEntry[] = [];
  for (const key of object.userKeys) {
    const values = key.map((name) => fields[name] ?? null);
    if (values.some((v) => v === null)) continue;
    entries.push({ keyName: key.join('+'), fields: key, keyValue: JSON.stringify(values.map((v) => normalizeUserKeyValue(v))) });
  }
  return entries;
}
