import { s, type ObjectSchema } from './schema.js';

/** Comparison operators of a filter condition. */
export const COMPARISON_OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'startsWith'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/**
 * The filter expression shared by gateway (compiled to parameterised SQL) and
 * client (evaluated over local records). Exactly one shape per node:
 * - `{ and: [...] }`, `{ or: [...] }`, `{ not: expr }`
 * - `{ field, op, value }` a comparison; `{ field, in: [...] }` membership
 * - `{ field, isNull: true|false }`
 * - `{ field, withinDays: { from, to } }` a date between today+from and today+to
 *   (days, inclusive, UTC), e.g. `{ from: -90, to: 0 }` is "the last 90 days"
 * - `{ mine: true }` records owned by the caller (the "only mine" personal filter)
 */
export type FilterExpr =
  | { and: FilterExpr[] }
  | { or: FilterExpr[] }
  | { not: FilterExpr }
  | { field: string; op: ComparisonOperator; value: string | number | boolean }
  | { field: string; in: Array<string | number | boolean> }
  | { field: string; isNull: boolean }
  | { field: string; withinDays: { from: number; to: number } }
  | { mine: true };

const MAX_NODES = 200;

const fieldName = s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'a field name (letters, digits, _)' });
const dayOffset = s.integer({ min: -36_500, max: 36_500 });

interface RawFilter {
  and?: RawFilter[];
  or?: RawFilter[];
  not?: RawFilter;
  field?: string;
  op?: ComparisonOperator;
  value?: string | number | boolean;
  in?: Array<string | number | boolean>;
  isNull?: boolean;
  withinDays?: { from: number; to: number };
  mine?: boolean;
}

function shapeOf(node: RawFilter): string | null {
  const keys = (Object.keys(node) as Array<keyof RawFilter>).filter((k) => node[k] !== undefined);
  const has = (...want: Array<keyof RawFilter>) => keys.length === want.length && want.every((k) => keys.includes(k));
  if (has('and') || has('or') || has('not')) return null;
  if (has('field', 'op', 'value') || has('field', 'in') || has('field', 'isNull') || has('field', 'withinDays')) return null;
  if (has('mine')) return node.mine === true ? null : 'mine must be true';
  return `a filter node must be exactly one of {and}, {or}, {not}, {field, op, value}, {field, in}, {field, isNull}, {field, withinDays}, {mine}; got {${keys.join(', ')}}`;
}

function countNodes(node: RawFilter): number {
  const children = [...(node.and ?? []), ...(node.or ?? []), ...(node.not ? [node.not] : [])];
  return 1 + children.reduce((sum, c) => sum + countNodes(c), 0);
}

const withinDaysSchema = s.object('DayRange', { from: s.req(dayOffset), to: s.req(dayOffset) }, (r) =>
  r.from <= r.to ? null : 'withinDays.from must not be after withinDays.to',
);

const filterNode: ObjectSchema<RawFilter> = s.object(
  'FilterExpr',
  {
    and: s.opt(
      s.array(
        s.lazy<RawFilter>(() => filterNode),
        { min: 1, max: 50 },
      ),
    ),
    or: s.opt(
      s.array(
        s.lazy<RawFilter>(() => filterNode),
        { min: 1, max: 50 },
      ),
    ),
    not: s.opt(s.lazy<RawFilter>(() => filterNode)),
    field: s.opt(fieldName),
    op: s.opt(s.enum('ComparisonOperator', COMPARISON_OPERATORS)),
    value: s.opt(s.scalar()),
    in: s.opt(s.array(s.scalar(), { min: 1, max: 500 })),
    isNull: s.opt(s.boolean()),
    withinDays: s.opt(withinDaysSchema),
    mine: s.opt(s.boolean()),
  },
  (node) => shapeOf(node) ?? (countNodes(node) > MAX_NODES ? `a filter may hold at most ${MAX_NODES} nodes` : null),
);

/** Validates a whole filter; a subtree larger than the limit is refused at its root. */
export const filterExprSchema = filterNode as unknown as ObjectSchema<FilterExpr>;

/** The field names a filter refers to, for checking them against the object's fields. */
export function filterFields(expr: FilterExpr): string[] {
  if ('and' in expr) return expr.and.flatMap(filterFields);
  if ('or' in expr) return expr.or.flatMap(filterFields);
  if ('not' in expr) return filterFields(expr.not);
  if ('field' in expr) return [expr.field];
  return [];
}
