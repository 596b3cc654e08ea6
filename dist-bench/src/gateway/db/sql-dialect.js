"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.postgresDialect = exports.sqliteDialect = void 0;
const kysely_1 = require("kysely");
exports.sqliteDialect = {
    name: 'sqlite',
    fieldText: (name) => (0, kysely_1.sql) `json_extract(fields, ${'$.' + name})`,
    fieldNumber: (name) => (0, kysely_1.sql) `json_extract(fields, ${'$.' + name})`,
    // fb_casefold is registered on each connection (open-database.ts): SQLite's own
    // lower() folds ASCII only, PostgreSQL's and the client's fold all of Unicode.
    containsIgnoringCase: (expr, needle) => (0, kysely_1.sql) `instr(fb_casefold(${expr}), fb_casefold(${needle})) > 0`,
    startsWithIgnoringCase: (expr, prefix) => (0, kysely_1.sql) `substr(fb_casefold(${expr}), 1, length(fb_casefold(${prefix}))) = fb_casefold(${prefix})`,
};
exports.postgresDialect = {
    name: 'postgres',
    fieldText: (name) => (0, kysely_1.sql) `(fields::jsonb ->> ${name})`,
    fieldNumber: (name) => (0, kysely_1.sql) `((fields::jsonb ->> ${name})::numeric)`,
    containsIgnoringCase: (expr, needle) => (0, kysely_1.sql) `strpos(lower(${expr}), lower(${needle})) > 0`,
    startsWithIgnoringCase: (expr, prefix) => (0, kysely_1.sql) `left(lower(${expr}), length(${prefix})) = lower(${prefix})`,
};
//# sourceMappingURL=sql-dialect.js.map