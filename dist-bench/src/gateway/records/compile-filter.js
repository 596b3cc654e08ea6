"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.compileFilter = compileFilter;
const kysely_1 = require("kysely");
const index_js_1 = require("../../protocol/index.js");
const index_js_2 = require("../../metadata/index.js");
const TEXT_LIKE = new Set(['text', 'picklist', 'reference']);
/**
 * Compiles a filter expression into a SQL condition. Values and field names are
 * bound parameters; the only SQL text is fixed by the operator. Semantics match
 * the client's evaluator: `ne` also selects records without a value, comparisons
 * with an empty field are false, `contains`/`startsWith` ignore case.
 */
function compileFilter(expr, scope, path = 'filter') {
    if ('and' in expr)
        return joinAll(expr.and.map((e, i) => compileFilter(e, scope, `${path}.and[${i}]`)), 'and');
    if ('or' in expr)
        return joinAll(expr.or.map((e, i) => compileFilter(e, scope, `${path}.or[${i}]`)), 'or');
    // SQL's `not (null)` is null, so `not` of a comparison with an empty field would
    // drop the record; `is not true` keeps the client's two-valued logic (false → true).
    if ('not' in expr)
        return (0, kysely_1.sql) `(${compileFilter(expr.not, scope, `${path}.not`)}) is not true`;
    if ('mine' in expr)
        return (0, kysely_1.sql) `records.owner_id = ${scope.caller.userId}`;
    const field = requireField(scope.object, expr.field, path);
    const column = field.type === 'number' ? scope.dialect.fieldNumber(field.name) : scope.dialect.fieldText(field.name);
    if ('isNull' in expr)
        return expr.isNull ? (0, kysely_1.sql) `${column} is null` : (0, kysely_1.sql) `${column} is not null`;
    if ('in' in expr) {
        const values = expr.in.map((v, i) => coerceOrFail(field, v, `${path}.in[${i}]`));
        return (0, kysely_1.sql) `${column} in (${kysely_1.sql.join(values.map((v) => bindValue(v, scope.dialect)))})`;
    }
    if ('withinDays' in expr) {
        if (field.type !== 'date' && field.type !== 'datetime') {
            throw invalid(`${path}: withinDays needs a date field, ${field.name} is ${field.type}`);
        }
        const { firstDay, lastDay } = (0, index_js_1.filterDayRange)(scope.today, expr.withinDays.from, expr.withinDays.to);
        return field.type === 'date'
            ? (0, kysely_1.sql) `(${column} >= ${firstDay} and ${column} <= ${lastDay})`
            : (0, kysely_1.sql) `(${column} >= ${`${firstDay}T00:00:00.000Z`} and ${column} < ${`${(0, index_js_1.dayAfter)(lastDay)}T00:00:00.000Z`})`;
    }
    const value = coerceOrFail(field, expr.value, `${path}.value`);
    if (value === null)
        throw invalid(`${path}.value: compare with isNull instead of an empty value`);
    const bound = bindValue(value, scope.dialect);
    switch (expr.op) {
        case 'eq':
            return (0, kysely_1.sql) `${column} = ${bound}`;
        case 'ne':
            return (0, kysely_1.sql) `(${column} is null or ${column} <> ${bound})`;
        case 'lt':
            return (0, kysely_1.sql) `${column} < ${bound}`;
        case 'le':
            return (0, kysely_1.sql) `${column} <= ${bound}`;
        case 'gt':
            return (0, kysely_1.sql) `${column} > ${bound}`;
        case 'ge':
            return (0, kysely_1.sql) `${column} >= ${bound}`;
        case 'contains':
        case 'startsWith': {
            if (!TEXT_LIKE.has(field.type))
                throw invalid(`${path}: ${expr.op} needs a text field, ${field.name} is ${field.type}`);
            const text = String(value);
            return expr.op === 'contains' ? scope.dialect.containsIgnoringCase(column, text) : scope.dialect.startsWithIgnoringCase(column, text);
        }
    }
}
function joinAll(parts, op) {
    return (0, kysely_1.sql) `(${kysely_1.sql.join(parts, op === 'and' ? (0, kysely_1.sql) ` and ` : (0, kysely_1.sql) ` or `)})`;
}
function requireField(object, name, path) {
    const field = (0, index_js_2.findField)(object, name);
    if (!field)
        throw invalid(`${path}.field: ${object.name} has no field "${name}"`);
    return field;
}
function coerceOrFail(field, value, path) {
    // Filters compare with picklist values that may not be stored yet, so the list itself is not enforced here.
    const coerced = (0, index_js_2.coerceFieldValue)(field.type === 'picklist' ? { ...field, type: 'text', maxLength: undefined } : { ...field, maxLength: undefined }, value);
    if (!coerced.ok)
        throw invalid(`${path}: ${coerced.reason}`);
    return coerced.value;
}
/** Booleans live in JSON as true/false; SQLite's json_extract reads them as 1/0. */
function bindValue(value, dialect) {
    if (typeof value === 'boolean' && dialect.name === 'sqlite')
        return (0, kysely_1.sql) `${value ? 1 : 0}`;
    if (typeof value === 'boolean')
        return (0, kysely_1.sql) `${value ? 'true' : 'false'}`;
    return (0, kysely_1.sql) `${value}`;
}
function invalid(message) {
    return new index_js_1.ProtocolError('INVALID_REQUEST', `Invalid filter: ${message}`);
}
//# sourceMappingURL=compile-filter.js.map