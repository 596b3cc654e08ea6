"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.filterExprSchema = exports.COMPARISON_OPERATORS = void 0;
exports.filterFields = filterFields;
const schema_js_1 = require("./schema.js");
/** Comparison operators of a filter condition. */
exports.COMPARISON_OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'startsWith'];
const MAX_NODES = 200;
const fieldName = schema_js_1.s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'a field name (letters, digits, _)' });
const dayOffset = schema_js_1.s.integer({ min: -36_500, max: 36_500 });
function shapeOf(node) {
    const keys = Object.keys(node).filter((k) => node[k] !== undefined);
    const has = (...want) => keys.length === want.length && want.every((k) => keys.includes(k));
    if (has('and') || has('or') || has('not'))
        return null;
    if (has('field', 'op', 'value') || has('field', 'in') || has('field', 'isNull') || has('field', 'withinDays'))
        return null;
    if (has('mine'))
        return node.mine === true ? null : 'mine must be true';
    return `a filter node must be exactly one of {and}, {or}, {not}, {field, op, value}, {field, in}, {field, isNull}, {field, withinDays}, {mine}; got {${keys.join(', ')}}`;
}
function countNodes(node) {
    const children = [...(node.and ?? []), ...(node.or ?? []), ...(node.not ? [node.not] : [])];
    return 1 + children.reduce((sum, c) => sum + countNodes(c), 0);
}
const withinDaysSchema = schema_js_1.s.object('DayRange', { from: schema_js_1.s.req(dayOffset), to: schema_js_1.s.req(dayOffset) }, (r) => r.from <= r.to ? null : 'withinDays.from must not be after withinDays.to');
const filterNode = schema_js_1.s.object('FilterExpr', {
    and: schema_js_1.s.opt(schema_js_1.s.array(schema_js_1.s.lazy(() => filterNode), { min: 1, max: 50 })),
    or: schema_js_1.s.opt(schema_js_1.s.array(schema_js_1.s.lazy(() => filterNode), { min: 1, max: 50 })),
    not: schema_js_1.s.opt(schema_js_1.s.lazy(() => filterNode)),
    field: schema_js_1.s.opt(fieldName),
    op: schema_js_1.s.opt(schema_js_1.s.enum('ComparisonOperator', exports.COMPARISON_OPERATORS)),
    value: schema_js_1.s.opt(schema_js_1.s.scalar()),
    in: schema_js_1.s.opt(schema_js_1.s.array(schema_js_1.s.scalar(), { min: 1, max: 500 })),
    isNull: schema_js_1.s.opt(schema_js_1.s.boolean()),
    withinDays: schema_js_1.s.opt(withinDaysSchema),
    mine: schema_js_1.s.opt(schema_js_1.s.boolean()),
}, (node) => shapeOf(node) ?? (countNodes(node) > MAX_NODES ? `a filter may hold at most ${MAX_NODES} nodes` : null));
/** Validates a whole filter; a subtree larger than the limit is refused at its root. */
exports.filterExprSchema = filterNode;
/** The field names a filter refers to, for checking them against the object's fields. */
function filterFields(expr) {
    if ('and' in expr)
        return expr.and.flatMap(filterFields);
    if ('or' in expr)
        return expr.or.flatMap(filterFields);
    if ('not' in expr)
        return filterFields(expr.not);
    if ('field' in expr)
        return [expr.field];
    return [];
}
//# sourceMappingURL=filter-expression.js.map