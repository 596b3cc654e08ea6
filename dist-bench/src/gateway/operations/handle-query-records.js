"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleQueryRecords = void 0;
const require_object_js_1 = require("../records/require-object.js");
const record_row_js_1 = require("../records/record-row.js");
/**
 * Whole records by row id, in the order asked. Ids that do not exist and ids the
 * caller may not see are both just "notFound": a batch is not failed because one
 * record was deleted between GetChangeKeys and this call, and ids cannot be probed.
 */
const handleQueryRecords = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const wanted = [...new Set(request.rowIds)];
    const rows = await (0, record_row_js_1.selectVisibleRecords)(db, caller, object.name).where('records.row_id', 'in', wanted).execute();
    const byId = new Map(rows.map((r) => [r.row_id, r]));
    return {
        records: wanted.flatMap((id) => {
            const row = byId.get(id);
            return row ? [(0, record_row_js_1.toWireRecord)(row)] : [];
        }),
        notFound: wanted.filter((id) => !byId.has(id)),
    };
};
exports.handleQueryRecords = handleQueryRecords;
//# sourceMappingURL=handle-query-records.js.map