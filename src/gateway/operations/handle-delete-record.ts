import { ProtocolError } from '../../protocol/index.js';
import { loadVisibleRecord } from '../records/record-row.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes delete", guarded by the modification number like an update. */
export const handleDeleteRecord: Handler<'DeleteRecord'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const row = await loadVisibleRecord(db, caller, object.name, request.rowId);
  if (!row) throw new ProtocolError('NOT_FOUND', `${object.name} ${request.rowId} does not exist`, { objectType: object.name, rowId: request.rowId });
  const serverModNum = Number(row.mod_num);
  if (serverModNum !== request.modNum) {
    throw new ProtocolError('COLLISION', `${object.name} ${request.rowId} was changed on the server since you last synchronised`, {
      objectType: object.name,
      rowId: request.rowId,
      serverModNum,
      serverLastUpd: new Date(Number(row.db_last_upd)).toISOString(),
    });
  }
  const result = await db.deleteFrom('records').where('row_id', '=', row.row_id).where('mod_num', '=', serverModNum).executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) {
    throw new ProtocolError('COLLISION', `${object.name} ${request.rowId} was changed on the server meanwhile`, { objectType: object.name, rowId: request.rowId });
  }
  await db.deleteFrom('record_user_keys').where('row_id', '=', row.row_id).execute();
  return { rowId: row.row_id };
};
