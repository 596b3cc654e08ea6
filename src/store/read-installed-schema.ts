import type { IndexShape, KeyPath, SchemaShape, TableShape } from './schema-shape.js';

/**
 * The structure actually installed, read from the native database rather than
 * from Dexie's idea of it, so damage done behind Dexie's back is seen. Only
 * metadata is read: the read-only transaction issues no request and ends at once.
 */
export function readInstalledSchema(database: IDBDatabase): SchemaShape {
  const names = Array.from(database.objectStoreNames);
  const schema = new Map<string, TableShape>();
  if (names.length === 0) return schema;
  const transaction = database.transaction(names, 'readonly');
  for (const name of names) {
    const store = transaction.objectStore(name);
    const indexes: IndexShape[] = Array.from(store.indexNames, (indexName) => {
      const index = store.index(indexName);
      return { keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
    });
    // The DOM typings say string | string[]; out-of-line keys are null at run time.
    const keyPath = (store.keyPath as KeyPath | null) ?? null;
    schema.set(name, { keyPath, autoIncrement: store.autoIncrement, indexes });
  }
  return schema;
}
