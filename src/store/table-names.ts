/**
 * The names of the store's IndexedDB tables. The fixed tables exist in every
 * database; the record tables come and go with the applied package.
 */
export const META_TABLE = 'meta';
export const ISSUES_TABLE = 'issues';
export const ARCHIVE_TABLE = 'archive';
/** The sync log (kept only while the rep has it switched on); added after the first release, so an older store gets it at its next open. */
export const SYNC_LOG_TABLE = 'syncLog';

/** Keys of the rows of the meta table (`{ key, value }`). */
export const META_KEY = {
  settings: 'settings',
  appliedPackage: 'package',
  checkpoint: 'checkpoint',
  syncHints: 'syncHints',
  keyState: 'keyState',
  listing: 'listing',
} as const;

const RECORD_TABLE_PREFIX = 'rec_';

export function recordTableName(objectType: string): string {
  return RECORD_TABLE_PREFIX + objectType;
}

/** The object type a record table holds, or null for the fixed (and foreign) tables. */
export function objectTypeOfTable(tableName: string): string | null {
  return tableName.startsWith(RECORD_TABLE_PREFIX) ? tableName.slice(RECORD_TABLE_PREFIX.length) : null;
}
