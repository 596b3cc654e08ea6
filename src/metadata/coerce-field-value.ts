import type { FieldValue } from '../protocol/index.js';
import type { FieldDefinition } from './object-definition.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const ROW_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** Which of coerceFieldValue's rules a refused value breaks: its type, the field's length, the picklist's values. */
export type CoercionRule = 'type' | 'maxLength' | 'values';

export type Coerced = { ok: true; value: FieldValue } | { ok: false; reason: string; rule: CoercionRule };

/**
 * Brings a wire value into the stored form of its field. SOAP delivers every
 * value as text, JSON may deliver numbers and booleans natively, so both are
 * accepted where they mean the same. Empty text is stored as null: one way to
 * say "no value", so filters and user keys cannot tell two kinds of empty apart.
 */
export function coerceFieldValue(field: FieldDefinition, value: FieldValue): Coerced {
  if (value === null || value === '') return { ok: true, value: null };
  const bad = (what: string, rule: CoercionRule = 'type'): Coerced => ({
    ok: false,
    reason: `${field.name} must be ${what}, got ${JSON.stringify(value)}`,
    rule,
  });
  switch (field.type) {
    case 'text':
    case 'picklist': {
      if (typeof value !== 'string') return bad('text');
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        return { ok: false, reason: `${field.name} must be at most ${field.maxLength} characters, got ${value.length}`, rule: 'maxLength' };
      }
      if (field.type === 'picklist' && field.values && !field.values.includes(value))
        return bad(`one of ${field.values.join(', ')}`, 'values');
      return { ok: true, value };
    }
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : bad('a number');
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return bad('true or false');
    }
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return bad('a date YYYY-MM-DD');
      if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) return bad('a real calendar date');
      return { ok: true, value };
    }
    case 'datetime': {
      // Stored as UTC with milliseconds so that text order is time order.
      if (typeof value !== 'string' || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value)))
        return bad('an ISO 8601 date and time with a zone');
      // Date.parse rolls 2026-02-30 over to 2 March instead of refusing it.
      const day = value.slice(0, 10);
      if (new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) return bad('a real calendar date');
      return { ok: true, value: new Date(value).toISOString() };
    }
    case 'reference':
      return typeof value === 'string' && ROW_ID.test(value) ? { ok: true, value } : bad(`the row id of a ${field.references ?? 'record'}`);
  }
}
