import { randomBytes } from 'node:crypto';

/**
 * A Siebel-style ROW_ID ("1-" and base-36 characters). Random rather than a
 * sequence so several gateway processes can create records without coordination.
 */
export function newRowId(): string {
  const n = randomBytes(8).readBigUInt64BE();
  return `1-${n.toString(36).toUpperCase().padStart(13, '0')}`;
}
