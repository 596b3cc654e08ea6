import { ProtocolError } from '../../protocol/index.js';

/** The refusal of every call of a device whose site was revoked or replaced (device replacement steps 3–4). */
export function siteRevokedError(site: { readonly site_id: string; readonly revoked_at: number | null }): ProtocolError {
  return new ProtocolError(
    'SITE_REVOKED',
    'This device has been replaced and can no longer synchronise; export any unsent changes and use the new device',
    {
      siteId: site.site_id,
      // When, so the device can say since when it is read-only.
      ...(site.revoked_at !== null ? { revokedAt: new Date(Number(site.revoked_at)).toISOString() } : {}),
    },
  );
}

/** Whether a site's status refuses its device. */
export const isSiteOutOfService = (status: string): boolean => status === 'revoked' || status === 'replaced';
