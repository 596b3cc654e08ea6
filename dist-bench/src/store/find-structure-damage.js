"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findStructureDamage = findStructureDamage;
const schema_shape_js_1 = require("./schema-shape.js");
const table_names_js_1 = require("./table-names.js");
/**
 * What differs between the installed structure and the wanted one, in words for
 * the sync log; null when they match. A missing table or index is damage (someone
 * cleared site data, a failed browser migration); an extra record table means the
 * structure is not the package's either, so it is reported too.
 */
function findStructureDamage(installed, wanted) {
    for (const name of (0, schema_shape_js_1.storeTableNames)(wanted)) {
        const want = wanted.get(name);
        const have = installed.get(name);
        if (want === undefined)
            continue;
        if (have === undefined)
            return `The local table ${describeTable(name)} is missing.`;
        const problem = compareTables(name, have, want);
        if (problem !== null)
            return problem;
    }
    for (const name of (0, schema_shape_js_1.storeTableNames)(installed)) {
        if (!wanted.has(name))
            return `The local table ${describeTable(name)} is not part of the applied package.`;
    }
    return null;
}
function compareTables(name, have, want) {
    if ((0, schema_shape_js_1.keyPathText)(have.keyPath) !== (0, schema_shape_js_1.keyPathText)(want.keyPath) || have.autoIncrement !== want.autoIncrement) {
        return `The local table ${describeTable(name)} has the wrong primary key (${(0, schema_shape_js_1.keyPathText)(have.keyPath) || 'none'}).`;
    }
    const haveIndexes = new Set(have.indexes.map((index) => (0, schema_shape_js_1.keyPathText)(index.keyPath)));
    const wantIndexes = new Set(want.indexes.map((index) => (0, schema_shape_js_1.keyPathText)(index.keyPath)));
    for (const index of wantIndexes) {
        if (!haveIndexes.has(index))
            return `The index ${index} of the local table ${describeTable(name)} is missing.`;
    }
    for (const index of haveIndexes) {
        if (!wantIndexes.has(index))
            return `The local table ${describeTable(name)} has an index the package does not define (${index}).`;
    }
    return null;
}
function describeTable(name) {
    const objectType = (0, table_names_js_1.objectTypeOfTable)(name);
    return objectType === null ? `"${name}"` : `for ${objectType} ("${name}")`;
}
//# sourceMappingURL=find-structure-damage.js.map