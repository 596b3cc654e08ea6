import { createHash, randomBytes } from 'node:crypto';

/** An opaque, unguessable session token (256 random bits). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions are stored by this hash, never by the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
