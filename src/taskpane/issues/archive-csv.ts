import type { FieldValue } from '../../protocol/index.js';
import type { ArchiveEntry } from '../../store/index.js';

const FIXED = ['id', 'objectType', 'rowId', 'state', 'reason', 'archivedAt'] as const;

/**
 * The archive as CSV (RFC 4180: CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled): the fixed columns, then one column per field name
 * found across the entries, in order of first appearance. A field named like a
 * fixed column is headed `fields.<name>` so no header is ambiguous. Empty values
 * are empty cells; archivedAt is ISO 8601 UTC. Text that a spreadsheet would run
 * as a formula is neutralised (see `cell`).
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
  const lines = [header.map(csvCell).join(',')];
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
    lines.push(values.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text starting with `=`, `+`, `-`, `@`, a tab or a CR is what
 * Excel, LibreOffice and Google Sheets may run as a formula (CSV injection:
 * `=HYPERLINK(…)`, `@SUM(…)`, DDE), so such a cell is written as OWASP advises: a
 * single quote in front, which the spreadsheet shows as text, and the cell
 * quoted. Only text is neutralised: a number such as -5 cannot hold a formula and
 * stays a number.
 */
function csvCell(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
