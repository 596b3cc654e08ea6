import { randomBytes } from 'node:crypto';
import type { Handler } from './handler.js';

/**
 * Registers a device: a short site id people can read out (admin view, support
 * calls) and a long random database id the device sends with every call, which
 * replacement revokes.
 */
export const handleRegisterSite: Handler<'RegisterSite'> = async (ctx, { request, caller, db }) => {
  const siteId = `S-${randomBytes(5).toString('hex').toUpperCase()}`;
  const databaseId = `DB-${randomBytes(16).toString('base64url')}`;
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
