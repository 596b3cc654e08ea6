import { normalizeFields, userKeyEntries } from '../../metadata/index.js';
import { requireObject } from '../records/require-object.js';
import { selectVisibleRecords, toWireRecord } from '../records/record-row.js';
import type { Handler } from './handler.js';

/** The visible records that match any of the object's user keys on the given values (a duplicate check). */
export const handleQueryByUserKey: Handler<'QueryByUserKey'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const entries = userKeyEntries(object, normalizeFields(object, request.fields, false));
  if (entries.length === 0) return { records: [] };
  const matches = await db
    .selectFrom('record_user_keys')
    .select('row_id')
    .where('object_type', '=', object.name)
    .where((eb) => eb.or(entries.map((e) => eb.and([eb('key_name', '=', e.keyName), eb('key_value', '=', e.keyValue)]))))
    .execute();
  if (matches.length === 0) return { records: [] };
  const rows = await selectVisibleRecords(db, caller, object.name)
    .where('records.row_id', 'in', [...new Set(matches.map((m) => m.row_id))])
    .orderBy('records.row_id')
    .execute();
  return { records: rows.map(toWireRecord) };
};
