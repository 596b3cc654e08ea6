"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.localStoreName = void 0;
exports.openLocalStore = openLocalStore;
exports.deleteLocalStore = deleteLocalStore;
const dexie_1 = __importDefault(require("dexie"));
const database_connection_js_1 = require("./database-connection.js");
const default_settings_js_1 = require("./default-settings.js");
const dexie_local_store_js_1 = require("./dexie-local-store.js");
const local_store_name_js_1 = require("./local-store-name.js");
const map_storage_error_js_1 = require("./map-storage-error.js");
const wanted_schema_js_1 = require("./wanted-schema.js");
var local_store_name_js_2 = require("./local-store-name.js");
Object.defineProperty(exports, "localStoreName", { enumerable: true, get: function () { return local_store_name_js_2.localStoreName; } });
/**
 * Opens (creating on first use) the store of this gateway and user. Several
 * stores may be open on the same database (two panes): each sees the others'
 * writes, and when one reinstalls, the others close their connection and reopen
 * lazily on their next call (see DatabaseConnection).
 */
async function openLocalStore(options) {
    const name = (0, local_store_name_js_1.localStoreName)(options.gatewayUrl, options.userName, options.deviceTag);
    const connection = new database_connection_js_1.DatabaseConnection(name, indexedDbDeps(options), wanted_schema_js_1.FIXED_SCHEMA);
    try {
        // Open now, so a browser without storage fails here rather than on first use.
        await connection.installedSchema();
    }
    catch (error) {
        await connection.close();
        throw (0, map_storage_error_js_1.mapStorageError)(error, 'open its offline data');
    }
    return new dexie_local_store_js_1.DexieLocalStore(name, connection, (0, default_settings_js_1.defaultSettings)(options.gatewayUrl, options.userName));
}
/**
 * Deletes the whole database of this gateway and user (records, settings,
 * archive). Other open stores on it are closed by the deletion; a later call on
 * one of them starts a new, empty database (checkStructure then reports the
 * missing package copy).
 */
async function deleteLocalStore(identity) {
    const name = (0, local_store_name_js_1.localStoreName)(identity.gatewayUrl, identity.userName, identity.deviceTag);
    try {
        await new dexie_1.default(name, { ...indexedDbDeps(identity), autoOpen: false }).delete();
    }
    catch (error) {
        throw (0, map_storage_error_js_1.mapStorageError)(error, 'delete its offline data');
    }
}
/** Resolved at call time, not when Dexie loads, so tests may install fake-indexeddb after importing. */
function indexedDbDeps(identity) {
    const indexedDB = identity.indexedDB ?? globalThis.indexedDB;
    const keyRange = identity.IDBKeyRange ?? globalThis.IDBKeyRange;
    if (indexedDB === undefined || keyRange === undefined) {
        throw (0, map_storage_error_js_1.mapStorageError)(new dexie_1.default.MissingAPIError('IndexedDB is not available'), 'open its offline data');
    }
    return { indexedDB, IDBKeyRange: keyRange };
}
//# sourceMappingURL=open-local-store.js.map