import type { FieldValue } from '../../protocol/index.js';
import type { ObjectDefinition } from '../../metadata/index.js';

export interface UserKeyEntry {
  /** The key's fields joined with '+', e.g. "FirstName+LastName". */
  keyName: string;
  fields: readonly string[];
  /** Normalised values as JSON text: trimmed, inner spaces collapsed, case folded. */
  keyValue: string;
}

function normalize(value: FieldValue): string | number | boolean {
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US') : (value as number | boolean);
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
    entries.push({ keyName: key.join('+'), fields: key, keyValue: JSON.stringify(values.map((v) => normalize(v))) });
  }
  return entries;
}
