"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DexieLocalStore = void 0;
const find_structure_damage_js_1 = require("./find-structure-damage.js");
const map_storage_error_js_1 = require("./map-storage-error.js");
const split_into_chunks_js_1 = require("./split-into-chunks.js");
const table_names_js_1 = require("./table-names.js");
const wanted_schema_js_1 = require("./wanted-schema.js");
const OUTBOX_STATES = ['created', 'updated', 'deleted'];
/**
 * LocalStore on IndexedDB through Dexie (contract in local-store.ts).
 *
 * Atomicity: every call that writes at most WRITE_CHUNK_SIZE (1,000) rows is one
 * transaction. Larger putRecords / deleteRecords / applyBatch / putIssues /
 * addToArchive calls commit chunk by chunk: a failure leaves the earlier chunks
 * written (each is a consistent set of whole rows, and every write here is
 * idempotent, so the caller simply repeats the call). `reinstall` is the
 * exception on purpose: clearing the old data and putting `keep` back is one
 * transaction whatever the size, because a crash between the two would lose
 * records the rep created and never uploaded.
 */
class DexieLocalStore {
    databaseName;
    connection;
    defaults;
    constructor(databaseName, connection, defaults) {
        this.databaseName = databaseName;
        this.connection = connection;
        this.defaults = defaults;
    }
    close() {
        return this.connection.close();
    }
    getSettings() {
        return this.run('read the settings', (db) => db.transaction('r', table_names_js_1.META_TABLE, async (tx) => this.settingsIn(tx)));
    }
    updateSettings(patch) {
        return this.run('save the settings', (db) => db.transaction('rw', table_names_js_1.META_TABLE, async (tx) => {
            const next = { ...(await this.settingsIn(tx)), ...withoutUndefined(patch) };
            await metaTable(tx).put({ key: table_names_js_1.META_KEY.settings, value: next });
            return next;
        }));
    }
    getAppliedPackage() {
        return this.run('read the applied package', async (db) => (await getMeta(metaTable(db), table_names_js_1.META_KEY.appliedPackage)) ?? null);
    }
    replaceAppliedPackage(pkg) {
        return this.run('save the applied package', async (db) => {
            await metaTable(db).put({ key: table_names_js_1.META_KEY.appliedPackage, value: pkg });
        });
    }
    async reinstall(pkg, tables, keep) {
        try {
            const wanted = (0, wanted_schema_js_1.wantedSchema)(tables);
            for (const record of keep) {
                if (!wanted.has((0, table_names_js_1.recordTableName)(record.objectType)))
                    throw (0, map_storage_error_js_1.missingTableError)(record.objectType, 'reinstall');
            }
            await this.connection.restructure(wanted, async (tx) => {
                for (const name of wanted.keys()) {
                    if ((0, table_names_js_1.objectTypeOfTable)(name) !== null)
                        await tx.table(name).clear();
                }
                await tx.table(table_names_js_1.ISSUES_TABLE).clear();
                await metaTable(tx).put({ key: table_names_js_1.META_KEY.appliedPackage, value: pkg });
                for (const [objectType, records] of groupBy(keep, (r) => r.objectType)) {
                    await tx.table((0, table_names_js_1.recordTableName)(objectType)).bulkPut(records);
                }
            });
        }
        catch (error) {
            throw (0, map_storage_error_js_1.mapStorageError)(error, 'rebuild its offline data');
        }
    }
    async checkStructure(tables) {
        try {
            const damage = (0, find_structure_damage_js_1.findStructureDamage)(await this.connection.installedSchema(), (0, wanted_schema_js_1.wantedSchema)(tables));
            if (damage !== null)
                return damage;
            const pkg = await this.connection.use((db) => getMeta(metaTable(db), table_names_js_1.META_KEY.appliedPackage));
            return pkg === undefined ? 'The copy of the applied package is missing.' : null;
        }
        catch (error) {
            throw (0, map_storage_error_js_1.mapStorageError)(error, 'check its offline data');
        }
    }
    getRecord(objectType, localId) {
        return this.run('read a record', (db) => recordTable(db, objectType, 'read a record').get(localId));
    }
    getRecordByRowId(objectType, rowId) {
        return this.run('read a record', (db) => recordTable(db, objectType, 'read a record').where('rowId').equals(rowId).first());
    }
    listRecords(objectType) {
        return this.run('read records', (db) => recordTable(db, objectType, 'read records').toArray());
    }
    /** Ordered by object type (table name), then localId. */
    listOutbox() {
        return this.run('read the changes to upload', async (db) => {
            const tables = db.tables.filter((t) => (0, table_names_js_1.objectTypeOfTable)(t.name) !== null).sort((a, b) => compareText(a.name, b.name));
            if (tables.length === 0)
                return [];
            return db.transaction('r', tables, async () => {
                const outbox = [];
                for (const table of tables) {
                    const byId = new Map();
                    for (const record of await table.where('state').anyOf(OUTBOX_STATES).toArray())
                        byId.set(record.localId, record);
                    // Only records with a pending upload have a key in this index.
                    for (const record of await table.orderBy('pending.operationId').toArray())
                        byId.set(record.localId, record);
                    outbox.push(...[...byId.values()].sort((a, b) => compareText(a.localId, b.localId)));
                }
                return outbox;
            });
        });
    }
    /**
     * Uses the `fields.<field>` index when there is one and the value is an
     * IndexedDB key (string, number); null and booleans are never in an index, and
     * a field without an index is searched by a scan, so the answer is always right.
     * A missing field counts as null.
     */
    findByField(objectType, field, value) {
        return this.run('search records', (db) => {
            const table = recordTable(db, objectType, 'search records');
            const keyPath = `fields.${field}`;
            const indexed = table.schema.indexes.some((index) => index.keyPath === keyPath);
            if (indexed && isIndexableKey(value))
                return table.where(keyPath).equals(value).toArray();
            return table.filter((record) => (record.fields[field] ?? null) === value).toArray();
        });
    }
    async putRecords(records) {
        await this.applyBatch({ put: records, remove: [] });
    }
    async deleteRecords(objectType, localIds) {
        await this.applyBatch({ put: [], remove: localIds.map((localId) => ({ objectType, localId })) });
    }
    /**
     * Puts first, then removes. One transaction up to 1,000 rows (puts plus
     * removes); larger batches commit in chunks of 1,000 (see the class comment).
     * All object types are checked before anything is written.
     */
    async applyBatch(batch) {
        const steps = [
            ...batch.put.map((record) => ({ kind: 'put', record })),
            ...batch.remove.map(({ objectType, localId }) => ({ kind: 'remove', objectType, localId })),
        ];
        if (steps.length === 0)
            return;
        const objectTypes = new Set(steps.map((step) => (step.kind === 'put' ? step.record.objectType : step.objectType)));
        await this.run('save records', async (db) => {
            for (const objectType of objectTypes)
                recordTable(db, objectType, 'save records');
        });
        for (const chunk of (0, split_into_chunks_js_1.splitIntoChunks)(steps)) {
            await this.run('save records', (db) => {
                const puts = groupBy(chunk.flatMap((step) => (step.kind === 'put' ? [step.record] : [])), (record) => record.objectType);
                const removes = groupBy(chunk.flatMap((step) => (step.kind === 'remove' ? [step] : [])), (step) => step.objectType);
                const tableNames = [...new Set([...puts.keys(), ...removes.keys()])].map((objectType) => recordTable(db, objectType, 'save records').name);
                return db.transaction('rw', tableNames, async (tx) => {
                    for (const [objectType, records] of puts)
                        await tx.table((0, table_names_js_1.recordTableName)(objectType)).bulkPut(records);
                    for (const [objectType, removals] of removes) {
                        await tx.table((0, table_names_js_1.recordTableName)(objectType)).bulkDelete(removals.map((removal) => removal.localId));
                    }
                });
            });
        }
    }
    /** Ordered by id. */
    listIssues() {
        return this.run('read the sync issues', (db) => db.table(table_names_js_1.ISSUES_TABLE).toArray());
    }
    async putIssues(issues) {
        for (const chunk of (0, split_into_chunks_js_1.splitIntoChunks)(issues)) {
            await this.run('save sync issues', async (db) => {
                await db.table(table_names_js_1.ISSUES_TABLE).bulkPut(chunk);
            });
        }
    }
    async deleteIssues(ids) {
        for (const chunk of (0, split_into_chunks_js_1.splitIntoChunks)(ids)) {
            await this.run('remove sync issues', (db) => db.table(table_names_js_1.ISSUES_TABLE).bulkDelete(chunk));
        }
    }
    /** Oldest first. */
    async listArchive() {
        const entries = await this.run('read the archive', (db) => db.table(table_names_js_1.ARCHIVE_TABLE).toArray());
        return entries.sort((a, b) => a.archivedAt - b.archivedAt || compareText(a.id, b.id));
    }
    /** An entry with the id of an existing one replaces it. */
    async addToArchive(entries) {
        for (const chunk of (0, split_into_chunks_js_1.splitIntoChunks)(entries)) {
            await this.run('archive changes', async (db) => {
                await db.table(table_names_js_1.ARCHIVE_TABLE).bulkPut(chunk);
            });
        }
    }
    getCheckpoint() {
        return this.run('read the sync progress', async (db) => (await getMeta(metaTable(db), table_names_js_1.META_KEY.checkpoint)) ?? null);
    }
    setCheckpoint(checkpoint) {
        return this.run('save the sync progress', async (db) => {
            if (checkpoint === null)
                await metaTable(db).delete(table_names_js_1.META_KEY.checkpoint);
            else
                await metaTable(db).put({ key: table_names_js_1.META_KEY.checkpoint, value: checkpoint });
        });
    }
    /** Every call goes through here: one connection use, errors mapped at this edge. */
    async run(operation, work) {
        try {
            return await this.connection.use(work);
        }
        catch (error) {
            throw (0, map_storage_error_js_1.mapStorageError)(error, operation);
        }
    }
    /** Stored settings over the defaults, so a field added in a later version starts at its default. */
    async settingsIn(source) {
        const stored = await getMeta(metaTable(source), table_names_js_1.META_KEY.settings);
        return { ...this.defaults, ...stored };
    }
}
exports.DexieLocalStore = DexieLocalStore;
/** The meta table, bound to a transaction when one is given. */
function metaTable(source) {
    // Dexie and Transaction declare `table` with different overloads; either answers the same table.
    return source.table(table_names_js_1.META_TABLE);
}
async function getMeta(table, key) {
    const row = await table.get(key);
    return row?.value;
}
/** The record table of `objectType`; a missing one is structural damage, raised before any write. */
function recordTable(db, objectType, operation) {
    const name = (0, table_names_js_1.recordTableName)(objectType);
    if (!db.tables.some((table) => table.name === name))
        throw (0, map_storage_error_js_1.missingTableError)(objectType, operation);
    return db.table(name);
}
function isIndexableKey(value) {
    return typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value));
}
function withoutUndefined(patch) {
    return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
function groupBy(items, keyOf) {
    const groups = new Map();
    for (const item of items) {
        const key = keyOf(item);
        const group = groups.get(key);
        if (group === undefined)
            groups.set(key, [item]);
        else
            group.push(item);
    }
    return groups;
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
//# sourceMappingURL=dexie-local-store.js.map