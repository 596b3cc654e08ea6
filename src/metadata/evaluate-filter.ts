import { dayAfter, filterDayRange, type FieldValue, type FilterExpr } from '../protocol/index.js';
import { coerceFieldValue } from './coerce-field-value.js';
import { findField, type FieldDefinition, type ObjectDefinition } from './object-definition.js';

const TEXT_LIKE = new Set(['text', 'picklist', 'reference']);

export interface FilterContext {
  readonly object: ObjectDefinition;
  /** 'YYYY-MM-DD' (UTC) that relative date ranges count from. */
  readonly today: string;
  /** The user name `{ mine: true }` matches against a record's owner. */
  readonly me: string;
}

export interface FilterableRecord {
  readonly owner: string;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

/**
 * Evaluates a filter over one record, with exactly the semantics the gateway's
 * SQL has (a differential test holds the two together): an absent field is
 * null; comparisons with null are false except `ne`, which selects it;
 * `contains`/`startsWith` ignore case; text compares by code point.
 * Throws a RangeError for a filter that names an unknown field, a value of the
 * wrong type, an empty comparison value or an operator the field's type does
 * not take, as the gateway refuses those.
 */
export function evaluateFilter(expr: FilterExpr, record: FilterableRecord, ctx: FilterContext): boolean {
  // Every child is evaluated (no short-circuit) so that a filter the gateway
  // refuses throws for every record, not only for those that reach the bad node.
  if ('and' in expr) return expr.and.map((e) => evaluateFilter(e, record, ctx)).every(Boolean);
  if ('or' in expr) return expr.or.map((e) => evaluateFilter(e, record, ctx)).some(Boolean);
  if ('not' in expr) return !evaluateFilter(expr.not, record, ctx);
  if ('mine' in expr) return record.owner === ctx.me;

  const field = findField(ctx.object, expr.field);
  if (!field) throw new RangeError(`${ctx.object.name} has no field "${expr.field}"`);
  const actual = record.fields[field.name] ?? null;

  if ('isNull' in expr) return (actual === null) === expr.isNull;
  if ('in' in expr) return actual !== null && expr.in.some((v) => actual === coerce(field, v));
  if ('withinDays' in expr) {
    if (field.type !== 'date' && field.type !== 'datetime')
      throw new RangeError(`withinDays needs a date field, ${field.name} is ${field.type}`);
    if (actual === null) return false;
    const { firstDay, lastDay } = filterDayRange(ctx.today, expr.withinDays.from, expr.withinDays.to);
    const text = String(actual);
    return field.type === 'date'
      ? text >= firstDay && text <= lastDay
      : text >= `${firstDay}T00:00:00.000Z` && text < `${dayAfter(lastDay)}T00:00:00.000Z`;
  }

  const value = coerce(field, expr.value);
  if (value === null) throw new RangeError(`${field.name}: compare with isNull instead of an empty value`);
  if ((expr.op === 'contains' || expr.op === 'startsWith') && !TEXT_LIKE.has(field.type)) {
    throw new RangeError(`${expr.op} needs a text field, ${field.name} is ${field.type}`);
  }
  if (expr.op === 'ne') return actual === null || actual !== value;
  if (actual === null) return false;
  switch (expr.op) {
    case 'eq':
      return actual === value;
    case 'lt':
      return order(actual, value) < 0;
    case 'le':
      return order(actual, value) <= 0;
    case 'gt':
      return order(actual, value) > 0;
    case 'ge':
      return order(actual, value) >= 0;
    case 'contains':
      return String(actual).toLowerCase().includes(String(value).toLowerCase());
    case 'startsWith':
      return String(actual).toLowerCase().startsWith(String(value).toLowerCase());
  }
}

/**
 * Text orders by code point, as SQLite compares UTF-8 bytes: JavaScript's `<`
 * compares UTF-16 units, which puts U+10000 and above before U+E000…U+FFFF.
 */
function order(a: string | number | boolean, b: string | number | boolean): number {
  if (typeof a !== 'string' || typeof b !== 'string') return a < b ? -1 : a > b ? 1 : 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // At the first difference a surrogate (part of a code point above U+FFFF) is above any other unit.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    return xs === ys ? x - y : xs ? 1 : -1;
  }
  return a.length - b.length;
}

function coerce(field: FieldDefinition, value: string | number | boolean): FieldValue {
  const loose: FieldDefinition = { ...field, type: field.type === 'picklist' ? 'text' : field.type, maxLength: undefined };
  const result = coerceFieldValue(loose, value);
  if (!result.ok) throw new RangeError(result.reason);
  return result.value;
}
