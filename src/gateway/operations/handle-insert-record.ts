import { checkReferences } from '../records/check-references.js';
import { newRowId } from '../records/new-row-id.js';
import { nextLastUpd } from '../records/next-last-upd.js';
import { normalizeFields, withoutNulls } from '../../metadata/index.js';
import { requireObject } from '../records/require-object.js';
import { assertNoUserKeyClash, writeUserKeys } from '../records/user-key-rows.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes insert": user-key check, then insert, then answer the new change key. */
export const handleInsertRecord: Handler<'InsertRecord'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const fields = withoutNulls(normalizeFields(object, request.fields, true));
  await checkReferences(db, caller, object, fields);
  await assertNoUserKeyClash(db, caller, object, fields, null);
  const rowId = newRowId();
  const lastUpd = nextLastUpd(ctx.clock.now());
  await db
    .insertInto('records')
    .values({
      row_id: rowId,
      object_type: object.name,
      db_last_upd: lastUpd,
      mod_num: 1,
      owner_id: caller.userId,
      team_id: caller.teamId,
      org_id: caller.orgId,
      updated_by: caller.userName,
      fields: JSON.stringify(fields),
    })
    .execute();
  await writeUserKeys(db, object, rowId, fields);
  return { rowId, lastUpd: new Date(lastUpd).toISOString(), modNum: 1 };
};
