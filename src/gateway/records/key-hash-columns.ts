import { keyHash } from '../../protocol/index.js';

/** The records columns that hold a row's change-key hash (protocol key-fingerprint.ts), one per 30-bit part. */
export interface KeyHashColumns {
  key_hash_0: number;
  key_hash_1: number;
  key_hash_2: number;
  key_hash_3: number;
}

/**
 * The hash columns for a row with this row id and DB_LAST_UPD (epoch ms). Every write
 * that sets db_last_upd sets these with it, so ReconcileKeys can sum a range's
 * fingerprint in one aggregate query instead of hashing rows in Node.
 */
export function keyHashColumns(rowId: string, lastUpd: number): KeyHashColumns {
  const [a, b, c, d] = keyHash(rowId, new Date(lastUpd).toISOString());
  return { key_hash_0: a, key_hash_1: b, key_hash_2: c, key_hash_3: d };
}
