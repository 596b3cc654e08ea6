import type { Kysely } from 'kysely';
import type { ResponseOf } from '../../protocol/index.js';
import type { ObjectDefinition } from '../../metadata/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { collision, loadForWrite } from './load-for-write.js';

/**
 * Siebel "IBM Notes delete", guarded by the modification number like an update. The
 * one delete of a record, for DeleteRecord and ApplyChanges alike; a refusal is
 * thrown before anything is written.
 */
export async function deleteRecord(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  target: { readonly rowId: string; readonly modNum: number },
): Promise<ResponseOf<'DeleteRecord'>> {
  const row = await loadForWrite(db, caller, object, target.rowId, target.modNum);
  const result = await db.deleteFrom('records').where('row_id', '=', row.row_id).where('mod_num', '=', row.mod_num).executeTakeFirst();
  // The conditional delete is what makes this safe between concurrent writers on PostgreSQL.
  if (Number(result.numDeletedRows) !== 1) throw collision(object, row);
  await db.deleteFrom('record_user_keys').where('row_id', '=', row.row_id).execute();
  return { rowId: row.row_id };
}
