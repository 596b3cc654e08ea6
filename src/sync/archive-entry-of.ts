import type { ArchiveEntry, LocalRecord } from '../store/index.js';

/**
 * An unsent local change as an archive entry: the rep's values, and what they were
 * based on (modification number, DB_LAST_UPD, the server's values as last synced),
 * so that importing it on another device can tell a change the server has since
 * overtaken (import-changes.ts) rather than overwrite it.
 */
export function archiveEntryOf(record: LocalRecord, reason: string, now: number, idSuffix: string): ArchiveEntry {
  return {
    id: `${record.objectType}/${record.localId}@${now}${idSuffix}`,
    objectType: record.objectType,
    localId: record.localId,
    rowId: record.rowId,
    state: record.state,
    fields: record.fields,
    reason,
    archivedAt: now,
    modNum: record.modNum,
    lastUpd: record.lastUpd,
    base: record.base,
  };
}
