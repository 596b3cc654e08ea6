import type { FieldValue } from '../protocol/index.js';
import type { LocalState } from './local-record.js';

/**
 * A local change that could not be uploaded (an incompatible package schema,
 * a device replaced): kept for the rep to view and export, never dropped.
 */
export interface ArchiveEntry {
  readonly id: string;
  readonly objectType: string;
  readonly localId: string;
  readonly rowId: string | null;
  readonly state: LocalState;
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly reason: string;
  readonly archivedAt: number;
  /**
   * What the change was based on, so that importing it elsewhere can tell whether the
   * server has moved on since (absent in entries archived before these were kept):
   * the record's modification number, DB_LAST_UPD and field values as last synced.
   */
  readonly modNum?: number | null;
  readonly lastUpd?: string | null;
  readonly base?: Readonly<Record<string, FieldValue>> | null;
}
