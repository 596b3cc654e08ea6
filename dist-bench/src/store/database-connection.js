"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.DatabaseConnection = void 0;
const dexie_1 = __importDefault(require("dexie"));
const read_installed_schema_js_1 = require("./read-installed-schema.js");
const schema_shape_js_1 = require("./schema-shape.js");
const shared_exclusive_lock_js_1 = require("./shared-exclusive-lock.js");
/** How often a structure change is retried when another connection changed the structure at the same moment. */
const MAX_ATTEMPTS = 3;
/**
 * The one place that knows how the store's structure lives in IndexedDB through
 * Dexie. The record tables change with the customization package, so no schema is
 * declared up front:
 *
 * - Opening is dynamic (`new Dexie(name).open()` without a version): Dexie reads
 *   the installed tables and `verno` (native version / 10). The fixed tables are
 *   added on first open.
 * - A structure change closes the connection and reopens with `verno + 1`
 *   declaring every wanted table (tables no longer wanted are declared null, so
 *   Dexie deletes them). The data work of the change runs in Dexie's upgrade
 *   callback, i.e. inside the native `versionchange` transaction: structure and
 *   data commit together or not at all.
 * - Other connections to the same database (a second pane, a second store object)
 *   get `versionchange` when someone upgrades: the handler closes the connection
 *   at once (so the upgrade is never blocked) and the next call reopens lazily and
 *   reads the new structure. A call that meets the closed connection before its
 *   transaction started is retried on the new one.
 *
 * Within one connection object, calls run under a shared lock and structure
 * changes under an exclusive one, so a change never closes the database under a
 * running call of the same object. Across connections, IndexedDB orders things:
 * transactions already running on a connection that is closing still complete
 * before the upgrade starts.
 */
class DatabaseConnection {
    name;
    deps;
    fixedSchema;
    lock = new shared_exclusive_lock_js_1.SharedExclusiveLock();
    /** The connection being opened or open; null when none (never opened, closed by another's upgrade). */
    current = null;
    /** What `current` resolved to, once it has. */
    openDb = null;
    closed = false;
    constructor(name, deps, 
    /** Tables that must always exist (created on open when missing, kept by every change). */
    fixedSchema) {
        this.name = name;
        this.deps = deps;
        this.fixedSchema = fixedSchema;
    }
    /**
     * Runs `work` with the open database. `work` should be one transaction: when the
     * connection turns out to be closed before it starts (another connection
     * upgraded in between), it is run again on a fresh connection.
     */
    use(work) {
        return this.lock.shared(async () => {
            for (let attempt = 1;; attempt++) {
                const db = await this.connect();
                try {
                    return await work(db);
                }
                catch (error) {
                    if (this.closed || attempt >= MAX_ATTEMPTS || !isDatabaseClosed(error))
                        throw error;
                    this.forget(db);
                }
            }
        });
    }
    /** The structure installed now, read from the native database. */
    installedSchema() {
        return this.use(async (db) => (0, read_installed_schema_js_1.readInstalledSchema)(backendOf(db)));
    }
    /**
     * Makes the installed structure exactly `wanted` and runs `work` in the same
     * transaction: the upgrade transaction when the structure differs, an ordinary
     * read-write transaction over all wanted tables when it is already right.
     */
    restructure(wanted, work) {
        return this.lock.exclusive(async () => {
            for (let attempt = 1;; attempt++) {
                const db = await this.connect();
                const idb = db.backendDB();
                if (idb === null) {
                    // Closed by another connection's upgrade between connect and here: look again.
                    this.forget(db);
                    if (attempt >= MAX_ATTEMPTS)
                        throw new dexie_1.default.DatabaseClosedError('The database kept being changed by another connection');
                    continue;
                }
                const installed = (0, read_installed_schema_js_1.readInstalledSchema)(idb);
                if ((0, schema_shape_js_1.sameSchema)(installed, wanted)) {
                    try {
                        await db.transaction('rw', [...wanted.keys()], (transaction) => work(transaction));
                        return;
                    }
                    catch (error) {
                        // Closed before the transaction started: the structure may have changed, look again.
                        if (!isDatabaseClosed(error) || attempt >= MAX_ATTEMPTS)
                            throw error;
                        continue;
                    }
                }
                this.forget(db);
                db.close();
                const upgraded = await this.upgrade(nextVersion(db.verno), installed, wanted, work);
                if (upgraded !== null) {
                    this.current = Promise.resolve(upgraded);
                    this.openDb = upgraded;
                    return;
                }
                if (attempt >= MAX_ATTEMPTS)
                    throw new dexie_1.default.DatabaseClosedError('The database kept being changed by another connection');
            }
        });
    }
    /** Closes the connection after the calls already running; later calls fail with DatabaseClosedError. */
    close() {
        this.closed = true;
        return this.lock.exclusive(async () => {
            const current = this.current;
            this.current = null;
            this.openDb = null;
            if (current !== null)
                (await current.catch(() => null))?.close();
        });
    }
    connect() {
        if (this.closed)
            return Promise.reject(new dexie_1.default.DatabaseClosedError('The local store was closed'));
        if (this.current === null) {
            const opening = this.openWithFixedTables();
            this.current = opening;
            // Registered before any caller's continuation, so openDb is set before a caller uses the connection.
            opening.then((db) => {
                if (this.current === opening)
                    this.openDb = db;
            }, () => {
                if (this.current === opening)
                    this.current = null;
            });
        }
        return this.current;
    }
    async openWithFixedTables() {
        for (let attempt = 1;; attempt++) {
            // allowEmptyDB: a dynamic open of a database that does not exist creates it
            // (empty, native version 1) instead of failing with NoSuchDatabaseError.
            const db = new dexie_1.default(this.name, { ...this.deps, autoOpen: false, allowEmptyDB: true });
            this.watch(db);
            try {
                await db.open();
            }
            catch (error) {
                db.close();
                throw error;
            }
            const installed = (0, read_installed_schema_js_1.readInstalledSchema)(backendOf(db));
            const missing = [...this.fixedSchema].filter(([name, shape]) => {
                const have = installed.get(name);
                return have === undefined || !(0, schema_shape_js_1.sameTableShape)(have, shape);
            });
            if (missing.length === 0)
                return db;
            db.close();
            const wanted = new Map([...installed].filter(([name]) => name !== schema_shape_js_1.DEXIE_META_TABLE));
            for (const [name, shape] of missing)
                wanted.set(name, shape);
            const upgraded = await this.upgrade(nextVersion(db.verno), installed, wanted, async () => { });
            if (upgraded !== null)
                return upgraded;
            if (attempt >= MAX_ATTEMPTS)
                throw new dexie_1.default.DatabaseClosedError('The database kept being changed by another connection');
        }
    }
    /**
     * Opens the database at `version` declaring exactly `wanted`. Returns null when
     * the upgrade did not run because another connection got to a version at least
     * as high first (Dexie then opens the existing version instead): the caller
     * looks at the structure again.
     */
    async upgrade(version, installed, wanted, work) {
        const stores = {};
        // Dexie deletes every table the new version does not declare; null says so explicitly.
        // Its own $meta table is left to Dexie (it drops it itself once the version is clean).
        for (const name of installed.keys())
            if (!wanted.has(name) && name !== schema_shape_js_1.DEXIE_META_TABLE)
                stores[name] = null;
        for (const [name, shape] of wanted)
            stores[name] = (0, schema_shape_js_1.dexieStoreSyntax)(shape);
        const db = new dexie_1.default(this.name, { ...this.deps, autoOpen: false });
        this.watch(db);
        let ran = false;
        db.version(version)
            .stores(stores)
            .upgrade(async (transaction) => {
            ran = true;
            await work(transaction);
        });
        try {
            await db.open();
        }
        catch (error) {
            db.close();
            throw error;
        }
        if (!ran) {
            db.close();
            return null;
        }
        return db;
    }
    /** Subscribed before opening, so no `versionchange` can reach Dexie's default handler. */
    watch(db) {
        db.on('versionchange', () => {
            this.forget(db);
            db.close();
            // false stops Dexie's default handler (which would only log and close again).
            return false;
        });
        // The browser may close a connection itself (site data cleared): reopen next time.
        db.on('close', () => this.forget(db));
    }
    /** Drops `db` as the current connection if it is the current one, so the next call reopens. */
    forget(db) {
        if (this.openDb !== db)
            return;
        this.openDb = null;
        this.current = null;
    }
}
exports.DatabaseConnection = DatabaseConnection;
function nextVersion(verno) {
    // verno is fractional when something other than Dexie bumped the native version.
    return Math.floor(verno) + 1;
}
function backendOf(db) {
    const idb = db.backendDB();
    if (idb === null)
        throw new dexie_1.default.DatabaseClosedError('The connection was closed by another connection');
    return idb;
}
function isDatabaseClosed(error) {
    return error instanceof Error && error.name === dexie_1.default.errnames.DatabaseClosed;
}
//# sourceMappingURL=database-connection.js.map