"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_USERS = exports.DEMO_RESPONSIBILITIES = exports.DEMO_ORG_ID = exports.DEMO_PASSWORD = void 0;
exports.demoUserId = demoUserId;
exports.seedDatabase = seedDatabase;
exports.publishDemoPackage = publishDemoPackage;
exports.isSeeded = isSeeded;
const password_hash_js_1 = require("../auth/password-hash.js");
const index_js_1 = require("../../metadata/index.js");
const publish_package_js_1 = require("../packages/publish-package.js");
const user_key_entries_js_1 = require("../records/user-key-entries.js");
const without_nulls_js_1 = require("../records/without-nulls.js");
const generate_demo_data_js_1 = require("./generate-demo-data.js");
Object.defineProperty(exports, "DEMO_USERS", { enumerable: true, get: function () { return generate_demo_data_js_1.DEMO_USERS; } });
exports.DEMO_PASSWORD = 'demo';
exports.DEMO_ORG_ID = 'ORG-NA';
/** Responsibilities of the demo installation, one per visibility. */
exports.DEMO_RESPONSIBILITIES = [
    { responsibility_id: 'R-SALES-REP', name: 'Sales Representative', visibility: 'personal', is_admin: 0 },
    { responsibility_id: 'R-SALES-MANAGER', name: 'Sales Manager', visibility: 'team', is_admin: 0 },
    { responsibility_id: 'R-SALES-DIRECTOR', name: 'Sales Director', visibility: 'organization', is_admin: 0 },
    { responsibility_id: 'R-ADMIN', name: 'Administrator', visibility: 'all', is_admin: 1 },
];
const RESPONSIBILITY_OF_ROLE = { rep: 'R-SALES-REP', manager: 'R-SALES-MANAGER', admin: 'R-ADMIN' };
function demoUserId(userName) {
    return `U-${userName.toUpperCase()}`;
}
function teamId(team) {
    return team === null ? null : `T-${team.toUpperCase()}`;
}
const BATCH = 500;
/**
 * Creates the demo responsibilities and users (password "demo") if missing, and
 * replaces all records with a freshly generated data set. Same options, same data.
 */
async function seedDatabase(db, catalog, options) {
    const dataset = (0, generate_demo_data_js_1.generateDemoData)({ seed: options.seed, records: options.records, today: options.today });
    const hashes = new Map();
    for (const user of dataset.users)
        hashes.set(user.userName, await (0, password_hash_js_1.hashPassword)(exports.DEMO_PASSWORD));
    const userById = new Map(dataset.users.map((u) => [u.userName, u]));
    await db.transaction().execute(async (trx) => {
        for (const r of exports.DEMO_RESPONSIBILITIES) {
            await trx.insertInto('responsibilities').values(r).onConflict((oc) => oc.column('responsibility_id').doNothing()).execute();
        }
        for (const user of dataset.users) {
            await trx
                .insertInto('users')
                .values({
                user_id: demoUserId(user.userName),
                user_name: user.userName,
                display_name: user.displayName,
                password_hash: hashes.get(user.userName),
                responsibility_id: RESPONSIBILITY_OF_ROLE[user.role],
                team_id: teamId(user.team),
                org_id: exports.DEMO_ORG_ID,
                created_at: options.now,
            })
                .onConflict((oc) => oc.column('user_name').doNothing())
                .execute();
        }
        await trx.deleteFrom('record_user_keys').execute();
        await trx.deleteFrom('records').execute();
        for (let i = 0; i < dataset.records.length; i += BATCH) {
            const batch = dataset.records.slice(i, i + BATCH);
            await trx
                .insertInto('records')
                .values(batch.map((r) => {
                const owner = userById.get(r.owner);
                if (!owner)
                    throw new Error(`demo record ${r.rowId} has unknown owner ${r.owner}`);
                return {
                    row_id: r.rowId,
                    object_type: r.objectType,
                    db_last_upd: r.lastUpd,
                    mod_num: 1,
                    owner_id: demoUserId(r.owner),
                    team_id: teamId(owner.team),
                    org_id: exports.DEMO_ORG_ID,
                    updated_by: r.owner,
                    fields: JSON.stringify((0, without_nulls_js_1.withoutNulls)(r.fields)),
                };
            }))
                .execute();
            const keys = batch.flatMap((r) => {
                const object = (0, index_js_1.findObject)(catalog, r.objectType);
                if (!object)
                    throw new Error(`demo record ${r.rowId} has unknown object type ${r.objectType}`);
                return (0, user_key_entries_js_1.userKeyEntries)(object, r.fields).map((e) => ({ object_type: r.objectType, key_name: e.keyName, key_value: e.keyValue, row_id: r.rowId }));
            });
            if (keys.length > 0)
                await trx.insertInto('record_user_keys').values(keys).execute();
        }
        if (options.packageFiles)
            await publishDemoPackage(trx, catalog, options.packageFiles, options.now);
        await trx
            .insertInto('gateway_meta')
            .values({ key: 'demo_seed', value: JSON.stringify({ seed: options.seed, records: dataset.records.length, today: options.today }) })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify({ seed: options.seed, records: dataset.records.length, today: options.today }) }))
            .execute();
    });
    return { users: dataset.users.length, records: dataset.records.length };
}
/** Publishes the demo customization package for every demo responsibility. */
async function publishDemoPackage(db, catalog, files, now) {
    for (const r of exports.DEMO_RESPONSIBILITIES) {
        await (0, publish_package_js_1.publishPackage)(db, catalog, { responsibilityId: r.responsibility_id, files, publishedBy: 'demo-seed', now });
    }
}
/**
 * True once seeding has committed (its marker is written in the same
 * transaction as the data): first start seeds, later starts keep the data.
 */
async function isSeeded(db) {
    const row = await db.selectFrom('gateway_meta').select('key').where('key', '=', 'demo_seed').executeTakeFirst();
    return row !== undefined;
}
//# sourceMappingURL=seed-database.js.map