"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleDeleteRecord = void 0;
const load_for_write_js_1 = require("../records/load-for-write.js");
const require_object_js_1 = require("../records/require-object.js");
/** Siebel "IBM Notes delete", guarded by the modification number like an update. */
const handleDeleteRecord = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const row = await (0, load_for_write_js_1.loadForWrite)(db, caller, object, request.rowId, request.modNum);
    const result = await db.deleteFrom('records').where('row_id', '=', row.row_id).where('mod_num', '=', row.mod_num).executeTakeFirst();
    // The conditional delete is what makes this safe between concurrent writers on PostgreSQL.
    if (Number(result.numDeletedRows) !== 1)
        throw (0, load_for_write_js_1.collision)(object, row);
    await db.deleteFrom('record_user_keys').where('row_id', '=', row.row_id).execute();
    return { rowId: row.row_id };
};
exports.handleDeleteRecord = handleDeleteRecord;
//# sourceMappingURL=handle-delete-record.js.map