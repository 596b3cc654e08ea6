import { dayAfter, filterDayRange, type FieldValue, type FilterExpr } from '../protocol/index.js';
import { coerceFieldValue } from './coerce-field-value.js';
import { findField, type FieldDefinition, type ObjectDefinition } from './object-definition.js';

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
 * `contains`/`startsWith` ignore case; text compares by code unit.
 * Throws a RangeError for a filter that names an unknown field or a value of
 * the wrong type, as the gateway refuses those.
 */
export function evaluateFilter(expr: FilterExpr, record: FilterableRecord, ctx: FilterContext): boolean {
  if ('and' in expr) return expr.and.every((e) => evaluateFilter(e, record, ctx));
  if ('or' in expr) return expr.or.some((e) => evaluateFilter(e, record, ctx));
  if ('not' in expr) return !evaluateFilter(expr.not, record, ctx);
  if ('mine' in expr) return record.owner === ctx.me;

  const field = findField(ctx.object, expr.field);
  if (!field) throw new RangeError(`${ctx.object.name} has no field "${expr.field}"`);
  const actual = record.fields[field.name] ?? null;

  if ('isNull' in expr) return (actual === null) === expr.isNull;
  if ('in' in expr) return actual !== null && expr.in.some((v) => actual === coerce(field, v));
  if ('withinDays' in expr) {
    if (actual === null) return false;
    const { firstDay, lastDay } = filterDayRange(ctx.today, expr.withinDays.from, expr.withinDays.to);
    const text = String(actual);
    return field.type === 'date' ? text >= firstDay && text <= lastDay : text >= `${firstDay}T00:00:00.000Z` && text < `${dayAfter(lastDay)}T00:00:00.000Z`;
  }

  const value = coerce(field, expr.value);
  if (expr.op === 'ne') return actual === null || actual !== value;
  if (actual === null || value === null) return false;
  switch (expr.op) {
    case 'eq':
      return actual === value;
    case 'lt':
      return actual < value;
    case 'le':
      return actual <= value;
    case 'gt':
      return actual > value;
    case 'ge':
      return actual >= value;
    case 'contains':
      return String(actual).toLowerCase().includes(String(value).toLowerCase());
    case 'startsWith':
      return String(actual).toLowerCase().startsWith(String(value).toLowerCase());
  }
}

function coerce(field: FieldDefinition, value: string | number | boolean): FieldValue {
  const loose: FieldDefinition = { ...field, type: field.type === 'picklist' ? 'text' : field.type, maxLength: undefined };
  const result = coerceFieldValue(loose, value);
  if (!result.ok) throw new RangeError(result.reason);
  return result.value;
}
