import type { ArchiveEntry } from './archive-entry.js';
import type { LocalRecord } from './local-record.js';
import type { SyncIssue } from './sync-issue.js';

export interface RecordKey {
  readonly objectType: string;
  readonly localId: string;
}

/** What `LocalStore.updateRecords` reads before it asks what to write. */
export interface RecordReads {
  readonly records: readonly RecordKey[];
  /** Issue ids (`objectType/localId`) to read alongside. */
  readonly issueIds?: readonly string[];
}

/** The records and issues as stored at the moment of the decision. Only what was read can be asked for. */
export interface SeenRecords {
  record(objectType: string, localId: string): LocalRecord | undefined;
  issue(id: string): SyncIssue | undefined;
}

/** What to write, decided from what was seen; `result` is handed back to the caller. */
export interface RecordWrites<T> {
  readonly put?: readonly LocalRecord[];
  readonly remove?: readonly RecordKey[];
  readonly putIssues?: readonly SyncIssue[];
  readonly deleteIssues?: readonly string[];
  readonly result: T;
}

/** The unsent work a reinstall finds, read inside the reinstall's own transaction. */
export interface UnsentWork {
  /** Records whose state is not clean or that carry a pending upload. */
  readonly outbox: readonly LocalRecord[];
  readonly issues: readonly SyncIssue[];
}

/** What a reinstall keeps (put back into the new tables) and what it archives; everything else goes. */
export interface ReinstallPlan {
  readonly keep: readonly LocalRecord[];
  readonly archive: readonly ArchiveEntry[];
}
