import type { IssueKind } from '../../store/index.js';
import { ISSUE_KIND_WORDS } from './describe-issue.js';

const KIND_IN_REASON = /\b(bothUpdated|updatedVsDeleted|deletedVsUpdated|duplicate|failed) (issue|conflict)\b/g;

/**
 * An archive entry's reason as the rep reads it: reasons written by the sync name
 * the issue kind by its code ("An unresolved bothUpdated issue when …"), shown
 * with the words the Issues list uses (“Both updated”). Anything else is left as is.
 */
export function readableReason(reason: string): string {
  return reason.replace(KIND_IN_REASON, (_all, kind: IssueKind, noun: string) => `“${ISSUE_KIND_WORDS[kind]}” ${noun}`);
}
