"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.assertNoUserKeyClash = assertNoUserKeyClash;
exports.writeUserKeys = writeUserKeys;
const index_js_1 = require("../../protocol/index.js");
const user_key_entries_js_1 = require("./user-key-entries.js");
const visible_to_js_1 = require("./visible-to.js");
/**
 * Refuses the write when another record already holds one of the user keys
 * (Siebel: "If it does find a match, then it returns a synchronization issue").
 * The clashing record's row id is named only if the caller may see it.
 */
async function assertNoUserKeyClash(db, caller, object, fields, ownRowId) {
    for (const entry of (0, user_key_entries_js_1.userKeyEntries)(object, fields)) {
        const clash = await db
            .selectFrom('record_user_keys')
            .select('row_id')
            .where('object_type', '=', object.name)
            .where('key_name', '=', entry.keyName)
            .where('key_value', '=', entry.keyValue)
            .executeTakeFirst();
        if (!clash || clash.row_id === ownRowId)
            continue;
        const visible = await db
            .selectFrom('records')
            .select('row_id')
            .where('row_id', '=', clash.row_id)
            .where((0, visible_to_js_1.visibleTo)(caller))
            .executeTakeFirst();
        throw new index_js_1.ProtocolError('DUPLICATE_USER_KEY', `A ${object.name} with the same ${entry.fields.join(' and ')} already exists`, {
            objectType: object.name,
            userKey: [...entry.fields],
            ...(visible ? { rowId: clash.row_id } : {}),
        });
    }
}
/** Replaces the user-key rows of one record with those its fields now define. */
async function writeUserKeys(db, object, rowId, fields) {
    await db.deleteFrom('record_user_keys').where('row_id', '=', rowId).execute();
    const entries = (0, user_key_entries_js_1.userKeyEntries)(object, fields);
    if (entries.length === 0)
        return;
    await db
        .insertInto('record_user_keys')
        .values(entries.map((e) => ({ object_type: object.name, key_name: e.keyName, key_value: e.keyValue, row_id: rowId })))
        .execute();
}
//# sourceMappingURL=user-key-rows.js.map