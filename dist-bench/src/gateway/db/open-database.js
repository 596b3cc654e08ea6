"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.openSqliteDatabase = openSqliteDatabase;
exports.migrate = migrate;
const better_sqlite3_1 = __importDefault(require("better-sqlite3"));
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const kysely_1 = require("kysely");
const migrations_js_1 = require("./migrations.js");
const sql_dialect_js_1 = require("./sql-dialect.js");
/**
 * Opens (creating if needed) the embedded SQLite database at `file` and brings
 * its schema up to date. `:memory:` gives a private in-memory database.
 */
async function openSqliteDatabase(file) {
    if (file !== ':memory:')
        (0, node_fs_1.mkdirSync)((0, node_path_1.dirname)(file), { recursive: true });
    const native = new better_sqlite3_1.default(file);
    // WAL lets readers go on while a write commits; NORMAL sync is durable across
    // process crashes (the failure we design for) at a fraction of FULL's cost.
    native.pragma('journal_mode = WAL');
    native.pragma('synchronous = NORMAL');
    native.pragma('foreign_keys = ON');
    native.pragma('busy_timeout = 5000');
    native.function('fb_casefold', { deterministic: true }, (value) => (value === null || value === undefined ? null : String(value).toLowerCase()));
    const db = new kysely_1.Kysely({ dialect: new kysely_1.SqliteDialect({ database: native }) });
    await migrate(db);
    return {
        db,
        dialect: sql_dialect_js_1.sqliteDialect,
        close: () => db.destroy(),
    };
}
async function migrate(db) {
    const migrator = new kysely_1.Migrator({ db, provider: migrations_js_1.migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
        throw new Error(`Database migration ${failed?.migrationName ?? ''} failed`, { cause: error });
    }
}
//# sourceMappingURL=open-database.js.map