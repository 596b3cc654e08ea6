import type { FieldValue } from '../protocol/index.js';

/**
 * Where a record stands locally against the server (Siebel's "IBM Notes insert /
 * update / delete" are the records whose state is not clean: the store's outbox).
 */
export type LocalState = 'clean' | 'created' | 'updated' | 'deleted';

/** A mutating request sent but not yet known to have been applied; resent as is, same operation id. */
export interface PendingUpload {
  readonly kind: 'insert' | 'update' | 'delete';
  readonly operationId: string;
  /** The exact fields sent, so a retry is the same request (the gateway refuses a reused id with other content). */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly modNum: number | null;
}

export interface LocalRecord {
  /** Primary key: the ROW_ID for records that came from the CRM, `L-…` for records created here. Never changes. */
  readonly localId: string;
  readonly objectType: string;
  /** Server ROW_ID once known. */
  readonly rowId: string | null;
  /** DB_LAST_UPD last seen from the server (with rowId, the change key). */
  readonly lastUpd: string | null;
  readonly modNum: number | null;
  readonly owner: string;
  readonly updatedBy: string;
  /** The values the rep sees and edits. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The server's values as last seen: the base of conflicts and of "only the changed fields" updates. */
  readonly base: Readonly<Record<string, FieldValue>> | null;
  readonly state: LocalState;
  /** 'crm': came from the server; 'local': created here (kept across a reinstall until uploaded). */
  readonly origin: 'crm' | 'local';
  /** A record kept only because a synced record refers to it, outside the rep's filters: not editable. */
  readonly readOnly: boolean;
  /** When the rep last changed it (epoch ms), for the conflicts panel. */
  readonly changedAt: number | null;
  readonly pending: PendingUpload | null;
}
