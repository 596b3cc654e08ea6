import type { FilterExpr } from '../protocol/index.js';

/**
 * A filter set the rep saved under a name of their own (Filter Records tab: "edit a
 * preset and save it as a personal one"): the package preset it starts from, plus
 * the rep's switches and filters. Choosing it copies these into the settings.
 */
export interface PersonalPreset {
  readonly id: string;
  readonly name: string;
  readonly basePresetId: string;
  readonly disabledObjects: readonly string[];
  readonly personalFilters: Readonly<Record<string, FilterExpr>>;
}

/**
 * A replacement restore in progress on this device (sync/restore-replacement.ts),
 * persisted after every step so that running the restore again after an
 * interruption continues where it stopped, with the same operation ids.
 * - extract: the package is installed and `pagesDone` extract pages are written;
 * - cleaned: the old site's own data is gone; CompleteRestore is next;
 * - registered: the new site id is stored; the incremental sync is next;
 * - synced: the sync is done; FinishReplacement is next;
 * - done: the job is finished.
 */
export interface ReplacementRestore {
  readonly jobId: string;
  readonly stage: 'extract' | 'cleaned' | 'registered' | 'synced' | 'done';
  readonly packageId: string;
  readonly responsibilityId: string;
  readonly hashValue: string;
  readonly pageCount: number;
  readonly recordCount: number;
  readonly pagesDone: number;
  readonly recordsDone: number;
  readonly completeOperationId: string | null;
  readonly finishOperationId: string | null;
}

/** A successful sync: when it ended and its counts (the engine's SyncCounts, by value). */
export interface LastSyncSuccess {
  readonly at: number;
  readonly counts: Readonly<Record<'inserted' | 'updated' | 'deleted' | 'uploaded' | 'conflicts' | 'issues', number>>;
}

/** What the rep chose and what the sync must remember between sessions. */
export interface StoreSettings {
  readonly gatewayUrl: string;
  readonly userName: string;
  /** The package preset the rep picked (the package's default when null). */
  readonly presetId: string | null;
  /** Object types the rep switched off (only those the package allows). */
  readonly disabledObjects: readonly string[];
  /** The rep's own filters per object type, on top of master filter and preset. */
  readonly personalFilters: Readonly<Record<string, FilterExpr>>;
  /** Filter sets the rep saved (see PersonalPreset). */
  readonly personalPresets: readonly PersonalPreset[];
  /** Automatic sync interval in minutes; 0 = manual only. */
  readonly intervalMinutes: number | null;
  /** Cached for DownloadMetadataFiles. */
  readonly packageId: string | null;
  readonly responsibilityId: string | null;
  readonly hashValue: string | null;
  readonly siteId: string | null;
  readonly databaseId: string | null;
  /** RegisterSite's operation id, kept until the answer is stored so a retry registers one site. */
  readonly registerOperationId: string | null;
  /** The last attempt, whatever its outcome (a cancelled one leaves it): the automatic interval counts from it. */
  readonly lastSyncAt: number | null;
  readonly lastSyncResult: 'ok' | 'failed' | 'cancelled' | null;
  /** The last sync that succeeded and what it did (the Sync panel's "Last successful sync"); absent before one did. */
  readonly lastSuccess?: LastSyncSuccess | null;
  /**
   * When the gateway refused this device's database id (SITE_REVOKED: an administrator
   * replaced it). From then on the device is read-only: no sync, no edit; its unsent
   * changes can only be exported. Absent or null on a device in service.
   */
  readonly revokedAt?: number | null;
  /** Absent (or null) unless this device was set up by a replacement restore. */
  readonly replacement?: ReplacementRestore | null;
  /** The rep's "remember me" at the last sign-in (absent: off). */
  readonly rememberMe?: boolean;
  /**
   * With "remember me" only: the session kept on this device so the pane syncs after
   * a restart (or a crash) without the password. Null without it or once it ended.
   * Here, in IndexedDB, because that is what survives a browser crash; never the password.
   */
  readonly rememberedSession?: RememberedSession | null;
  /**
   * The rep switched the sync log on (Sync panel, "Keep a sync log"). Absent or false:
   * off, as Siebel keeps its logs off until support asks for them.
   */
  readonly keepSyncLog?: boolean;
}

/** A session token the gateway issued at sign-in, and when it expires. */
export interface RememberedSession {
  readonly sessionToken: string;
  readonly expiresAt: string | null;
}
