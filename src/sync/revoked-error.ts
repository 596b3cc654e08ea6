import { ProtocolError } from '../protocol/index.js';
import type { LocalStore } from '../store/index.js';

/** The refusal a replaced device answers itself with, naming since when. */
export function revokedError(revokedAt: number): ProtocolError {
  return new ProtocolError(
    'SITE_REVOKED',
    `This device was replaced by your administrator on ${new Date(revokedAt).toISOString()}; it can no longer synchronise or change records`,
    { revokedAt: new Date(revokedAt).toISOString() },
  );
}

/** When the gateway says the site was revoked (SITE_REVOKED's details), in epoch ms. */
export function revokedAtOf(error: ProtocolError): number | null {
  const at = error.details?.['revokedAt'];
  const ms = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** A replaced device (its site revoked) takes no more changes or answers: they could never be sent from here. */
export async function requireInService(store: LocalStore): Promise<void> {
  const { revokedAt } = await store.getSettings();
  if (revokedAt) throw revokedError(revokedAt);
}
