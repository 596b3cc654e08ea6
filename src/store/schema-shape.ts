/**
 * The structure of an IndexedDB database as the store reasons about it: tables
 * with their primary key and indexes. The installed structure is read into this
 * shape, the wanted one is built from the package, and Dexie's schema syntax is
 * generated from it, so "is it damaged?" and "what to declare" use one model.
 */
export type KeyPath = string | readonly string[];

export interface IndexShape {
  readonly keyPath: KeyPath;
  readonly unique: boolean;
  readonly multiEntry: boolean;
}

export interface TableShape {
  /** Null for out-of-line keys. */
  readonly keyPath: KeyPath | null;
  readonly autoIncrement: boolean;
  readonly indexes: readonly IndexShape[];
}

/** Table name → shape. */
export type SchemaShape = ReadonlyMap<string, TableShape>;

/** Dexie's own bookkeeping table (schema patch mode); never part of the store's structure. */
export const DEXIE_META_TABLE = '$meta';

/** How Dexie names a key path (`a.b`, `[a+b]`); also the text used in damage reports. */
export function keyPathText(keyPath: KeyPath | null): string {
  if (keyPath === null) return '';
  return typeof keyPath === 'string' ? keyPath : `[${keyPath.join('+')}]`;
}

/** Dexie's schema syntax for one table: `'++id, &email, *tags'`. */
export function dexieStoreSyntax(table: TableShape): string {
  const primary = (table.autoIncrement ? '++' : '') + keyPathText(table.keyPath);
  const indexes = table.indexes.map((index) => (index.unique ? '&' : '') + (index.multiEntry ? '*' : '') + keyPathText(index.keyPath));
  return [primary, ...indexes].join(',');
}

/** Whether two tables have the same key and the same indexes (index order does not matter). */
export function sameTableShape(a: TableShape, b: TableShape): boolean {
  return dexieStoreSyntax(normalized(a)) === dexieStoreSyntax(normalized(b));
}

/** Whether two structures are identical, ignoring Dexie's own `$meta` table. */
export function sameSchema(a: SchemaShape, b: SchemaShape): boolean {
  const namesA = storeTableNames(a);
  const namesB = storeTableNames(b);
  if (namesA.length !== namesB.length) return false;
  return namesA.every((name) => {
    const tableA = a.get(name);
    const tableB = b.get(name);
    return tableA !== undefined && tableB !== undefined && sameTableShape(tableA, tableB);
  });
}

/** Table names, sorted, without Dexie's `$meta`. */
export function storeTableNames(schema: SchemaShape): string[] {
  return [...schema.keys()].filter((name) => name !== DEXIE_META_TABLE).sort();
}

function normalized(table: TableShape): TableShape {
  const indexes = [...table.indexes].sort((x, y) => compareText(keyPathText(x.keyPath), keyPathText(y.keyPath)));
  return { ...table, indexes };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
