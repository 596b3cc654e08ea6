import { LIMITS } from '../../protocol/index.js';
import { compileFilter } from '../records/compile-filter.js';
import { decodePageToken, encodePageToken } from '../records/page-token.js';
import { requireObject } from '../records/require-object.js';
import { visibleTo } from '../records/visible-to.js';
import { todayOf } from './today-of.js';
import type { Handler } from './handler.js';

/**
 * Siebel "Gets the values of the change keys for all synchronization objects":
 * (ROW_ID, DB_LAST_UPD) of every record visible under the filter, in row id order.
 * A deleted record simply no longer appears.
 */
export const handleGetChangeKeys: Handler<'GetChangeKeys'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  const pageSize = request.pageSize ?? LIMITS.defaultPageSize;
  const after = request.pageToken === undefined ? null : decodePageToken(request.pageToken, object.name, request.filter);
  let query = db
    .selectFrom('records')
    .select(['records.row_id', 'records.db_last_upd'])
    .where('records.object_type', '=', object.name)
    .where(visibleTo(caller));
  if (request.filter) {
    query = query.where(compileFilter(request.filter, { object, dialect: ctx.database.dialect, caller, today: todayOf(ctx.clock) }));
  }
  if (after !== null) query = query.where('records.row_id', '>', after);
  const rows = await query
    .orderBy('records.row_id')
    .limit(pageSize + 1)
    .execute();

  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return {
    keys: page.map((r) => ({ rowId: r.row_id, lastUpd: new Date(Number(r.db_last_upd)).toISOString() })),
    ...(rows.length > pageSize && last ? { nextPageToken: encodePageToken(object.name, request.filter, last.row_id) } : {}),
  };
};
