import { sql, type RawBuilder } from 'kysely';
import { dayAfter, filterDayRange, ProtocolError, type FieldValue, type FilterExpr } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import { coerceFieldValue, findField, type FieldDefinition, type ObjectDefinition } from '../../metadata/index.js';
import type { SqlDialect } from '../db/sql-dialect.js';

export interface FilterScope {
  readonly object: ObjectDefinition;
  readonly dialect: SqlDialect;
  readonly caller: Caller;
  /** 'YYYY-MM-DD' (UTC) that relative date ranges count from. */
  readonly today: string;
}

const TEXT_LIKE = new Set(['text', 'picklist', 'reference']);

/**
 * Compiles a filter expression into a SQL condition. Values and field names are
 * bound parameters; the only SQL text is fixed by the operator. Semantics match
 * the client's evaluator: `ne` also selects records without a value, comparisons
 * with an empty field are false, `contains`/`startsWith` ignore case.
 */
export function compileFilter(expr: FilterExpr, scope: FilterScope, path = 'filter'): RawBuilder<boolean> {
  if ('and' in expr)
    return joinAll(
      expr.and.map((e, i) => compileFilter(e, scope, `${path}.and[${i}]`)),
      'and',
    );
  if ('or' in expr)
    return joinAll(
      expr.or.map((e, i) => compileFilter(e, scope, `${path}.or[${i}]`)),
      'or',
    );
  // SQL's `not (null)` is null, so `not` of a comparison with an empty field would
  // drop the record; `is not true` keeps the client's two-valued logic (false → true).
  if ('not' in expr) return sql<boolean>`(${compileFilter(expr.not, scope, `${path}.not`)}) is not true`;
  if ('mine' in expr) return sql<boolean>`records.owner_id = ${scope.caller.userId}`;

  const field = requireField(scope.object, expr.field, path);
  const column = field.type === 'number' ? scope.dialect.fieldNumber(field.name) : scope.dialect.fieldText(field.name);
  // Text is ordered by code point, as the client compares (and SQLite's BINARY does), whatever the
  // PostgreSQL database's collation: lt, le, gt, ge and day ranges compare in byte order.
  const ordered = field.type === 'number' ? column : scope.dialect.inByteOrder(column as RawBuilder<string>);

  if ('isNull' in expr) return expr.isNull ? sql<boolean>`${column} is null` : sql<boolean>`${column} is not null`;

  if ('in' in expr) {
    const values = expr.in.map((v, i) => coerceOrFail(field, v, `${path}.in[${i}]`));
    return sql<boolean>`${column} in (${sql.join(values.map((v) => bindValue(v, scope.dialect)))})`;
  }

  if ('withinDays' in expr) {
    if (field.type !== 'date' && field.type !== 'datetime') {
      throw invalid(`${path}: withinDays needs a date field, ${field.name} is ${field.type}`);
    }
    const { firstDay, lastDay } = filterDayRange(scope.today, expr.withinDays.from, expr.withinDays.to);
    return field.type === 'date'
      ? sql<boolean>`(${ordered} >= ${firstDay} and ${ordered} <= ${lastDay})`
      : sql<boolean>`(${ordered} >= ${`${firstDay}T00:00:00.000Z`} and ${ordered} < ${`${dayAfter(lastDay)}T00:00:00.000Z`})`;
  }

  const value = coerceOrFail(field, expr.value, `${path}.value`);
  if (value === null) throw invalid(`${path}.value: compare with isNull instead of an empty value`);
  const bound = bindValue(value, scope.dialect);
  switch (expr.op) {
    case 'eq':
      return sql<boolean>`${column} = ${bound}`;
    case 'ne':
      return sql<boolean>`(${column} is null or ${column} <> ${bound})`;
    case 'lt':
      return sql<boolean>`${ordered} < ${bound}`;
    case 'le':
      return sql<boolean>`${ordered} <= ${bound}`;
    case 'gt':
      return sql<boolean>`${ordered} > ${bound}`;
    case 'ge':
      return sql<boolean>`${ordered} >= ${bound}`;
    case 'contains':
    case 'startsWith': {
      if (!TEXT_LIKE.has(field.type)) throw invalid(`${path}: ${expr.op} needs a text field, ${field.name} is ${field.type}`);
      const text = String(value);
      return expr.op === 'contains'
        ? scope.dialect.containsIgnoringCase(column as RawBuilder<string | null>, text)
        : scope.dialect.startsWithIgnoringCase(column as RawBuilder<string | null>, text);
    }
  }
}

function joinAll(parts: RawBuilder<boolean>[], op: 'and' | 'or'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(parts, op === 'and' ? sql` and ` : sql` or `)})`;
}

function requireField(object: ObjectDefinition, name: string, path: string): FieldDefinition {
  const field = findField(object, name);
  if (!field) throw invalid(`${path}.field: ${object.name} has no field "${name}"`);
  return field;
}

function coerceOrFail(field: FieldDefinition, value: string | number | boolean, path: string): FieldValue {
  // Filters compare with picklist values that may not be stored yet, so the list itself is not enforced here.
  const coerced = coerceFieldValue(
    field.type === 'picklist' ? { ...field, type: 'text', maxLength: undefined } : { ...field, maxLength: undefined },
    value,
  );
  if (!coerced.ok) throw invalid(`${path}: ${coerced.reason}`);
  return coerced.value;
}

/** Booleans live in JSON as true/false; SQLite's json_extract reads them as 1/0. */
function bindValue(value: FieldValue, dialect: SqlDialect): RawBuilder<unknown> {
  if (typeof value === 'boolean' && dialect.name === 'sqlite') return sql`${value ? 1 : 0}`;
  if (typeof value === 'boolean') return sql`${value ? 'true' : 'false'}`;
  return sql`${value}`;
}

function invalid(message: string): ProtocolError {
  return new ProtocolError('INVALID_REQUEST', `Invalid filter: ${message}`);
}
