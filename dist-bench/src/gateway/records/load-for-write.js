"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadForWrite = loadForWrite;
exports.collision = collision;
const index_js_1 = require("../../protocol/index.js");
const record_row_js_1 = require("./record-row.js");
/**
 * The record an update or delete is about, if the caller may see it and it still
 * carries the modification number the client last saw. Otherwise NOT_FOUND (the
 * same for invisible and absent) or COLLISION with the server's numbers, from
 * which the client builds a conflict (Siebel: "it returns a synchronization issue").
 */
async function loadForWrite(db, caller, object, rowId, modNum) {
    const row = await (0, record_row_js_1.loadVisibleRecord)(db, caller, object.name, rowId);
    if (!row)
        throw new index_js_1.ProtocolError('NOT_FOUND', `${object.name} ${rowId} does not exist`, { objectType: object.name, rowId });
    if (Number(row.mod_num) !== modNum)
        throw collision(object, row);
    return row;
}
/** The error for a write that lost the race against another writer. */
function collision(object, row) {
    return new index_js_1.ProtocolError('COLLISION', `${object.name} ${row.row_id} was changed on the server since you last synchronised`, {
        objectType: object.name,
        rowId: row.row_id,
        serverModNum: Number(row.mod_num),
        serverLastUpd: new Date(Number(row.db_last_upd)).toISOString(),
    });
}
//# sourceMappingURL=load-for-write.js.map