import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../db/database-schema.js';

/**
 * Registers a device: a short site id people can read out (admin view, support
 * calls) and a long random database id the device sends with every call, which
 * replacement revokes.
 */
export async function registerSite(
  db: Kysely<DatabaseSchema>,
  input: { userId: string; deviceName: string; now: number },
): Promise<{ siteId: string; databaseId: string }> {
  const siteId = `S-${randomBytes(5).toString('hex').toUpperCase()}`;
  const databaseId = `DB-${randomBytes(16).toString('base64url')}`;
  await db
    .insertInto('sites')
    .values({
      site_id: siteId,
      database_id: databaseId,
      user_id: input.userId,
      device_name: input.deviceName,
      status: 'active',
      registered_at: input.now,
      last_sync_at: null,
      revoked_at: null,
    })
    .execute();
  return { siteId, databaseId };
}
