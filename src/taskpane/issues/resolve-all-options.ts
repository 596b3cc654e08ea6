import type { IssueKind, SyncIssue } from '../../store/index.js';
import { ISSUE_KIND_WORDS } from './describe-issue.js';

export interface ResolveAllOption {
  /** The kind, or 'all'. */
  readonly value: IssueKind | 'all';
  readonly label: string;
  /** How many unanswered issues "resolve all" would answer. */
  readonly count: number;
}

const ORDER: readonly IssueKind[] = ['bothUpdated', 'updatedVsDeleted', 'deletedVsUpdated', 'duplicate', 'failed'];

/**
 * The choices of "Resolve all the same way": all kinds, then each kind that has
 * unanswered issues (resolveAll leaves answered ones alone), with their counts.
 */
export function resolveAllOptions(issues: readonly Pick<SyncIssue, 'kind' | 'resolution'>[]): ResolveAllOption[] {
  const open = issues.filter((i) => i.resolution === null);
  const options: ResolveAllOption[] = [{ value: 'all', label: `All kinds (${open.length})`, count: open.length }];
  for (const kind of ORDER) {
    const count = open.filter((i) => i.kind === kind).length;
    if (count > 0) options.push({ value: kind, label: `${ISSUE_KIND_WORDS[kind]} (${count})`, count });
  }
  return options;
}
