"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FIXED_SCHEMA = void 0;
exports.wantedSchema = wantedSchema;
const index_js_1 = require("../protocol/index.js");
const table_names_js_1 = require("./table-names.js");
const plainIndex = (keyPath) => ({ keyPath, unique: false, multiEntry: false });
/** The tables every store has, whatever package is installed. */
exports.FIXED_SCHEMA = new Map([
    [table_names_js_1.META_TABLE, { keyPath: 'key', autoIncrement: false, indexes: [] }],
    [table_names_js_1.ISSUES_TABLE, { keyPath: 'id', autoIncrement: false, indexes: [] }],
    [table_names_js_1.ARCHIVE_TABLE, { keyPath: 'id', autoIncrement: false, indexes: [] }],
]);
/**
 * Indexes of every record table: `rowId` (server lookups), `state` and
 * `pending.operationId` (the outbox: a record without a pending upload has no
 * key there, so that index holds exactly the records with one).
 */
const RECORD_INDEXES = ['rowId', 'state', 'pending.operationId'];
/** Field names become key path segments (`fields.Name`), so they must be identifiers. */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** The structure the store should have for these object types: the fixed tables plus one record table each. */
function wantedSchema(tables) {
    const fields = new Map();
    for (const spec of tables) {
        const set = fields.get(spec.objectType) ?? new Set();
        for (const field of spec.indexedFields) {
            if (!FIELD_NAME.test(field)) {
                throw new index_js_1.ProtocolError('INVALID_REQUEST', `The field name "${field}" of ${spec.objectType} cannot be indexed (letters, digits and _ only)`, {
                    objectType: spec.objectType,
                    field,
                });
            }
            set.add(field);
        }
        fields.set(spec.objectType, set);
    }
    const schema = new Map(exports.FIXED_SCHEMA);
    for (const [objectType, indexed] of fields) {
        const keyPaths = [...RECORD_INDEXES, ...[...indexed].sort().map((field) => `fields.${field}`)];
        schema.set((0, table_names_js_1.recordTableName)(objectType), { keyPath: 'localId', autoIncrement: false, indexes: keyPaths.map(plainIndex) });
    }
    return schema;
}
//# sourceMappingURL=wanted-schema.js.map