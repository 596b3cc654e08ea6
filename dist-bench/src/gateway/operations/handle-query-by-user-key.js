"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleQueryByUserKey = void 0;
const normalize_fields_js_1 = require("../records/normalize-fields.js");
const require_object_js_1 = require("../records/require-object.js");
const record_row_js_1 = require("../records/record-row.js");
const user_key_entries_js_1 = require("../records/user-key-entries.js");
/** The visible records that match any of the object's user keys on the given values (a duplicate check). */
const handleQueryByUserKey = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    const entries = (0, user_key_entries_js_1.userKeyEntries)(object, (0, normalize_fields_js_1.normalizeFields)(object, request.fields, false));
    if (entries.length === 0)
        return { records: [] };
    const matches = await db
        .selectFrom('record_user_keys')
        .select('row_id')
        .where('object_type', '=', object.name)
        .where((eb) => eb.or(entries.map((e) => eb.and([eb('key_name', '=', e.keyName), eb('key_value', '=', e.keyValue)]))))
        .execute();
    if (matches.length === 0)
        return { records: [] };
    const rows = await (0, record_row_js_1.selectVisibleRecords)(db, caller, object.name)
        .where('records.row_id', 'in', [...new Set(matches.map((m) => m.row_id))])
        .orderBy('records.row_id')
        .execute();
    return { records: rows.map(record_row_js_1.toWireRecord) };
};
exports.handleQueryByUserKey = handleQueryByUserKey;
//# sourceMappingURL=handle-query-by-user-key.js.map