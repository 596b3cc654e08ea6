import { sql, type RawBuilder } from 'kysely';

/**
 * The few expressions that differ between SQLite and PostgreSQL: reading one
 * field out of the record's JSON text, as text or as a number, and a
 * case-insensitive "contains". Everything else is plain Kysely. The field name
 * is always a bound parameter, never spliced into the SQL text.
 */
export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  fieldText(name: string): RawBuilder<string | null>;
  fieldNumber(name: string): RawBuilder<number | null>;
  containsIgnoringCase(expr: RawBuilder<string | null>, needle: string): RawBuilder<boolean>;
  startsWithIgnoringCase(expr: RawBuilder<string | null>, prefix: string): RawBuilder<boolean>;
  /**
   * A text expression compared in byte order, the row id order of ReconcileKeys ranges
   * (protocol row-id-order.ts): SQLite's default BINARY collation already is; PostgreSQL
   * needs COLLATE "C" whatever the database's collation (its (object_type, row_id) index
   * serves these ranges only where the column's collation is "C" too).
   */
  inByteOrder(expr: RawBuilder<string>): RawBuilder<string>;
}

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  fieldText: (name) => sql<string | null>`json_extract(fields, ${'$.' + name})`,
  fieldNumber: (name) => sql<number | null>`json_extract(fields, ${'$.' + name})`,
  // fb_casefold is registered on each connection (open-database.ts): SQLite's own
  // lower() folds ASCII only, PostgreSQL's and the client's fold all of Unicode.
  containsIgnoringCase: (expr, needle) => sql<boolean>`instr(fb_casefold(${expr}), fb_casefold(${needle})) > 0`,
  startsWithIgnoringCase: (expr, prefix) =>
    sql<boolean>`substr(fb_casefold(${expr}), 1, length(fb_casefold(${prefix}))) = fb_casefold(${prefix})`,
  inByteOrder: (expr) => expr,
};

/**
 * PostgreSQL. `foldCollation` is the collation whose lower() folds case like the
 * client's toLowerCase (open-postgres-database.ts picks one the server has); null
 * folds with the database's default. Text is compared in byte order where order
 * matters (row ids), as on SQLite.
 */
export function postgresDialect(foldCollation: string | null): SqlDialect {
  const fold = (expr: RawBuilder<string | null> | string) =>
    // The cast settles the type of a bound needle (lower() has several overloads).
    foldCollation === null
      ? sql<string | null>`lower((${expr})::text)`
      : sql<string | null>`lower((${expr})::text collate ${sql.id(foldCollation)})`;
  return {
    name: 'postgres',
    fieldText: (name) => sql<string | null>`(fields::jsonb ->> ${name})`,
    fieldNumber: (name) => sql<number | null>`((fields::jsonb ->> ${name})::numeric)`,
    containsIgnoringCase: (expr, needle) => sql<boolean>`strpos(${fold(expr)}, ${fold(needle)}) > 0`,
    startsWithIgnoringCase: (expr, prefix) => sql<boolean>`left(${fold(expr)}, length(${fold(prefix)})) = ${fold(prefix)}`,
    inByteOrder: (expr) => sql<string>`(${expr} collate "C")`,
  };
}
