import type { ObjectDefinition } from '../metadata/index.js';
import type { FieldValue } from '../protocol/index.js';

/**
 * The tempId pattern of ApplyChanges (`tempId` in protocol/operations.ts). The pane's
 * local ids (`L-` and a UUID) match it, so a record's local id is its tempId: the
 * reference fields already hold it, and a replayed answer finds the referenced
 * record by it without anything more stored on the device.
 */
const TEMP_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The tempId an insert of this record may carry in a batch: its local id, if it is a
 * temporary one (`L-…`) that fits the pattern; else null, and a record referring to
 * it waits for its ROW_ID as it does without batches (a derived id would have to be
 * stored with the request to be found again when an interrupted batch is resent).
 */
export function batchTempIdOf(localId: string): string | null {
  return localId.startsWith('L-') && TEMP_ID.test(localId) ? localId : null;
}

/**
 * The temporary ids that the reference fields of a request hold: references to
 * records of the same type inserted earlier in the same ApplyChanges batch. A
 * prepared request holds no other `L-…` value (prepareUpload swaps them for ROW_IDs
 * or waits), and only records of one type share a batch (uploadRecords).
 */
export function batchReferences(object: ObjectDefinition, fields: Readonly<Record<string, FieldValue>>): string[] {
  const out: string[] = [];
  for (const f of object.fields) {
    const value = fields[f.name];
    if (f.type === 'reference' && f.references === object.name && typeof value === 'string' && batchTempIdOf(value) !== null) {
      out.push(value);
    }
  }
  return out;
}
