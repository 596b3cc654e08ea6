/**
 * The persisted state of a sync in progress: which session step completed last.
 * A sync that finds a checkpoint resumes after it (Siebel: "Synchronization can
 * proceed from the last step that Siebel CRM Desktop ran successfully").
 */
export interface SyncCheckpoint {
  readonly syncId: string;
  readonly startedAt: number;
  /** Steps completed, in order: 'session', 'package', 'upload', 'data:<ObjectType>', 'cleanup'. */
  readonly completed: readonly string[];
}
