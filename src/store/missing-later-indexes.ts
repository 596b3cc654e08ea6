import { keyPathText, type SchemaShape, type TableShape } from './schema-shape.js';
import { INDEXES_ADDED_LATER } from './wanted-schema.js';

/**
 * Whether `installed` differs from `wanted` only by record-table indexes that a later
 * version added (INDEXES_ADDED_LATER): the same tables, keys and other indexes. Such a
 * store is upgraded in place, keeping its records; any other difference is damage.
 */
export function missingOnlyLaterIndexes(installed: SchemaShape, wanted: SchemaShape): boolean {
  const later = new Set(INDEXES_ADDED_LATER.map(keyPathText));
  let missing = false;
  for (const [name, want] of wanted) {
    const have = installed.get(name);
    if (have === undefined || keyPathText(have.keyPath) !== keyPathText(want.keyPath) || have.autoIncrement !== want.autoIncrement)
      return false;
    const haveIndexes = indexTexts(have);
    const wantIndexes = indexTexts(want);
    for (const index of haveIndexes) if (!wantIndexes.has(index)) return false;
    for (const index of wantIndexes) {
      if (haveIndexes.has(index)) continue;
      if (!later.has(index)) return false;
      missing = true;
    }
  }
  return missing;
}

function indexTexts(table: TableShape): Set<string> {
  return new Set(table.indexes.map((index) => keyPathText(index.keyPath)));
}
