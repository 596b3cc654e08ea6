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
}
