import { keyPathText, storeTableNames, type SchemaShape, type TableShape } from './schema-shape.js';
import { objectTypeOfTable } from './table-names.js';

/**
 * What differs between the installed structure and the wanted one, in words for
 * the sync log; null when they match. A missing table or index is damage (someone
 * cleared site data, a failed browser migration); an extra record table means the
 * structure is not the package's either, so it is reported too.
 */
export function findStructureDamage(installed: SchemaShape, wanted: SchemaShape): string | null {
  for (const name of storeTableNames(wanted)) {
    const want = wanted.get(name);
    const have = installed.get(name);
    if (want === undefined) continue;
    if (have === undefined) return `The local table ${describeTable(name)} is missing.`;
    const problem = compareTables(name, have, want);
    if (problem !== null) return problem;
  }
  for (const name of storeTableNames(installed)) {
    if (!wanted.has(name)) return `The local table ${describeTable(name)} is not part of the applied package.`;
  }
  return null;
}

function compareTables(name: string, have: TableShape, want: TableShape): string | null {
  if (keyPathText(have.keyPath) !== keyPathText(want.keyPath) || have.autoIncrement !== want.autoIncrement) {
    return `The local table ${describeTable(name)} has the wrong primary key (${keyPathText(have.keyPath) || 'none'}).`;
  }
  const haveIndexes = new Set(have.indexes.map((index) => keyPathText(index.keyPath)));
  const wantIndexes = new Set(want.indexes.map((index) => keyPathText(index.keyPath)));
  for (const index of wantIndexes) {
    if (!haveIndexes.has(index)) return `The index ${index} of the local table ${describeTable(name)} is missing.`;
  }
  for (const index of haveIndexes) {
    if (!wantIndexes.has(index)) return `The local table ${describeTable(name)} has an index the package does not define (${index}).`;
  }
  return null;
}

function describeTable(name: string): string {
  const objectType = objectTypeOfTable(name);
  return objectType === null ? `"${name}"` : `for ${objectType} ("${name}")`;
}
