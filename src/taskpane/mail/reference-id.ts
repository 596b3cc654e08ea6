import type { LocalRecord } from '../../store/index.js';

/**
 * The value a reference field holds for `record`: its ROW_ID once the server knows
 * it, else its `L-…` local id (the sync replaces it when the record is uploaded).
 */
export function referenceId(record: Pick<LocalRecord, 'rowId' | 'localId'>): string {
  return record.rowId ?? record.localId;
}

/** Whether a reference value points at `record` (by ROW_ID or by local id). */
export function refersTo(value: unknown, record: Pick<LocalRecord, 'rowId' | 'localId'>): boolean {
  return typeof value === 'string' && value !== '' && (value === record.localId || value === record.rowId);
}
