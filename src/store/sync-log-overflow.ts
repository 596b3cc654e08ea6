/**
 * The most entries the sync log keeps. Every entry is bounded too (its message is cut
 * to a few hundred characters, its details are few and short), so this also bounds
 * the log's size: roughly 2,000 × 0.5 KB = 1 MB at the very most.
 */
export const SYNC_LOG_MAX_ENTRIES = 2_000;

/** What an append must drop so the log stays within its cap: oldest first, stored entries before new ones. */
export interface SyncLogOverflow {
  /** How many of the oldest stored entries to delete. */
  readonly dropStored: number;
  /** How many of the oldest entries being added to leave out (only when one append alone exceeds the cap). */
  readonly dropAdding: number;
}

/**
 * Decides what an append of `adding` entries to a log holding `stored` must drop so
 * that at most `max` remain: the oldest go first, so the newest syncs are kept for support.
 */
export function syncLogOverflow(stored: number, adding: number, max: number = SYNC_LOG_MAX_ENTRIES): SyncLogOverflow {
  if (!Number.isInteger(stored) || !Number.isInteger(adding) || !Number.isInteger(max) || stored < 0 || adding < 0 || max < 0) {
    throw new RangeError(`syncLogOverflow: counts must be whole and not negative (stored ${stored}, adding ${adding}, max ${max})`);
  }
  const excess = Math.max(0, stored + adding - max);
  const dropStored = Math.min(stored, excess);
  return { dropStored, dropAdding: excess - dropStored };
}
