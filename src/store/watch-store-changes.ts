import Dexie, { type ObservabilitySet } from 'dexie';

/**
 * Calls `listener` after a write to database `databaseName` commits — in this page
 * or in another tab of the same origin (Dexie's `storagemutated`, which its live
 * queries are built on). The pane re-reads what it shows on each call, so its views
 * follow edits, syncs and other panes without reaching into the engine.
 * Returns the unsubscribe function.
 */
export function watchStoreChanges(databaseName: string, listener: () => void): () => void {
  const prefix = `idb://${databaseName}/`;
  const handler = (parts: ObservabilitySet): void => {
    if (Object.keys(parts).some((key) => key.startsWith(prefix))) listener();
  };
  Dexie.on('storagemutated', handler);
  return () => Dexie.on('storagemutated').unsubscribe(handler);
}
