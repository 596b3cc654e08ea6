"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleRegisterSite = void 0;
const node_crypto_1 = require("node:crypto");
/**
 * Registers a device: a short site id people can read out (admin view, support
 * calls) and a long random database id the device sends with every call, which
 * replacement revokes.
 */
const handleRegisterSite = async (ctx, { request, caller, db }) => {
    const siteId = `S-${(0, node_crypto_1.randomBytes)(5).toString('hex').toUpperCase()}`;
    const databaseId = `DB-${(0, node_crypto_1.randomBytes)(16).toString('base64url')}`;
    await db
        .insertInto('sites')
        .values({
        site_id: siteId,
        database_id: databaseId,
        user_id: caller.userId,
        device_name: request.deviceName,
        status: 'active',
        registered_at: ctx.clock.now(),
        last_sync_at: null,
        revoked_at: null,
    })
        .execute();
    return { siteId, databaseId };
};
exports.handleRegisterSite = handleRegisterSite;
//# sourceMappingURL=handle-register-site.js.map