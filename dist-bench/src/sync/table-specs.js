"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tableSpecs = tableSpecs;
/** The store's tables for a package: one per object type, indexing references and user-key fields. */
function tableSpecs(objects) {
    return objects.map((o) => ({
        objectType: o.name,
        indexedFields: [...new Set([...o.fields.filter((f) => f.type === 'reference').map((f) => f.name), ...o.userKeys.flat()])].sort(),
    }));
}
//# sourceMappingURL=table-specs.js.map