import type { LocalRecord, LocalStore } from '../../store/index.js';

/**
 * The record a reference field points at: references hold a ROW_ID, or the `L-…`
 * local id of a record created offline and not uploaded yet. Null when the value
 * is empty, the record is not on this device, or it is deleted.
 */
export async function resolveReference(
  store: Pick<LocalStore, 'getRecord' | 'getRecordByRowId'>,
  objectType: string,
  value: unknown,
): Promise<LocalRecord | null> {
  if (typeof value !== 'string' || value === '') return null;
  const record = (await store.getRecordByRowId(objectType, value)) ?? (await store.getRecord(objectType, value));
  return record && record.state !== 'deleted' ? record : null;
}
