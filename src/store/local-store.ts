import type { FieldValue } from '../protocol/index.js';
import type { AppliedPackage } from './applied-package.js';
import type { ArchiveEntry } from './archive-entry.js';
import type { LocalRecord } from './local-record.js';
import type { ListSpec } from './record-listing.js';
import type { RecordReads, RecordWrites, ReinstallPlan, SeenRecords, UnsentWork } from './record-update.js';
import type { KeySummary, KeySummaryState, StoredChangeKey, SyncHints } from './stored-change-key.js';
import type { StoreSettings } from './store-settings.js';
import type { SyncCheckpoint } from './sync-checkpoint.js';
import type { SyncIssue } from './sync-issue.js';
import type { StoredSyncLogEntry, SyncLogEntry } from './sync-log-entry.js';

/** What the store needs to know of an object type to build its table and indexes. */
export interface TableSpec {
  readonly objectType: string;
  /** Fields to index: references (related-record lookups, temporary id replacement) and user-key fields. */
  readonly indexedFields: readonly string[];
  /** How its lists are ordered and searched (record-listing.ts). */
  readonly list: ListSpec;
}

/** The orders a list can be read in through an index. */
export type ListOrder = 'title' | 'recent';

/**
 * A slice of a list: `limit` ids from `offset` in its order, or with `fromEnd`, from
 * `offset` counted from its end, last first. A database walks an index to an offset
 * one entry at a time, so a page near the end is read from the end.
 */
export interface ListPage {
  readonly offset: number;
  readonly limit: number;
  readonly fromEnd?: boolean;
}

/** What a stretch of records says of a search (LocalStore.sampleMatches). */
export interface ListSample {
  /** The localIds of the live records read, in the stretch's order. */
  readonly read: readonly string[];
  /** Those matching every term, in the same order. */
  readonly matched: readonly string[];
}

/**
 * The offline store of one (gateway URL, user): the only module that touches
 * IndexedDB. Every method is atomic; bulk writes commit in transactions of about
 * 1,000 rows. Storage failures reject with a ProtocolError of code STORAGE_FULL
 * (quota) or STORAGE_FAILED, and leave the store as it was before the call.
 */
export interface LocalStore {
  readonly databaseName: string;
  close(): Promise<void>;

  getSettings(): Promise<StoreSettings>;
  updateSettings(patch: Partial<StoreSettings>): Promise<StoreSettings>;

  getAppliedPackage(): Promise<AppliedPackage | null>;
  /** Stores a new package copy whose structure equals the installed one (Siebel: applied quietly). */
  replaceAppliedPackage(pkg: AppliedPackage): Promise<void>;
  /**
   * Removes all records, issues and tables, installs tables for `tables` and the
   * package copy, puts back what `plan` keeps and archives what it archives. `plan`
   * sees the unsent work as it is inside the reinstall's own transaction, so an edit
   * saved just before is kept or archived, never dropped. Used for the first install
   * and for every reinstall; one transaction whatever the size.
   */
  reinstall(pkg: AppliedPackage, tables: readonly TableSpec[], plan: (unsent: UnsentWork) => ReinstallPlan): Promise<void>;
  /** Null when the installed tables match `tables` and a package copy is present; else what is damaged. */
  checkStructure(tables: readonly TableSpec[]): Promise<string | null>;

  getRecord(objectType: string, localId: string): Promise<LocalRecord | undefined>;
  getRecordByRowId(objectType: string, rowId: string): Promise<LocalRecord | undefined>;
  /** The records of `objectType` holding these row ids (those that exist), through the row id index. */
  getRecordsByRowId(objectType: string, rowIds: readonly string[]): Promise<LocalRecord[]>;
  listRecords(objectType: string): Promise<LocalRecord[]>;
  /**
   * The localIds of the live (not deleted) records of `objectType`, through a list
   * index: by title (A–Z) or most recently changed first. Ids only, no record is read,
   * so opening a list of 100,000 costs one index read; the rows are read by page.
   * With `page`, only the ids from `offset` (0 = the head of the list), at most `limit`:
   * a list is drawn a page at a time, at any scroll position, without the ids of the
   * whole list.
   */
  listRecordIds(objectType: string, order: ListOrder, page?: ListPage): Promise<string[]>;
  /**
   * The localIds of the live records of `objectType` that have, for every term of
   * `search` (searchTerms), a word starting with it; in no particular order. Through
   * the word index: no record is read.
   */
  matchRecordIds(objectType: string, search: string): Promise<string[]>;
  /**
   * The `page` of the list of `objectType` in `order` (as listRecordIds reads it), its
   * records read whole and tested against `search`: a search's first matches, without
   * reading its whole word range.
   */
  sampleMatches(objectType: string, search: string, order: ListOrder, page: ListPage): Promise<ListSample>;
  /**
   * Those of `localIds` that are in the lists of `objectType`, in the list's `order`
   * (as listRecordIds answers them): a search's few matches ordered by reading them,
   * not the ids of the whole list.
   */
  orderRecordIds(objectType: string, localIds: readonly string[], order: ListOrder): Promise<string[]>;
  /** How many live records of `objectType` the device holds: the rows of its lists. */
  countRecords(objectType: string): Promise<number>;
  /**
   * Makes the list keys follow `tables` (their ListSpec): when the specs differ from
   * those the records were keyed by, or an earlier pass was cut off, every record is
   * keyed again, a page per transaction. Called at every structure check and when a
   * pane opens, so a store from before the list indexes gets them.
   */
  refreshListing(tables: readonly TableSpec[]): Promise<void>;
  /**
   * Calls `visit` with every record of `objectType` in localId order, reading a page of
   * them at a time: a pass over a whole type in bounded memory. Pages are separate
   * reads, so a write between two pages may or may not be seen (callers decide again
   * inside their own write, as with every read).
   */
  forEachRecord(objectType: string, visit: (record: LocalRecord) => void): Promise<void>;
  /** The records of these localIds that exist, in the order asked. */
  getRecords(objectType: string, localIds: readonly string[]): Promise<LocalRecord[]>;
  /** The change keys of every record of `objectType` with a row id, from an index: no record body is read. */
  listChangeKeys(objectType: string): Promise<StoredChangeKey[]>;
  /** Records whose state is not clean, or that carry a pending upload: the outbox (of one object type when given). */
  listOutbox(objectType?: string): Promise<LocalRecord[]>;
  /** Records of `objectType` whose `field` holds `value` (uses the field's index). */
  findByField(objectType: string, field: string, value: FieldValue): Promise<LocalRecord[]>;
  putRecords(records: readonly LocalRecord[]): Promise<void>;
  deleteRecords(objectType: string, localIds: readonly string[]): Promise<void>;
  /**
   * Reads the records and issues named in `reads`, lets `decide` choose what to write
   * from what is stored at that moment, and writes it: one read-write transaction,
   * whatever the size, so nothing (a rep's edit, another tab) comes between what
   * `decide` saw and what is written. Every write of data the caller read earlier goes
   * through here: "put the server's version only where the record is still the one the
   * plan saw". `decide` is synchronous; records it writes must be of an object type
   * read. A throw from `decide` writes nothing and rejects the call with that error.
   */
  updateRecords<T>(reads: RecordReads, decide: (seen: SeenRecords) => RecordWrites<T>): Promise<T>;
  /** Writes records and deletes others in one transaction (a sync batch). */
  applyBatch(batch: { put: readonly LocalRecord[]; remove: ReadonlyArray<{ objectType: string; localId: string }> }): Promise<void>;

  listIssues(): Promise<SyncIssue[]>;
  putIssues(issues: readonly SyncIssue[]): Promise<void>;
  deleteIssues(ids: readonly string[]): Promise<void>;

  listArchive(): Promise<ArchiveEntry[]>;
  addToArchive(entries: readonly ArchiveEntry[]): Promise<void>;

  /** Calls `listener` after every committed write to this store (from any tab); returns the unsubscribe. */
  watchChanges(listener: () => void): () => void;

  getSyncHints(): Promise<SyncHints>;
  /** Replaces the hints; the key summaries of the types whose hinted rows changed are dropped (their device side changed). */
  setSyncHints(hints: SyncHints): Promise<void>;
  /**
   * The type's key generation and the summary saved for it (null when none, or when a
   * write changed a change key of the type since). Read it before listChangeKeys: a
   * summary computed from those keys is then saved with a generation that is either
   * still current or already stale, never newer than the keys.
   */
  getKeySummary(objectType: string): Promise<KeySummaryState>;
  /** Saves `summary` as describing the type at `generation`; ignored when the generation moved on meanwhile. */
  saveKeySummary(objectType: string, generation: number, summary: KeySummary): Promise<void>;

  getCheckpoint(): Promise<SyncCheckpoint | null>;
  setCheckpoint(checkpoint: SyncCheckpoint | null): Promise<void>;

  /**
   * Appends to the sync log in one transaction, dropping the oldest entries beyond
   * its cap (SYNC_LOG_MAX_ENTRIES, sync-log-overflow.ts). Whether the log is on is the
   * caller's concern (`keepSyncLog` in the settings); the store keeps what it is given.
   */
  appendSyncLog(entries: readonly SyncLogEntry[]): Promise<void>;
  /** The sync log, oldest first. */
  listSyncLog(): Promise<StoredSyncLogEntry[]>;
  countSyncLog(): Promise<number>;
  clearSyncLog(): Promise<void>;
}
