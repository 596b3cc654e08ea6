import type { FieldValue } from '../../protocol/index.js';
import type { ArchiveEntry } from '../../store/index.js';

const FIXED = ['id', 'objectType', 'rowId', 'state', 'reason', 'archivedAt'] as const;

/**
 * The archive as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled): the fixed columns, then one column per field name
 * found across the entries, in order of first appearance. A field named like a
 * fixed column is headed `fields.<name>` so no header is ambiguous. Empty values
 * are empty cells; archivedAt is ISO 8601 UTC.
 */
export function archiveCsv(entries: readonly ArchiveEntry[]): string {
  const fieldNames: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    for (const name of Object.keys(entry.fields)) {
      if (!seen.has(name)) {
        seen.add(name);
        fieldNames.push(name);
      }
    }
  }
  const fixed = new Set<string>(FIXED);
  const header = [...FIXED, ...fieldNames.map((name) => (fixed.has(name) ? `fields.${name}` : name))];
  const lines = [header.map(cell).join(',')];
  for (const entry of entries) {
    const values: (FieldValue | undefined)[] = [
      entry.id,
      entry.objectType,
      entry.rowId,
      entry.state,
      entry.reason,
      new Date(entry.archivedAt).toISOString(),
    ];
    for (const name of fieldNames) values.push(Object.hasOwn(entry.fields, name) ? entry.fields[name] : undefined);
    lines.push(values.map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
