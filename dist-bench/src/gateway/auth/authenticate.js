"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.authenticate = authenticate;
exports.findSite = findSite;
const index_js_1 = require("../../protocol/index.js");
const session_token_js_1 = require("./session-token.js");
/**
 * Resolves the session token to its user, and the database id (if sent) to the
 * caller's registered site. A revoked site is refused with SITE_REVOKED before
 * anything else happens, so a replaced device can neither read nor write.
 */
async function authenticate(db, now, credentials) {
    if (!credentials.sessionToken)
        throw new index_js_1.ProtocolError('UNAUTHENTICATED', 'Log in first: this call needs a session token');
    const tokenHash = (0, session_token_js_1.hashToken)(credentials.sessionToken);
    const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.user_id', 'sessions.user_id')
        .innerJoin('responsibilities', 'responsibilities.responsibility_id', 'users.responsibility_id')
        .select([
        'sessions.expires_at',
        'sessions.ended_at',
        'users.user_id',
        'users.user_name',
        'users.team_id',
        'users.org_id',
        'users.responsibility_id',
        'responsibilities.visibility',
        'responsibilities.is_admin',
    ])
        .where('sessions.token_hash', '=', tokenHash)
        .executeTakeFirst();
    if (!row || row.ended_at !== null)
        throw new index_js_1.ProtocolError('UNAUTHENTICATED', 'The session is not valid; log in again', { reason: 'invalid' });
    if (Number(row.expires_at) <= now)
        throw new index_js_1.ProtocolError('UNAUTHENTICATED', 'The session has expired; log in again', { reason: 'expired' });
    let siteId = null;
    if (credentials.databaseId) {
        const site = await findSite(db, credentials.databaseId);
        if (!site || site.user_id !== row.user_id) {
            throw new index_js_1.ProtocolError('FORBIDDEN', 'This database id is not registered for your user; register the device again');
        }
        siteId = site.site_id;
    }
    return {
        userId: row.user_id,
        userName: row.user_name,
        responsibilityId: row.responsibility_id,
        visibility: row.visibility,
        isAdmin: Number(row.is_admin) === 1,
        teamId: row.team_id,
        orgId: row.org_id,
        tokenHash,
        siteId,
    };
}
/** Looks up a site by database id, refusing a revoked one. */
async function findSite(db, databaseId) {
    const site = await db.selectFrom('sites').select(['site_id', 'user_id', 'status']).where('database_id', '=', databaseId).executeTakeFirst();
    if (site?.status === 'revoked') {
        throw new index_js_1.ProtocolError('SITE_REVOKED', 'This device has been replaced and can no longer synchronise; export any unsent changes and use the new device', {
            siteId: site.site_id,
        });
    }
    return site;
}
//# sourceMappingURL=authenticate.js.map