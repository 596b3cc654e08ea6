import type { IssueKind, SyncIssue } from '../../store/index.js';
import { formatTime } from './format-time.js';

/** What each kind of issue is, in a rep's words. */
export const ISSUE_KIND_WORDS: Readonly<Record<IssueKind, string>> = {
  bothUpdated: 'Both updated',
  updatedVsDeleted: 'Updated here, deleted on the server',
  deletedVsUpdated: 'Deleted here, updated on the server',
  duplicate: 'Duplicate',
  failed: 'Failed operation',
};

export interface IssueChoice {
  /** The button's text. */
  readonly label: string;
  /** What the choice does, in one sentence. */
  readonly means: string;
}

/**
 * The two answers per kind, worded after what the engine does with them
 * (sync/resolve-conflict.ts): 'local' keeps the rep's side, 'server' the server's.
 */
export const ISSUE_CHOICES: Readonly<Record<IssueKind, { readonly local: IssueChoice; readonly server: IssueChoice }>> = {
  bothUpdated: {
    local: { label: 'Keep mine', means: 'Your version is sent to the server and replaces theirs.' },
    server: { label: 'Keep theirs', means: "The server's version replaces your changes on this device." },
  },
  updatedVsDeleted: {
    local: { label: 'Keep mine (create it again)', means: 'Your version is sent to the server as a new record.' },
    server: { label: 'Accept the delete', means: 'The record and your changes are removed from this device.' },
  },
  deletedVsUpdated: {
    local: { label: 'Keep my delete', means: 'The record is deleted on the server too, with the changes made there.' },
    server: { label: 'Keep theirs (restore it)', means: "The server's version comes back on this device." },
  },
  duplicate: {
    local: {
      label: 'Send mine again',
      means: 'Your new record is sent again as it is now. Choose Edit mine first if it is a different record.',
    },
    server: {
      label: 'Use the existing record',
      means:
        'Your new record is removed from this device; the existing record is the one you keep, and what you linked to yours is linked to it.',
    },
  },
  failed: {
    local: { label: 'Keep my change (retry)', means: 'The operation is tried again at every sync.' },
    server: { label: 'Discard my change', means: "The record goes back to the server's values; a record never sent is removed." },
  },
};

export const ANSWER_SAVED = 'Answer saved — applied at the next sync';

export interface IssueDescription {
  readonly kind: string;
  readonly keepMine: IssueChoice;
  readonly keepTheirs: IssueChoice;
  /** Who changed it on the server and when, or when the issue was found. */
  readonly changed: string;
  /** ANSWER_SAVED once the rep answered, else null. */
  readonly answer: string | null;
  /** Which answer, e.g. "You chose: Keep mine"; null when not answered. */
  readonly answerChoice: string | null;
}

export type FormatTime = (epochMs: number) => string;

/** An issue's words for the list and the detail. `formatTime` turns epoch ms into text for people. */
export function describeIssue(issue: SyncIssue, formatTime: FormatTime = defaultFormatTime): IssueDescription {
  const choices = ISSUE_CHOICES[issue.kind];
  const resolution = issue.resolution;
  const answerChoice =
    resolution === null
      ? null
      : `You chose: ${resolution.choice === 'local' ? choices.local.label : resolution.choice === 'server' ? choices.server.label : 'your picks per field'}`;
  return {
    kind: ISSUE_KIND_WORDS[issue.kind],
    keepMine: choices.local,
    keepTheirs: choices.server,
    changed: changedLine(issue, formatTime),
    answer: resolution === null ? null : ANSWER_SAVED,
    answerChoice,
  };
}

function changedLine(issue: SyncIssue, formatTime: FormatTime): string {
  const found = formatTime(issue.detectedAt);
  // A duplicate's server version is the record that already holds the key, not a change to the rep's record.
  if (issue.kind === 'duplicate') return `Refused at the sync on ${found}`;
  const server = issue.server;
  const changedAt = server ? Date.parse(server.lastUpd) : Number.NaN;
  if (server && !Number.isNaN(changedAt)) {
    const who = server.updatedBy.trim();
    return who ? `Changed on the server by ${who} on ${formatTime(changedAt)}` : `Changed on the server on ${formatTime(changedAt)}`;
  }
  switch (issue.kind) {
    case 'updatedVsDeleted':
      return `Deleted on the server; noticed on ${found}`;
    case 'failed':
      return `Failed at the sync on ${found}`;
    default:
      return `Noticed on ${found}`;
  }
}

function defaultFormatTime(epochMs: number): string {
  return formatTime(epochMs);
}
