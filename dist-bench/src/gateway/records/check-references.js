"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.checkReferences = checkReferences;
const index_js_1 = require("../../protocol/index.js");
const visible_to_js_1 = require("./visible-to.js");
/**
 * A reference must point at a record of the referenced type that the caller can
 * see; otherwise the client is holding a row id it should not have, or one that
 * is still a local temporary id (the sync engine must replace those first).
 */
async function checkReferences(db, caller, object, changed) {
    const problems = [];
    for (const field of object.fields) {
        const value = changed[field.name];
        if (field.type !== 'reference' || typeof value !== 'string' || !field.references)
            continue;
        const found = await db
            .selectFrom('records')
            .select('row_id')
            .where('row_id', '=', value)
            .where('object_type', '=', field.references)
            .where((0, visible_to_js_1.visibleTo)(caller))
            .executeTakeFirst();
        if (!found)
            problems.push(`${field.name} refers to no ${field.references} "${value}" that you can see`);
    }
    if (problems.length > 0) {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, { objectType: object.name, problems });
    }
}
//# sourceMappingURL=check-references.js.map