import { findUserKeyMatch, userKeyEntries, type ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { SyncIssue } from '../../store/index.js';
import { duplicateRecordText } from '../records/duplicate-record-text.js';

/**
 * The main text of a duplicate issue, in the rep's words and without the error
 * code: "An account named BEACON AS in Bergen, Norway already exists." — named by
 * the key the two records share, with the values the existing record holds when the
 * sync could read it (the gateway names it only when the rep may see it), else the
 * rep's own. Null when the package does not define the object or the rep's record
 * holds no complete user key (the engine's message is shown then).
 */
export function duplicateIssueText(
  issue: Pick<SyncIssue, 'local' | 'server'>,
  object: ObjectDefinition | undefined,
  show?: (field: string, value: FieldValue) => string,
): string | null {
  if (!object) return null;
  const mine = issue.local ?? {};
  const existing = issue.server;
  // The key the records share; the first complete key of either when the values no longer match (edited since).
  const key =
    (existing ? findUserKeyMatch(object, mine, [existing])?.key : undefined) ??
    userKeyEntries(object, mine)[0]?.fields ??
    (existing ? userKeyEntries(object, existing.fields)[0]?.fields : undefined);
  if (key === undefined) return null;
  const fields = existing && userKeyEntries(object, existing.fields).some((e) => e.keyName === key.join('+')) ? existing.fields : mine;
  return duplicateRecordText(object, key, fields, show);
}
