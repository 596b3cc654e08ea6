"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.META_KEY = exports.ARCHIVE_TABLE = exports.ISSUES_TABLE = exports.META_TABLE = void 0;
exports.recordTableName = recordTableName;
exports.objectTypeOfTable = objectTypeOfTable;
/**
 * The names of the store's IndexedDB tables. The three fixed tables exist in
 * every database; the record tables come and go with the applied package.
 */
exports.META_TABLE = 'meta';
exports.ISSUES_TABLE = 'issues';
exports.ARCHIVE_TABLE = 'archive';
/** Keys of the rows of the meta table (`{ key, value }`). */
exports.META_KEY = {
    settings: 'settings',
    appliedPackage: 'package',
    checkpoint: 'checkpoint',
};
const RECORD_TABLE_PREFIX = 'rec_';
function recordTableName(objectType) {
    return RECORD_TABLE_PREFIX + objectType;
}
/** The object type a record table holds, or null for the fixed (and foreign) tables. */
function objectTypeOfTable(tableName) {
    return tableName.startsWith(RECORD_TABLE_PREFIX) ? tableName.slice(RECORD_TABLE_PREFIX.length) : null;
}
//# sourceMappingURL=table-names.js.map