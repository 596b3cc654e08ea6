import type { CrmRecord, FieldValue } from '../protocol/index.js';

/**
 * An entry of the conflicts and sync-issues log (Siebel: "Updates the
 * synchronization issues and conflicts log on the client").
 * - bothUpdated: changed here and on the server since the last sync;
 * - updatedVsDeleted: changed here, deleted on the server;
 * - deletedVsUpdated: deleted here, changed on the server;
 * - duplicate: a record created here matches a user key on the server;
 * - failed: an operation the gateway refused or could not do; retried next sync.
 */
export type IssueKind = 'bothUpdated' | 'updatedVsDeleted' | 'deletedVsUpdated' | 'duplicate' | 'failed';

export type Resolution =
  | { readonly choice: 'local' }
  | { readonly choice: 'server' }
  /** Per field, which side's value to keep; fields not named keep the local value. */
  | { readonly choice: 'fields'; readonly pick: Readonly<Record<string, 'local' | 'server'>> };

export interface SyncIssue {
  /** `${objectType}/${localId}`: at most one open issue per record. */
  readonly id: string;
  readonly objectType: string;
  readonly localId: string;
  readonly rowId: string | null;
  readonly kind: IssueKind;
  /** The rep's version (null when the rep deleted the record). */
  readonly local: Readonly<Record<string, FieldValue>> | null;
  /**
   * The server's version (null when the server deleted it or for failed operations);
   * for a duplicate, the record that already holds the key, when the gateway named it
   * (only records the rep may see) — else null.
   */
  readonly server: CrmRecord | null;
  readonly message: string;
  /** Error code for failed operations and duplicates. */
  readonly code: string | null;
  readonly detectedAt: number;
  /** Set by the rep; applied by the next sync. */
  readonly resolution: Resolution | null;
}
