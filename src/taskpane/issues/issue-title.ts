import { type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { SyncIssue } from '../../store/index.js';

type Fields = Readonly<Record<string, FieldValue>>;

/**
 * The name of an issue's record for people, as the Records tab names it
 * (recordTitle: "Ada Lovelace" for a contact titled by its last name): from the
 * rep's version, else the server's (a record the rep deleted has only that), else
 * `fallback` (the record as stored, e.g. for a failed delete). The version that
 * has the title field wins; without one, the usual name fields; without any,
 * "Record <row id or local id>".
 */
export function issueTitle(
  issue: Pick<SyncIssue, 'local' | 'server' | 'rowId' | 'localId'>,
  object: ObjectDefinition | undefined,
  fallback?: Fields | null,
): string {
  const versions = [issue.local, issue.server?.fields, fallback].filter(
    (fields): fields is Fields => fields !== null && fields !== undefined,
  );
  const id = issue.rowId ?? issue.localId;
  const title = (fields: Fields) => recordTitle({ localId: issue.localId, rowId: issue.rowId, fields }, object);
  if (object) {
    for (const fields of versions) if (hasText(fields[object.titleField])) return title(fields);
  }
  for (const fields of versions) {
    const named = title(fields);
    if (named !== id) return named;
  }
  return `Record ${id}`;
}

function hasText(value: FieldValue | undefined): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean' && String(value).trim() !== '';
}
