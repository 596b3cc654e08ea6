import { sql } from 'kysely';
import { LIMITS } from '../../protocol/index.js';
import { compileFilter } from '../records/compile-filter.js';
import { selectVisibleRecords, toWireRecord } from '../records/record-row.js';
import { requireObject } from '../records/require-object.js';
import { todayOf } from './today-of.js';
import type { Handler } from './handler.js';

/**
 * Whole records of one object type under visibility and filter, a keyset page at a time
 * in row id byte order (the order of GetChangeKeys and ReconcileKeys ranges), so that a
 * first sync streams records instead of listing keys and then querying them by id. The
 * cursor is the last row id delivered: a record written or deleted meanwhile shifts no
 * page, and the gateway keeps nothing between pages.
 */
export const handleListRecords: Handler<'ListRecords'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const dialect = ctx.database.dialect;
  const pageSize = request.pageSize ?? LIMITS.defaultPageSize;
  const orderedRowId = dialect.inByteOrder(sql<string>`records.row_id`);
  let query = selectVisibleRecords(db, caller, object.name);
  if (request.filter) query = query.where(compileFilter(request.filter, { object, dialect, caller, today: todayOf(ctx.clock) }));
  if (request.after !== undefined) query = query.where(sql<boolean>`${orderedRowId} > ${request.after}`);
  // One row beyond the page tells whether another follows, so the last page says so and
  // the device does not ask once more for an empty one.
  const rows = await query
    .orderBy(orderedRowId)
    .limit(pageSize + 1)
    .execute();

  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    records: page.map(toWireRecord),
    ...(rows.length > pageSize && last ? { nextAfter: last.row_id } : {}),
  };
};
