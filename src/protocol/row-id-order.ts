/**
 * The order of row ids that ranges of ReconcileKeys follow: byte order of their
 * text. Row ids are ASCII (the wire's row id pattern), where byte order is
 * JavaScript's code-unit order and SQLite's BINARY collation; PostgreSQL compares
 * them under COLLATE "C" (gateway sql-dialect.ts).
 */
export function compareRowIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `rowId` lies in (lower, upper]; a missing bound is open. */
export function inRowIdRange(rowId: string, range: { readonly lower?: string; readonly upper?: string }): boolean {
  return (range.lower === undefined || rowId > range.lower) && (range.upper === undefined || rowId <= range.upper);
}
