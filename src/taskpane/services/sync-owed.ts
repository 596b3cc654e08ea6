export interface SyncOwedFacts {
  /** The pane holds a session token: a sync can run without asking the rep for the password. */
  readonly canSync: boolean;
  /** The store holds a checkpoint: a sync was interrupted (closed pane, crash, lost connection) and is not finished. */
  readonly interrupted: boolean;
  readonly lastSyncAt: number | null;
  /** The automatic interval; 0 = manual only. */
  readonly intervalMinutes: number;
  readonly now: number;
}

/**
 * Whether the pane should sync by itself right now, at start or when the
 * connection comes back: a sync that was interrupted is finished, and one the
 * interval made due while the pane was closed or offline runs once (missed runs
 * are not caught up one by one). Never without a session: asking for the
 * password is the rep's call, not the timer's.
 */
export function syncOwed(facts: SyncOwedFacts): boolean {
  if (!facts.canSync) return false;
  if (facts.interrupted) return true;
  if (facts.intervalMinutes <= 0) return false;
  return facts.lastSyncAt === null || facts.now - facts.lastSyncAt >= facts.intervalMinutes * 60_000;
}
