import type { FieldDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import { displayFormat } from '../format/display-format.js';
import type { PaneFormat } from '../format/pane-format.js';

/** How an empty value reads in the pane: an em dash, not a blank cell. */
export const EMPTY_VALUE = '—';

/** The name of the record a reference points at, or undefined when that record is not on this device. */
export type ReferenceTitle = (objectType: string, id: string) => string | undefined;

export interface FormatOptions {
  /** The pane's dates and numbers; the display language's (format/display-format.ts) when unset. */
  readonly format?: PaneFormat;
  /** Formats a stored UTC datetime (ISO text) for people; defaults to the format's `isoDateTime`. */
  readonly formatDateTime?: (iso: string) => string;
  /** Names a referenced record; a reference it cannot name is shown as its id. */
  readonly referenceTitle?: ReferenceTitle;
}

/**
 * A field value as people read it: Yes/No for booleans, "—" for empty, numbers, dates
 * and datetimes in the pane's one format (format/pane-format.ts), a reference as the name of the record it points at
 * (its id only when that record is not on the device). Unknown shapes are shown as they are.
 */
export function formatFieldValue(
  value: FieldValue | undefined,
  field?: Pick<FieldDefinition, 'type' | 'references'>,
  options: FormatOptions = {},
): string {
  if (value === null || value === undefined) return EMPTY_VALUE;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const format = options.format ?? displayFormat();
  if (typeof value === 'number') return format.number(value);
  if (value.trim() === '') return EMPTY_VALUE;
  if (field?.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true' ? 'Yes' : 'No';
  if (field?.type === 'datetime' && !Number.isNaN(Date.parse(value))) return (options.formatDateTime ?? format.isoDateTime)(value);
  if (field?.type === 'date') return format.day(value);
  if (field?.type === 'reference' && field.references) return options.referenceTitle?.(field.references, value) ?? value;
  return value;
}
