import type { ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import { formatFieldValue, type FormatOptions } from './format-field-value.js';
import { sameFieldValue } from './same-field-value.js';

type Fields = Readonly<Record<string, FieldValue>>;

/** One line of the side-by-side comparison of a conflict. */
export interface VersionRow {
  readonly field: string;
  readonly label: string;
  /** The rep's value, formatted for people. */
  readonly mine: string;
  /** The server's value, formatted for people. */
  readonly theirs: string;
  readonly differs: boolean;
}

export interface Versions {
  /** The rep's version; null when deleted here or unknown. */
  readonly local: Fields | null;
  /** The server's fields; null when deleted there or unknown. */
  readonly server: { readonly fields: Fields } | null;
}

/**
 * The rows of the comparison: every field of the object in package order (labels
 * from the package), then any field only the data has (label = name). A missing
 * side reads as empty. Null, missing and empty text are the same value, as the
 * gateway stores them (it drops nulls).
 */
export function compareVersions(versions: Versions, object: ObjectDefinition | undefined, options: FormatOptions = {}): VersionRow[] {
  const local = versions.local ?? {};
  const server = versions.server?.fields ?? {};
  const rows: VersionRow[] = [];
  const seen = new Set<string>();
  for (const field of object?.fields ?? []) {
    seen.add(field.name);
    rows.push(row(field.name, field.label ?? field.name, local[field.name], server[field.name], field, options));
  }
  for (const name of [...Object.keys(local), ...Object.keys(server)]) {
    if (seen.has(name)) continue;
    seen.add(name);
    rows.push(row(name, name, local[name], server[name], undefined, options));
  }
  return rows;
}

function row(
  field: string,
  label: string,
  mine: FieldValue | undefined,
  theirs: FieldValue | undefined,
  definition: ObjectDefinition['fields'][number] | undefined,
  options: FormatOptions,
): VersionRow {
  return {
    field,
    label,
    mine: formatFieldValue(mine, definition, options),
    theirs: formatFieldValue(theirs, definition, options),
    differs: !sameFieldValue(mine, theirs),
  };
}
