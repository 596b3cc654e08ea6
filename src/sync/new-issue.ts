import type { CrmRecord } from '../protocol/index.js';
import type { LocalRecord, SyncIssue } from '../store/index.js';

/** A new entry of the issues log for `record`, with the words the rep reads. */
export function newIssue(
  now: number,
  record: LocalRecord,
  kind: SyncIssue['kind'],
  server: CrmRecord | null,
  code: string | null,
): SyncIssue {
  const messages: Record<SyncIssue['kind'], string> = {
    bothUpdated: 'Changed here and on the server since the last synchronisation.',
    updatedVsDeleted: 'Changed here, but deleted on the server.',
    deletedVsUpdated: 'Deleted here, but changed on the server.',
    duplicate: 'A record with the same key already exists on the server.',
    failed: 'The server could not apply this change; it is tried again at the next synchronisation.',
  };
  return {
    id: issueId(record),
    objectType: record.objectType,
    localId: record.localId,
    rowId: record.rowId,
    kind,
    local: record.state === 'deleted' ? null : record.fields,
    server,
    message: messages[kind],
    code,
    detectedAt: now,
    resolution: null,
  };
}

/** The issues log's key of a record: one entry per record. */
export function issueId(record: Pick<LocalRecord, 'objectType' | 'localId'>): string {
  return `${record.objectType}/${record.localId}`;
}
