import type { ObjectDefinition } from '../../metadata/index.js';
import type { LocalStore } from '../../store/index.js';

export interface DeviceRecordCounts {
  /** Live records on the device, of every type. */
  readonly total: number;
  /** Of them, those kept read-only because a record of the rep's refers to them. */
  readonly readOnly: number;
}

/**
 * What the device holds after a sync, without reading a single record body: each type
 * counted through its index (countRecords), and the read-only ones looked up by the row
 * ids the clean-up kept (SyncHints.readOnlyRowIds, the only records it marks read-only).
 * Reading every record to count them cost the first sync of 100,000 records seconds and
 * ≈ 100 MiB of heap at its very end (bench:pane).
 */
export async function deviceRecordCounts(
  store: LocalStore,
  objects: readonly Pick<ObjectDefinition, 'name'>[],
): Promise<DeviceRecordCounts> {
  const hints = await store.getSyncHints();
  const perType = await Promise.all(
    objects.map(async (object) => {
      const rowIds = hints.readOnlyRowIds[object.name] ?? [];
      const [count, kept] = await Promise.all([
        store.countRecords(object.name),
        rowIds.length === 0 ? [] : store.getRecordsByRowId(object.name, rowIds),
      ]);
      return { count, readOnly: kept.filter((record) => record.readOnly && record.state !== 'deleted').length };
    }),
  );
  return {
    total: perType.reduce((sum, type) => sum + type.count, 0),
    readOnly: perType.reduce((sum, type) => sum + type.readOnly, 0),
  };
}
