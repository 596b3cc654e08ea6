"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleGetChangeKeys = void 0;
const index_js_1 = require("../../protocol/index.js");
const compile_filter_js_1 = require("../records/compile-filter.js");
const page_token_js_1 = require("../records/page-token.js");
const require_object_js_1 = require("../records/require-object.js");
const visible_to_js_1 = require("../records/visible-to.js");
const today_of_js_1 = require("./today-of.js");
/**
 * Siebel "Gets the values of the change keys for all synchronization objects":
 * (ROW_ID, DB_LAST_UPD) of every record visible under the filter, in row id order.
 * A deleted record simply no longer appears.
 */
const handleGetChangeKeys = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const pageSize = request.pageSize ?? index_js_1.LIMITS.defaultPageSize;
    const after = request.pageToken === undefined ? null : (0, page_token_js_1.decodePageToken)(request.pageToken, object.name, request.filter);
    let query = db
        .selectFrom('records')
        .select(['records.row_id', 'records.db_last_upd'])
        .where('records.object_type', '=', object.name)
        .where((0, visible_to_js_1.visibleTo)(caller));
    if (request.filter) {
        query = query.where((0, compile_filter_js_1.compileFilter)(request.filter, { object, dialect: ctx.database.dialect, caller, today: (0, today_of_js_1.todayOf)(ctx.clock) }));
    }
    if (after !== null)
        query = query.where('records.row_id', '>', after);
    const rows = await query.orderBy('records.row_id').limit(pageSize + 1).execute();
    if (after === null && caller.siteId !== null) {
        await db.updateTable('sites').set({ last_sync_at: ctx.clock.now() }).where('site_id', '=', caller.siteId).execute();
    }
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    return {
        keys: page.map((r) => ({ rowId: r.row_id, lastUpd: new Date(Number(r.db_last_upd)).toISOString() })),
        ...(rows.length > pageSize && last ? { nextPageToken: (0, page_token_js_1.encodePageToken)(object.name, request.filter, last.row_id) } : {}),
    };
};
exports.handleGetChangeKeys = handleGetChangeKeys;
//# sourceMappingURL=handle-get-change-keys.js.map