"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.selectVisibleRecords = selectVisibleRecords;
exports.loadVisibleRecord = loadVisibleRecord;
exports.toWireRecord = toWireRecord;
const visible_to_js_1 = require("./visible-to.js");
/** Selects records with their owner's user name, restricted to what the caller may see. */
function selectVisibleRecords(db, caller, objectType) {
    return db
        .selectFrom('records')
        .innerJoin('users', 'users.user_id', 'records.owner_id')
        .select([
        'records.row_id',
        'records.object_type',
        'records.db_last_upd',
        'records.mod_num',
        'records.owner_id',
        'users.user_name as owner_name',
        'records.updated_by',
        'records.fields',
    ])
        .where('records.object_type', '=', objectType)
        .where((0, visible_to_js_1.visibleTo)(caller));
}
async function loadVisibleRecord(db, caller, objectType, rowId) {
    return selectVisibleRecords(db, caller, objectType).where('records.row_id', '=', rowId).executeTakeFirst();
}
function toWireRecord(row) {
    return {
        rowId: row.row_id,
        lastUpd: new Date(Number(row.db_last_upd)).toISOString(),
        modNum: Number(row.mod_num),
        owner: row.owner_name,
        updatedBy: row.updated_by,
        fields: JSON.parse(row.fields),
    };
}
//# sourceMappingURL=record-row.js.map