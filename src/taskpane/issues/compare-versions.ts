import type { ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import { formatFieldValue, type FormatOptions } from './format-field-value.js';
import { sameFieldValue } from './same-field-value.js';

type Fields = Readonly<Record<string, FieldValue>>;

interface Sides {
  readonly base: Fields | null;
  readonly hasLocal: boolean;
  readonly hasServer: boolean;
}

/** One line of the side-by-side comparison of a conflict. */
export interface VersionRow {
  readonly field: string;
  readonly label: string;
  /** The rep's value, formatted for people. */
  readonly mine: string;
  /** The server's value, formatted for people. */
  readonly theirs: string;
  readonly differs: boolean;
  /** The rep changed it since the last sync (mine ≠ the base); false when the base is unknown. */
  readonly changedHere: boolean;
  /** The server changed it since the last sync (theirs ≠ the base); false when the base or the server's version is unknown. */
  readonly changedThere: boolean;
}

export interface Versions {
  /** The rep's version; null when deleted here or unknown. */
  readonly local: Fields | null;
  /** The server's fields; null when deleted there or unknown. */
  readonly server: { readonly fields: Fields } | null;
  /** The server's values as of the last sync (the record's `base`); null or absent when unknown (never synced). */
  readonly base?: Fields | null;
}

/**
 * The rows of the comparison: every field of the object in package order (labels
 * from the package), then any field only the data has (label = name). A missing
 * side reads as empty. Null, missing and empty text are the same value, as the
 * gateway stores them (it drops nulls). With the base, each row also says which
 * side changed the field since the last sync.
 */
export function compareVersions(versions: Versions, object: ObjectDefinition | undefined, options: FormatOptions = {}): VersionRow[] {
  const local = versions.local ?? {};
  const server = versions.server?.fields ?? {};
  const sides: Sides = { base: versions.base ?? null, hasLocal: versions.local !== null, hasServer: versions.server !== null };
  const rows: VersionRow[] = [];
  const seen = new Set<string>();
  for (const field of object?.fields ?? []) {
    seen.add(field.name);
    rows.push(row(field.name, field.label ?? field.name, local[field.name], server[field.name], field, sides, options));
  }
  for (const name of [...Object.keys(local), ...Object.keys(server)]) {
    if (seen.has(name)) continue;
    seen.add(name);
    rows.push(row(name, name, local[name], server[name], undefined, sides, options));
  }
  return rows;
}

function row(
  field: string,
  label: string,
  mine: FieldValue | undefined,
  theirs: FieldValue | undefined,
  definition: ObjectDefinition['fields'][number] | undefined,
  sides: Sides,
  options: FormatOptions,
): VersionRow {
  const before = sides.base === null ? undefined : sides.base[field];
  return {
    field,
    label,
    mine: formatFieldValue(mine, definition, options),
    theirs: formatFieldValue(theirs, definition, options),
    differs: !sameFieldValue(mine, theirs),
    changedHere: sides.base !== null && sides.hasLocal && !sameFieldValue(mine, before),
    changedThere: sides.base !== null && sides.hasServer && !sameFieldValue(theirs, before),
  };
}
