import type { FieldDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

export interface FormatOptions {
  /** Defaults to the runtime's locale. */
  readonly locale?: string;
  /** Defaults to the device's time zone. */
  readonly timeZone?: string;
}

/**
 * A stored value as people read it: numbers grouped (amounts with their currency), dates in the locale's
 * order (a date field is a calendar day, shown without moving it across zones),
 * date-times in the device's zone, booleans as Yes/No; '' for no value.
 * Reference ids are returned as they are (the caller looks up the title).
 */
export function formatFieldValue(field: FieldDefinition, value: FieldValue | undefined, options: FormatOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field.type) {
    case 'number':
      if (typeof value !== 'number') return String(value);
      // An amount says its currency (kind currency carries an ISO 4217 code, checked when the package is read).
      return field.kind === 'currency' && field.currency
        ? value.toLocaleString(options.locale, { style: 'currency', currency: field.currency })
        : value.toLocaleString(options.locale);
    case 'boolean':
      return value === true || value === 'true' ? 'Yes' : 'No';
    case 'date': {
      const date = new Date(`${String(value)}T00:00:00Z`);
      return Number.isNaN(date.getTime())
        ? String(value)
        : date.toLocaleDateString(options.locale, { dateStyle: 'medium', timeZone: 'UTC' });
    }
    case 'datetime': {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime())
        ? String(value)
        : date.toLocaleString(options.locale, {
            dateStyle: 'medium',
            timeStyle: 'short',
            ...(options.timeZone ? { timeZone: options.timeZone } : {}),
          });
    }
    default:
      return String(value);
  }
}
