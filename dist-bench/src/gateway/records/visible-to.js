"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.visibleTo = visibleTo;
const kysely_1 = require("kysely");
/**
 * The server visibility filter, the first layer of Siebel's "How Filters Reduce
 * the Data": personal sees own records, team the team's, organization the
 * organization's, all everything. Every record query goes through it, so a record
 * outside it behaves exactly as a record that does not exist.
 */
function visibleTo(caller) {
    switch (caller.visibility) {
        case 'personal':
            return (0, kysely_1.sql) `records.owner_id = ${caller.userId}`;
        case 'team':
            return caller.teamId === null ? (0, kysely_1.sql) `records.owner_id = ${caller.userId}` : (0, kysely_1.sql) `records.team_id = ${caller.teamId}`;
        case 'organization':
            return (0, kysely_1.sql) `records.org_id = ${caller.orgId}`;
        case 'all':
            return (0, kysely_1.sql) `1 = 1`;
    }
}
//# sourceMappingURL=visible-to.js.map