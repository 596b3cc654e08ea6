import type { ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { SyncIssue } from '../../store/index.js';

type Fields = Readonly<Record<string, FieldValue>>;

/**
 * The name of an issue's record for people: the object's title field from the
 * rep's version, else the server's, else `fallback` (the record as stored, e.g.
 * for a failed delete); without any, "Record <row id or local id>".
 */
export function issueTitle(
  issue: Pick<SyncIssue, 'local' | 'server' | 'rowId' | 'localId'>,
  object: Pick<ObjectDefinition, 'titleField'> | undefined,
  fallback?: Fields | null,
): string {
  if (object) {
    for (const fields of [issue.local, issue.server?.fields, fallback]) {
      const value = fields?.[object.titleField];
      if (value !== null && value !== undefined && String(value).trim() !== '') return String(value).trim();
    }
  }
  return `Record ${issue.rowId ?? issue.localId}`;
}
