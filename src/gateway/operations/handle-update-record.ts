import type { FieldValue } from '../../protocol/index.js';
import { checkReferences } from '../records/check-references.js';
import { collision, loadForWrite } from '../records/load-for-write.js';
import { nextLastUpd } from '../records/next-last-upd.js';
import { normalizeFields, withoutNulls } from '../../metadata/index.js';
import { requireObject } from '../records/require-object.js';
import { assertNoUserKeyClash, writeUserKeys } from '../records/user-key-rows.js';
import type { Handler } from './handler.js';

/**
 * Siebel "IBM Notes update": applied only if the record still carries the
 * modification number the client last saw; otherwise a COLLISION the client
 * turns into a conflict. Only the fields sent change; null clears a field.
 */
export const handleUpdateRecord: Handler<'UpdateRecord'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const changes = normalizeFields(object, request.fields, false);
  const row = await loadForWrite(db, caller, object, request.rowId, request.modNum);
  const merged = withoutNulls({ ...(JSON.parse(row.fields) as Record<string, FieldValue>), ...changes });
  normalizeFields(object, merged, true);
  await checkReferences(db, caller, object, changes);
  await assertNoUserKeyClash(db, caller, object, merged, row.row_id);

  const lastUpd = nextLastUpd(ctx.clock.now(), Number(row.db_last_upd));
  const modNum = Number(row.mod_num) + 1;
  const result = await db
    .updateTable('records')
    .set({ fields: JSON.stringify(merged), db_last_upd: lastUpd, mod_num: modNum, updated_by: caller.userName })
    .where('row_id', '=', row.row_id)
    .where('mod_num', '=', row.mod_num)
    .executeTakeFirst();
  // The conditional update is what makes this safe between concurrent writers on PostgreSQL.
  if (Number(result.numUpdatedRows) !== 1) throw collision(object, row);
  await writeUserKeys(db, object, row.row_id, merged);
  return { rowId: row.row_id, lastUpd: new Date(lastUpd).toISOString(), modNum };
};
