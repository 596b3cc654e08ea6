"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleUpdateRecord = void 0;
const check_references_js_1 = require("../records/check-references.js");
const load_for_write_js_1 = require("../records/load-for-write.js");
const next_last_upd_js_1 = require("../records/next-last-upd.js");
const normalize_fields_js_1 = require("../records/normalize-fields.js");
const require_object_js_1 = require("../records/require-object.js");
const user_key_rows_js_1 = require("../records/user-key-rows.js");
const without_nulls_js_1 = require("../records/without-nulls.js");
/**
 * Siebel "IBM Notes update": applied only if the record still carries the
 * modification number the client last saw; otherwise a COLLISION the client
 * turns into a conflict. Only the fields sent change; null clears a field.
 */
const handleUpdateRecord = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const changes = (0, normalize_fields_js_1.normalizeFields)(object, request.fields, false);
    const row = await (0, load_for_write_js_1.loadForWrite)(db, caller, object, request.rowId, request.modNum);
    const merged = (0, without_nulls_js_1.withoutNulls)({ ...JSON.parse(row.fields), ...changes });
    (0, normalize_fields_js_1.normalizeFields)(object, merged, true);
    await (0, check_references_js_1.checkReferences)(db, caller, object, changes);
    await (0, user_key_rows_js_1.assertNoUserKeyClash)(db, caller, object, merged, row.row_id);
    const lastUpd = (0, next_last_upd_js_1.nextLastUpd)(ctx.clock.now(), Number(row.db_last_upd));
    const modNum = Number(row.mod_num) + 1;
    const result = await db
        .updateTable('records')
        .set({ fields: JSON.stringify(merged), db_last_upd: lastUpd, mod_num: modNum, updated_by: caller.userName })
        .where('row_id', '=', row.row_id)
        .where('mod_num', '=', row.mod_num)
        .executeTakeFirst();
    // The conditional update is what makes this safe between concurrent writers on PostgreSQL.
    if (Number(result.numUpdatedRows) !== 1)
        throw (0, load_for_write_js_1.collision)(object, row);
    await (0, user_key_rows_js_1.writeUserKeys)(db, object, row.row_id, merged);
    return { rowId: row.row_id, lastUpd: new Date(lastUpd).toISOString(), modNum };
};
exports.handleUpdateRecord = handleUpdateRecord;
//# sourceMappingURL=handle-update-record.js.map