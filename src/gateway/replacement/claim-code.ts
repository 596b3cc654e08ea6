import { createHash, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, U/V: a code read out over the phone is typed back right. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * A one-time claim code like `K7QM-X4PA-9RTW`: 12 characters drawn uniformly
 * (crypto.randomInt) from a 29-letter alphabet, about 58 bits.
 */
export function newClaimCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** What the rep typed, as stored: case, spaces and dashes do not matter. */
export function normalizeClaimCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

/** Claims are looked up by this hash of the normalised code. */
export function hashClaimCode(code: string): string {
  return createHash('sha256')
    .update(`claim:${normalizeClaimCode(code)}`)
    .digest('hex');
}
