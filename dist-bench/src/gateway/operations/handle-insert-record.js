"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleInsertRecord = void 0;
const check_references_js_1 = require("../records/check-references.js");
const new_row_id_js_1 = require("../records/new-row-id.js");
const next_last_upd_js_1 = require("../records/next-last-upd.js");
const normalize_fields_js_1 = require("../records/normalize-fields.js");
const require_object_js_1 = require("../records/require-object.js");
const user_key_rows_js_1 = require("../records/user-key-rows.js");
const without_nulls_js_1 = require("../records/without-nulls.js");
/** Siebel "IBM Notes insert": user-key check, then insert, then answer the new change key. */
const handleInsertRecord = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const fields = (0, without_nulls_js_1.withoutNulls)((0, normalize_fields_js_1.normalizeFields)(object, request.fields, true));
    await (0, check_references_js_1.checkReferences)(db, caller, object, fields);
    await (0, user_key_rows_js_1.assertNoUserKeyClash)(db, caller, object, fields, null);
    const rowId = (0, new_row_id_js_1.newRowId)();
    const lastUpd = (0, next_last_upd_js_1.nextLastUpd)(ctx.clock.now());
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
    await (0, user_key_rows_js_1.writeUserKeys)(db, object, rowId, fields);
    return { rowId, lastUpd: new Date(lastUpd).toISOString(), modNum: 1 };
};
exports.handleInsertRecord = handleInsertRecord;
//# sourceMappingURL=handle-insert-record.js.map