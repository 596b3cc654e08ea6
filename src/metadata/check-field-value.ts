import type { FieldValue } from '../protocol/index.js';
import { coerceFieldValue, type CoercionRule } from './coerce-field-value.js';
import { matchesFieldPattern } from './field-pattern.js';
import type { FieldDefinition } from './object-definition.js';

/** The rule a value breaks: coerceFieldValue's (type, length, picklist), `required`, or a package constraint. */
export type FieldRule = CoercionRule | 'required' | 'min' | 'max' | 'pattern' | 'kind';

export interface FieldProblem {
  /** The field's name (not its label): what the gateway's details and the pane's form key on. */
  readonly field: string;
  readonly rule: FieldRule;
  /** For people, with the field's label: "Probability must be at most 100". */
  readonly message: string;
}

/** Bounds every percent has, whatever min/max the package adds. */
const PERCENT_MIN = 0;
const PERCENT_MAX = 100;

/**
 * Whether a value may be written to a field: its type, length and picklist values
 * (coerceFieldValue), `required`, and the package's constraints (min, max, pattern,
 * kind). The one check the pane's form, LocalEdits and the gateway make, so a value
 * the pane lets through is never refused at the next sync for a rule the rep could
 * have seen. `value` may be in wire form (SOAP text) or stored form.
 */
export function checkFieldValue(field: FieldDefinition, value: FieldValue): FieldProblem | null {
  const label = field.label ?? field.name;
  const problem = (rule: FieldRule, message: string): FieldProblem => ({ field: field.name, rule, message: `${label} ${message}` });
  const coerced = coerceFieldValue(field, value);
  if (!coerced.ok) return problem(coerced.rule, coercionWords(field, coerced.rule));
  const stored = coerced.value;
  if (stored === null) return field.required ? problem('required', 'is required') : null;

  if (typeof stored === 'number') {
    const percent = field.kind === 'percent';
    const min = percent ? Math.max(field.min ?? PERCENT_MIN, PERCENT_MIN) : field.min;
    const max = percent ? Math.min(field.max ?? PERCENT_MAX, PERCENT_MAX) : field.max;
    if (min !== undefined && stored < min) return problem('min', `must be at least ${min}`);
    if (max !== undefined && stored > max) return problem('max', `must be at most ${max}`);
    if (field.kind === 'currency') {
      const code = field.currency ?? '';
      const decimals = currencyDecimals(code);
      if (!hasAtMostDecimals(stored, decimals))
        return problem(
          'kind',
          decimals === 0 ? `must be a whole amount of ${code}` : `must be an amount of ${code} with at most ${decimals} decimals`,
        );
    }
    return null;
  }

  if (typeof stored === 'string' && field.type === 'text') {
    if (field.kind === 'email' && !isEmail(stored)) return problem('kind', 'must be an e-mail address like name@example.com');
    if (field.kind === 'phone' && !isPhone(stored))
      return problem('kind', 'must be a phone number: digits, spaces and + ( ) - . /, with at least 5 digits');
    if (field.kind === 'url' && !isWebAddress(stored)) return problem('kind', 'must be a web address starting with http:// or https://');
    if (field.pattern !== undefined && !matchesFieldPattern(field.pattern, stored))
      return problem('pattern', 'is not in the required format');
  }
  return null;
}

function coercionWords(field: FieldDefinition, rule: CoercionRule): string {
  if (rule === 'maxLength') return `must be at most ${field.maxLength ?? 0} characters`;
  if (rule === 'values') return `must be one of ${(field.values ?? []).join(', ')}`;
  switch (field.type) {
    case 'text':
    case 'picklist':
      return 'must be text';
    case 'number':
      return 'must be a number';
    case 'date':
      return 'must be a date (YYYY-MM-DD)';
    case 'datetime':
      return 'must be a date and time with a zone';
    case 'boolean':
      return 'must be true or false';
    case 'reference':
      return `must be the id of a ${field.references ?? 'record'}`;
  }
}

/**
 * One @, something before it, a domain of at least two dot-separated labels after it,
 * no spaces and none of the characters that only quoted addresses may hold (rare
 * enough in a CRM to refuse). At most 254 characters (RFC 5321's path limit).
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(?:\.[^\s@<>()[\]\\,;:".]+)+$/u;
function isEmail(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text) && !text.startsWith('.') && !text.includes('..');
}

/** Digits and the usual separators; + only as the international prefix; 5…20 digits (E.164 has at most 15, plus an extension). */
const PHONE = /^\+?[0-9 ()./-]+$/;
function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return PHONE.test(text) && digits >= 5 && digits <= 20;
}

/** http or https, a host, no spaces (the URL parser would quietly encode them). */
function isWebAddress(text: string): boolean {
  if (!/^https?:\/\/\S+$/i.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Minor units of ISO 4217 currencies that do not have two decimals; any other code
 * (one the table does not know) gets two, the most common.
 */
const CURRENCY_DECIMALS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};
function currencyDecimals(code: string): number {
  return CURRENCY_DECIMALS[code] ?? 2;
}

function hasAtMostDecimals(value: number, decimals: number): boolean {
  // toFixed rounds to that many decimals; an amount that needed more changes.
  return Math.abs(value) >= 1e21 || Number(value.toFixed(decimals)) === value;
}
