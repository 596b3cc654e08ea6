/**
 * One line of the sync log: a step of a sync, or how the sync ended. Only what
 * support needs to follow a sync — names of steps and object types, counts, times,
 * error codes — never field values, passwords or session tokens: the recorder
 * (sync/sync-log-entries.ts) builds entries from the engine's status alone and
 * passes every text through its redaction first.
 */
export interface SyncLogEntry {
  /** When the step ended, or the sync did (epoch ms). */
  readonly at: number;
  /** When the sync this entry belongs to began (epoch ms): the entries of one sync share it. */
  readonly syncStartedAt: number;
  /** A sync step (`session`, `package`, `download`, …), `start`, or the end: `done`, `failed`, `cancelled`, `reinstallRequired`. */
  readonly step: string;
  readonly objectType: string | null;
  /** How long the step (or, for the end, the whole sync) took; null when not measured. */
  readonly durationMs: number | null;
  /** Counts of the step or of the sync (records received, changes sent, …), only the non-zero ones. */
  readonly counts: Readonly<Record<string, number>>;
  /** The error code of a failed sync; null otherwise. */
  readonly code: string | null;
  /** The engine's words (redacted), e.g. the error message or the sync's notice. */
  readonly message: string | null;
  /** A few named facts about the step, e.g. `preferredProduct` on a package failure. */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

/** An entry as stored: `seq` is given by the store on append, in append order. */
export interface StoredSyncLogEntry extends SyncLogEntry {
  readonly seq: number;
}
