import { requireObject } from '../records/require-object.js';
import { selectVisibleRecords, toWireRecord } from '../records/record-row.js';
import type { Handler } from './handler.js';

/**
 * Whole records by row id, in the order asked. Ids that do not exist and ids the
 * caller may not see are both just "notFound": a batch is not failed because one
 * record was deleted between GetChangeKeys and this call, and ids cannot be probed.
 */
export const handleQueryRecords: Handler<'QueryRecords'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const wanted = [...new Set(request.rowIds)];
  const rows = await selectVisibleRecords(db, caller, object.name).where('records.row_id', 'in', wanted).execute();
  const byId = new Map(rows.map((r) => [r.row_id, r]));
  return {
    records: wanted.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toWireRecord(row)] : [];
    }),
    notFound: wanted.filter((id) => !byId.has(id)),
  };
};
