"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEXIE_META_TABLE = void 0;
exports.keyPathText = keyPathText;
exports.dexieStoreSyntax = dexieStoreSyntax;
exports.sameTableShape = sameTableShape;
exports.sameSchema = sameSchema;
exports.storeTableNames = storeTableNames;
/** Dexie's own bookkeeping table (schema patch mode); never part of the store's structure. */
exports.DEXIE_META_TABLE = '$meta';
/** How Dexie names a key path (`a.b`, `[a+b]`); also the text used in damage reports. */
function keyPathText(keyPath) {
    if (keyPath === null)
        return '';
    return typeof keyPath === 'string' ? keyPath : `[${keyPath.join('+')}]`;
}
/** Dexie's schema syntax for one table: `'++id, &email, *tags'`. */
function dexieStoreSyntax(table) {
    const primary = (table.autoIncrement ? '++' : '') + keyPathText(table.keyPath);
    const indexes = table.indexes.map((index) => (index.unique ? '&' : '') + (index.multiEntry ? '*' : '') + keyPathText(index.keyPath));
    return [primary, ...indexes].join(',');
}
/** Whether two tables have the same key and the same indexes (index order does not matter). */
function sameTableShape(a, b) {
    return dexieStoreSyntax(normalized(a)) === dexieStoreSyntax(normalized(b));
}
/** Whether two structures are identical, ignoring Dexie's own `$meta` table. */
function sameSchema(a, b) {
    const namesA = storeTableNames(a);
    const namesB = storeTableNames(b);
    if (namesA.length !== namesB.length)
        return false;
    return namesA.every((name) => {
        const tableA = a.get(name);
        const tableB = b.get(name);
        return tableA !== undefined && tableB !== undefined && sameTableShape(tableA, tableB);
    });
}
/** Table names, sorted, without Dexie's `$meta`. */
function storeTableNames(schema) {
    return [...schema.keys()].filter((name) => name !== exports.DEXIE_META_TABLE).sort();
}
function normalized(table) {
    const indexes = [...table.indexes].sort((x, y) => compareText(keyPathText(x.keyPath), keyPathText(y.keyPath)));
    return { ...table, indexes };
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=schema-shape.js.map