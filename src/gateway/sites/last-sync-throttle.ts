export const LAST_SYNC_RESOLUTION_MS = 30_000;

/**
 * When this process last wrote each site's last sync time, so that recording it on
 * every call costs one UPDATE per site per {@link LAST_SYNC_RESOLUTION_MS}. Only a
 * cache: with several gateway processes each writes at most that often, and the time
 * shown to administrators is never more than that much behind. Nothing else about a
 * site is kept in a process (site-write-lock.ts orders its writes and revocation in
 * the database).
 */
export class LastSyncThrottle {
  private readonly lastWritten = new Map<string, number>();

  /** Whether a call of the site at `now` should write its last sync time (and notes that it will). */
  shouldRecord(siteId: string, now: number): boolean {
    const last = this.lastWritten.get(siteId);
    if (last !== undefined && now >= last && now - last < LAST_SYNC_RESOLUTION_MS) return false;
    this.lastWritten.set(siteId, now);
    return true;
  }
}
