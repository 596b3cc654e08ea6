import type { FieldDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import { displayFormat } from '../format/display-format.js';
import type { PaneFormat } from '../format/pane-format.js';

export interface FormatOptions {
  /** The pane's dates and numbers; the display language's (format/display-format.ts) when unset. */
  readonly format?: PaneFormat;
}

/**
 * A stored value as people read it, in the pane's one format (format/pane-format.ts):
 * numbers grouped (amounts with their currency), dates in the language's order (a date field is a calendar day,
 * shown without moving it across zones), date-times in the device's zone, booleans as
 * Yes/No; '' for no value. Reference ids are returned as they are (the caller looks up the title).
 */
export function formatFieldValue(field: FieldDefinition, value: FieldValue | undefined, options: FormatOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const format = options.format ?? displayFormat();
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number') return String(value);
      // An amount says its currency (kind currency carries an ISO 4217 code, checked when the package is read).
      return field.kind === 'currency' && field.currency ? format.money(value, field.currency) : format.number(value);
    case 'boolean':
      return value === true || value === 'true' ? 'Yes' : 'No';
    case 'date':
      return format.day(String(value));
    case 'datetime':
      return format.isoDateTime(String(value));
    default:
      return String(value);
  }
}
