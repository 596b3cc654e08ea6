import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { Caller } from '../../src/gateway/auth/caller.js';
import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import type { DatabaseSchema } from '../../src/gateway/db/database-schema.js';
import { openSqliteDatabase, type GatewayDatabase } from '../../src/gateway/db/open-database.js';
import { postgresDialect, sqliteDialect, type SqlDialect } from '../../src/gateway/db/sql-dialect.js';
import { compileFilter } from '../../src/gateway/records/compile-filter.js';
import { visibleTo } from '../../src/gateway/records/visible-to.js';
import { findObject, type ObjectDefinition } from '../../src/metadata/index.js';
import { FILTER_LIMITS, measureFilter, type FilterExpr } from '../../src/protocol/index.js';

/**
 * FILTER_LIMITS promises that a filter within them binds at most
 * 4 × maxNodes + maxValues SQL parameters: compileFilter binds at most 4 per node
 * besides the compared values. Checked here per kind of node, on the SQL of both
 * dialects, and for a whole GetChangeKeys query with the largest filter allowed.
 */
const PER_NODE = 4;
const BUDGET = PER_NODE * FILTER_LIMITS.maxNodes + FILTER_LIMITS.maxValues;

const caller: Caller = {
  userId: 'U-1',
  userName: 'alice',
  responsibilityId: 'R-SALES-REP',
  visibility: 'team',
  isAdmin: false,
  teamId: 'T-EAST',
  orgId: 'O-1',
  tokenHash: 'x',
  siteId: null,
};
const object = (name: string) => findObject(DEMO_CATALOG, name) as ObjectDefinition;

let sqlite: GatewayDatabase;
const postgres = new Kysely<DatabaseSchema>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});
beforeAll(async () => {
  sqlite = await openSqliteDatabase(':memory:');
});
afterAll(async () => {
  await sqlite.close();
  await postgres.destroy();
});

const dialects = (): Array<[string, Kysely<DatabaseSchema>, SqlDialect]> => [
  ['sqlite', sqlite.db, sqliteDialect],
  ['postgres', postgres, postgresDialect('und-x-icu')],
];

/** The parameters of GetChangeKeys' query with `filter` (visibility, a page cursor and the page size included). */
function parameters(db: Kysely<DatabaseSchema>, dialect: SqlDialect, objectType: string, filter: FilterExpr | undefined): number {
  let query = db
    .selectFrom('records')
    .select(['records.row_id', 'records.db_last_upd'])
    .where('records.object_type', '=', objectType)
    .where(visibleTo(caller))
    .where('records.row_id', '>', '1-A')
    .orderBy('records.row_id')
    .limit(1001);
  if (filter) query = query.where(compileFilter(filter, { object: object(objectType), dialect, caller, today: '2026-11-21' }));
  return query.compile().parameters.length;
}

describe('bound parameters per filter node', () => {
  const leaves: Array<[string, string, FilterExpr]> = [
    ['eq on text', 'Opportunity', { field: 'Name', op: 'eq', value: 'x' }],
    ['ne (the column twice)', 'Opportunity', { field: 'Name', op: 'ne', value: 'x' }],
    ['lt on a number', 'Opportunity', { field: 'Revenue', op: 'lt', value: 5 }],
    ['contains', 'Opportunity', { field: 'Name', op: 'contains', value: 'x' }],
    ['startsWith (the prefix twice)', 'Opportunity', { field: 'Name', op: 'startsWith', value: 'x' }],
    ['in of 3', 'Opportunity', { field: 'Stage', in: ['a', 'b', 'c'] }],
    ['in of 500', 'Opportunity', { field: 'Name', in: Array.from({ length: 500 }, (_, i) => `n${i}`) }],
    ['isNull', 'Opportunity', { field: 'CloseDate', isNull: true }],
    ['withinDays on a date', 'Opportunity', { field: 'CloseDate', withinDays: { from: -1, to: 1 } }],
    ['withinDays on a date-time', 'Activity', { field: 'Start', withinDays: { from: -1, to: 1 } }],
    ['mine', 'Opportunity', { mine: true }],
    ['not', 'Opportunity', { not: { mine: true } }],
    ['and', 'Opportunity', { and: [{ mine: true }] }],
  ];
  test.each(leaves.flatMap(([name, type, filter]) => ['sqlite', 'postgres'].map((d) => [`${name} (${d})`, d, type, filter] as const)))(
    '%s: at most 4 per node plus one per value',
    (_name, dialectName, objectType, filter) => {
      const [, db, dialect] = dialects().find(([n]) => n === dialectName)!;
      const added = parameters(db, dialect, objectType, filter) - parameters(db, dialect, objectType, undefined);
      const { nodes, values } = measureFilter(filter);
      expect(added).toBeLessThanOrEqual(PER_NODE * nodes + values);
    },
  );

  test('the query around the filter adds fewer than 10', () => {
    for (const [, db, dialect] of dialects()) expect(parameters(db, dialect, 'Opportunity', undefined)).toBeLessThan(10);
  });

  test(`the largest filter allowed keeps the whole query under ${BUDGET + 10} parameters, far below SQLite's 32,766 and PostgreSQL's 65,535`, () => {
    const largest: FilterExpr = {
      and: [
        {
          or: [
            { field: 'Name', in: Array.from({ length: 500 }, (_, i) => `n${i}`) },
            { field: 'Stage', in: Array.from({ length: 499 }, (_, i) => `s${i}`) },
          ],
        },
        { field: 'Name', op: 'startsWith', value: 'z' },
        ...[50, 50, 50, 41].map((n) => ({
          or: Array.from({ length: n }, (_, i) => ({ field: 'CloseDate', withinDays: { from: -i, to: i } })),
        })),
      ],
    };
    expect(measureFilter(largest)).toMatchObject({ nodes: 200, values: 1000 });
    for (const [, db, dialect] of dialects()) expect(parameters(db, dialect, 'Opportunity', largest)).toBeLessThan(BUDGET + 10);
  });
});
