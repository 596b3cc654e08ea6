"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.migrationProvider = void 0;
/**
 * Versioned schema migrations, applied in name order and recorded by Kysely's
 * migrator. Written with the schema builder only (no engine-specific DDL) so the
 * same list creates the PostgreSQL schema.
 */
const migrations = {
    '0001_initial': {
        async up(db) {
            await db.schema
                .createTable('responsibilities')
                .addColumn('responsibility_id', 'text', (c) => c.primaryKey())
                .addColumn('name', 'text', (c) => c.notNull())
                .addColumn('visibility', 'text', (c) => c.notNull())
                .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
                .execute();
            await db.schema
                .createTable('users')
                .addColumn('user_id', 'text', (c) => c.primaryKey())
                .addColumn('user_name', 'text', (c) => c.notNull().unique())
                .addColumn('display_name', 'text', (c) => c.notNull())
                .addColumn('password_hash', 'text', (c) => c.notNull())
                .addColumn('responsibility_id', 'text', (c) => c.notNull().references('responsibilities.responsibility_id'))
                .addColumn('team_id', 'text')
                .addColumn('org_id', 'text', (c) => c.notNull())
                .addColumn('created_at', 'bigint', (c) => c.notNull())
                .execute();
            await db.schema
                .createTable('sessions')
                .addColumn('token_hash', 'text', (c) => c.primaryKey())
                .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
                .addColumn('created_at', 'bigint', (c) => c.notNull())
                .addColumn('expires_at', 'bigint', (c) => c.notNull())
                .addColumn('ended_at', 'bigint')
                .execute();
            await db.schema
                .createTable('login_throttle')
                .addColumn('user_name', 'text', (c) => c.primaryKey())
                .addColumn('failures', 'integer', (c) => c.notNull())
                .addColumn('locked_until', 'bigint', (c) => c.notNull())
                .execute();
            await db.schema
                .createTable('sites')
                .addColumn('site_id', 'text', (c) => c.primaryKey())
                .addColumn('database_id', 'text', (c) => c.notNull().unique())
                .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
                .addColumn('device_name', 'text', (c) => c.notNull())
                .addColumn('status', 'text', (c) => c.notNull())
                .addColumn('registered_at', 'bigint', (c) => c.notNull())
                .addColumn('last_sync_at', 'bigint')
                .addColumn('revoked_at', 'bigint')
                .execute();
            await db.schema
                .createTable('records')
                .addColumn('row_id', 'text', (c) => c.primaryKey())
                .addColumn('object_type', 'text', (c) => c.notNull())
                .addColumn('db_last_upd', 'bigint', (c) => c.notNull())
                .addColumn('mod_num', 'integer', (c) => c.notNull())
                .addColumn('owner_id', 'text', (c) => c.notNull())
                .addColumn('team_id', 'text')
                .addColumn('org_id', 'text', (c) => c.notNull())
                .addColumn('updated_by', 'text', (c) => c.notNull())
                .addColumn('fields', 'text', (c) => c.notNull())
                .execute();
            // GetChangeKeys pages by (object_type, row_id); visibility narrows by owner or team first.
            await db.schema.createIndex('records_type_row').on('records').columns(['object_type', 'row_id']).execute();
            await db.schema.createIndex('records_type_owner_row').on('records').columns(['object_type', 'owner_id', 'row_id']).execute();
            await db.schema.createIndex('records_type_team_row').on('records').columns(['object_type', 'team_id', 'row_id']).execute();
            await db.schema
                .createTable('record_user_keys')
                .addColumn('object_type', 'text', (c) => c.notNull())
                .addColumn('key_name', 'text', (c) => c.notNull())
                .addColumn('key_value', 'text', (c) => c.notNull())
                .addColumn('row_id', 'text', (c) => c.notNull())
                .addPrimaryKeyConstraint('record_user_keys_pk', ['object_type', 'key_name', 'key_value'])
                .execute();
            await db.schema.createIndex('record_user_keys_row').on('record_user_keys').column('row_id').execute();
            await db.schema
                .createTable('operation_log')
                .addColumn('user_id', 'text', (c) => c.notNull())
                .addColumn('operation_id', 'text', (c) => c.notNull())
                .addColumn('operation', 'text', (c) => c.notNull())
                .addColumn('request_hash', 'text', (c) => c.notNull())
                .addColumn('response', 'text', (c) => c.notNull())
                .addColumn('created_at', 'bigint', (c) => c.notNull())
                .addPrimaryKeyConstraint('operation_log_pk', ['user_id', 'operation_id'])
                .execute();
            await db.schema
                .createTable('gateway_meta')
                .addColumn('key', 'text', (c) => c.primaryKey())
                .addColumn('value', 'text', (c) => c.notNull())
                .execute();
        },
    },
    '0002_packages': {
        async up(db) {
            // One row per publication; the active package of a responsibility is its highest revision.
            await db.schema
                .createTable('packages')
                .addColumn('responsibility_id', 'text', (c) => c.notNull().references('responsibilities.responsibility_id'))
                .addColumn('revision', 'integer', (c) => c.notNull())
                .addColumn('package_id', 'text', (c) => c.notNull())
                .addColumn('version', 'text', (c) => c.notNull())
                .addColumn('hash', 'text', (c) => c.notNull())
                .addColumn('structure_hash', 'text', (c) => c.notNull())
                .addColumn('files', 'text', (c) => c.notNull())
                .addColumn('published_at', 'bigint', (c) => c.notNull())
                .addColumn('published_by', 'text', (c) => c.notNull())
                .addPrimaryKeyConstraint('packages_pk', ['responsibility_id', 'revision'])
                .execute();
        },
    },
};
exports.migrationProvider = {
    async getMigrations() {
        return migrations;
    },
};
//# sourceMappingURL=migrations.js.map