import type { FieldDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

/** How an empty value reads in the pane: an em dash, not a blank cell. */
export const EMPTY_VALUE = '—';

export interface FormatOptions {
  /** Formats a stored UTC datetime (ISO text) for people; defaults to `2026-11-22 14:05 UTC`. */
  readonly formatDateTime?: (iso: string) => string;
}

/**
 * A field value as people read it: Yes/No for booleans, "—" for empty, datetimes
 * without the machine detail. Unknown shapes are shown as they are.
 */
export function formatFieldValue(
  value: FieldValue | undefined,
  field?: Pick<FieldDefinition, 'type'>,
  options: FormatOptions = {},
): string {
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  if (value.trim() === '') return EMPTY_VALUE;
  if (field?.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true' ? 'Yes' : 'No';
  if (field?.type === 'datetime' && !Number.isNaN(Date.parse(value))) return (options.formatDateTime ?? utcMinutes)(value);
  return value;
}

function utcMinutes(iso: string): string {
  const text = new Date(iso).toISOString();
  return `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}
