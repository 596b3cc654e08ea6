import type { LocalRecord } from '../../store/index.js';

export type RecordTag = 'unsynced' | 'readonly' | 'conflict';

/** Tag words, as shown on rows and read out by screen readers. */
export const RECORD_TAG_TEXT: Readonly<Record<RecordTag, string>> = { unsynced: 'Not synced', readonly: 'Read-only', conflict: 'Conflict' };

/**
 * What a record's row flags: changed here and not yet confirmed by the server
 * (a local state or an upload in flight), shown read-only (outside the rep's
 * filters), and in an open sync issue.
 */
export function recordTags(record: Pick<LocalRecord, 'state' | 'pending' | 'readOnly'>, hasOpenIssue: boolean): RecordTag[] {
  const tags: RecordTag[] = [];
  if (record.state !== 'clean' || record.pending !== null) tags.push('unsynced');
  if (record.readOnly) tags.push('readonly');
  if (hasOpenIssue) tags.push('conflict');
  return tags;
}
