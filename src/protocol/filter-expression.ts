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

/**
 * Bounds of one filter expression, checked wherever a filter enters: a request's
 * whole `filter` (GetChangeKeys, EstimateCount) and each package filter. The
 * gateway compiles a filter to SQL with bound parameters, and databases take only
 * so many per statement (SQLite as built by better-sqlite3: 32,766; PostgreSQL:
 * 65,535). `compileFilter` binds at most 4 parameters per node besides the
 * compared values (a field path, twice for `ne` and day ranges), so a filter
 * at these bounds binds at most 4 × 200 + 1,000 = 1,800, and a query adds fewer
 * than 10 of its own (object type, visibility, page cursor, page size): an order
 * of magnitude under both. The depth keeps the SQL expression shallow (SQLite
 * refuses expressions deeper than 1,000) and the recursion short on both sides.
 */
export const FILTER_LIMITS = {
  /** Nodes in all: every and/or/not and every condition. */
  maxNodes: 200,
  /** Nesting: a lone condition is depth 1, `{not: condition}` depth 2. */
  maxDepth: 16,
  /** Compared values in all: each `value`, each item of every `in` list. */
  maxValues: 1_000,
  /** Items of one `in` list. */
  maxInValues: 500,
  /** Children of one and/or. */
  maxChildren: 50,
} as const;

/**
 * Bounds of one layer of a sync's filter: the package's master filter, a preset's
 * filter, the rep's personal filter. The sync sends the three as one `and`, so each
 * layer gets a third of FILTER_LIMITS and one level less, and any three valid
 * layers make a valid request. parsePackage holds package filters to these.
 */
export const FILTER_LAYER_LIMITS = {
  maxNodes: Math.floor((FILTER_LIMITS.maxNodes - 1) / 3),
  maxDepth: FILTER_LIMITS.maxDepth - 1,
  maxValues: Math.floor(FILTER_LIMITS.maxValues / 3),
} as const;

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

/** The size of a filter as FILTER_LIMITS counts it. */
export interface FilterSize {
  readonly nodes: number;
  readonly depth: number;
  readonly values: number;
}

/** Measures a filter (or any subtree of one) as FILTER_LIMITS counts. */
export function measureFilter(expr: FilterExpr): FilterSize {
  return measure(expr);
}

function measure(node: RawFilter): FilterSize {
  const children = [...(node.and ?? []), ...(node.or ?? []), ...(node.not ? [node.not] : [])];
  let nodes = 1;
  let depth = 0;
  let values = (node.in?.length ?? 0) + (node.value !== undefined ? 1 : 0);
  for (const child of children) {
    const size = measure(child);
    nodes += size.nodes;
    depth = Math.max(depth, size.depth);
    values += size.values;
  }
  return { nodes, depth: depth + 1, values };
}

/**
 * Which limit a filter of this size breaks, worded for the refusal (naming the
 * constant); null within all of them.
 */
export function filterLimitProblem(
  size: FilterSize,
  limits: { readonly maxNodes: number; readonly maxDepth: number; readonly maxValues: number } = FILTER_LIMITS,
  name = 'FILTER_LIMITS',
): string | null {
  if (size.nodes > limits.maxNodes)
    return `a filter may hold at most ${limits.maxNodes} nodes (${name}.maxNodes), this one holds ${size.nodes}`;
  if (size.depth > limits.maxDepth)
    return `a filter may be nested at most ${limits.maxDepth} levels deep (${name}.maxDepth), this one is ${size.depth}`;
  if (size.values > limits.maxValues)
    return `a filter may compare with at most ${limits.maxValues} values in all (${name}.maxValues), this one has ${size.values}`;
  return null;
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
        { min: 1, max: FILTER_LIMITS.maxChildren },
      ),
    ),
    or: s.opt(
      s.array(
        s.lazy<RawFilter>(() => filterNode),
        { min: 1, max: FILTER_LIMITS.maxChildren },
      ),
    ),
    not: s.opt(s.lazy<RawFilter>(() => filterNode)),
    field: s.opt(fieldName),
    op: s.opt(s.enum('ComparisonOperator', COMPARISON_OPERATORS)),
    value: s.opt(s.scalar()),
    in: s.opt(s.array(s.scalar(), { min: 1, max: FILTER_LIMITS.maxInValues })),
    isNull: s.opt(s.boolean()),
    withinDays: s.opt(withinDaysSchema),
    mine: s.opt(s.boolean()),
  },
  (node) => shapeOf(node) ?? filterLimitProblem(measure(node)),
);

/**
 * Validates a whole filter against its shapes and FILTER_LIMITS; a subtree
 * beyond a limit is refused at its root, with the limit named.
 */
export const filterExprSchema = filterNode as unknown as ObjectSchema<FilterExpr>;

/** The field names a filter refers to, for checking them against the object's fields. */
export function filterFields(expr: FilterExpr): string[] {
  if ('and' in expr) return expr.and.flatMap(filterFields);
  if ('or' in expr) return expr.or.flatMap(filterFields);
  if ('not' in expr) return filterFields(expr.not);
  if ('field' in expr) return [expr.field];
  return [];
}
