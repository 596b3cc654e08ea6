import type { CrmRecord } from '../protocol/index.js';
import type { LocalRecord } from '../store/index.js';

/**
 * The local copy of a record the server sent: a Siebel insert or update, or the
 * server's side of a resolved conflict. Siebel: "a Siebel update overwrites all
 * fields in the corresponding IBM Notes item, not just the updated fields" — so
 * `fields` and `base` both become the server's fields, and any local change
 * still in `existing` is discarded (the caller only gets here for a record that
 * is clean or whose conflict the rep resolved for the server).
 *
 * Kept from `existing`: the localId (a record created here keeps its `L-…` id
 * after its insert came back) and readOnly (the engine recomputes it from the
 * references after the batch). Once a record is on the server its origin is
 * 'crm': a reinstall may remove it, the server has it.
 *
 * Throws a RangeError if `existing` is another object type or another ROW_ID.
 */
export function recordFromServer(server: CrmRecord, objectType: string, existing: LocalRecord | undefined): LocalRecord {
  if (existing !== undefined) {
    if (existing.objectType !== objectType) {
      throw new RangeError(`recordFromServer: ${objectType} ${server.rowId} would overwrite a ${existing.objectType} record`);
    }
    if (existing.rowId !== null && existing.rowId !== server.rowId) {
      throw new RangeError(`recordFromServer: ${objectType} ${server.rowId} would overwrite the record of row id ${existing.rowId}`);
    }
  }
  return {
    localId: existing?.localId ?? server.rowId,
    objectType,
    rowId: server.rowId,
    lastUpd: server.lastUpd,
    modNum: server.modNum,
    owner: server.owner,
    updatedBy: server.updatedBy,
    // Two copies: `fields` is what the rep edits, `base` must stay the server's.
    fields: { ...server.fields },
    base: { ...server.fields },
    state: 'clean',
    origin: 'crm',
    readOnly: existing?.readOnly ?? false,
    changedAt: null,
    pending: null,
  };
}
