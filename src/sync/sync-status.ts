import type { PackageDecision } from '../metadata/index.js';
import type { ProtocolError } from '../protocol/index.js';

export interface SyncCounts {
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly uploaded: number;
  readonly conflicts: number;
  readonly issues: number;
}

export const NO_COUNTS: SyncCounts = { inserted: 0, updated: 0, deleted: 0, uploaded: 0, conflicts: 0, issues: 0 };

export type SyncStep = 'session' | 'package' | 'resolutions' | 'upload' | 'download' | 'cleanup';

/** What the engine is doing, as the UI renders it (never reaching into the engine). */
export type SyncStatus =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'syncing';
      readonly step: SyncStep;
      readonly objectType: string | null;
      readonly done: number;
      readonly total: number;
      readonly counts: SyncCounts;
    }
  | { readonly phase: 'done'; readonly counts: SyncCounts; readonly notice: string | null; readonly at: number }
  /** The package changed its structure: the rep must agree to a reinstall (sync again with confirmReinstall). */
  | { readonly phase: 'reinstallRequired'; readonly decision: PackageDecision; readonly message: string }
  | { readonly phase: 'failed'; readonly error: ProtocolError; readonly at: number }
  | { readonly phase: 'cancelled'; readonly at: number };
