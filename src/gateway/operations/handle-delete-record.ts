import { collision, loadForWrite } from '../records/load-for-write.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes delete", guarded by the modification number like an update. */
export const handleDeleteRecord: Handler<'DeleteRecord'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const row = await loadForWrite(db, caller, object, request.rowId, request.modNum);
  const result = await db.deleteFrom('records').where('row_id', '=', row.row_id).where('mod_num', '=', row.mod_num).executeTakeFirst();
  // The conditional delete is what makes this safe between concurrent writers on PostgreSQL.
  if (Number(result.numDeletedRows) !== 1) throw collision(object, row);
  await db.deleteFrom('record_user_keys').where('row_id', '=', row.row_id).execute();
  return { rowId: row.row_id };
};
