/**
 * What this gateway process knows about its sites' traffic, in memory:
 *
 * - the requests of each database id that are in flight (counted by
 *   dispatch-operation from before authentication to the answer), so that
 *   replacement can let an old device's requests finish before its database id is
 *   revoked and its entries dropped (SAP: "the inbound queue is kept empty");
 * - when each site's last sync time was last written, so that recording it on
 *   every call costs one UPDATE per site per {@link LAST_SYNC_RESOLUTION_MS}.
 *
 * One process serves the embedded database, so in-memory counts are complete.
 */
export const LAST_SYNC_RESOLUTION_MS = 30_000;

export class SiteActivity {
  private readonly inFlightByDatabaseId = new Map<string, number>();
  private readonly idleWaiters = new Map<string, Set<() => void>>();
  private readonly lastSyncWritten = new Map<string, number>();

  enter(databaseId: string): void {
    this.inFlightByDatabaseId.set(databaseId, this.inFlight(databaseId) + 1);
  }

  leave(databaseId: string): void {
    const left = this.inFlight(databaseId) - 1;
    if (left > 0) {
      this.inFlightByDatabaseId.set(databaseId, left);
      return;
    }
    this.inFlightByDatabaseId.delete(databaseId);
    const waiters = this.idleWaiters.get(databaseId);
    this.idleWaiters.delete(databaseId);
    waiters?.forEach((wake) => wake());
  }

  inFlight(databaseId: string): number {
    return this.inFlightByDatabaseId.get(databaseId) ?? 0;
  }

  /**
   * Resolves 'idle' once no request of the database id is in flight, 'busy' when
   * that did not happen within `timeoutMs` (real time), 'aborted' on the signal.
   */
  waitUntilIdle(databaseId: string, timeoutMs: number, signal?: AbortSignal): Promise<'idle' | 'busy' | 'aborted'> {
    if (this.inFlight(databaseId) === 0) return Promise.resolve('idle');
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const waiters = this.idleWaiters.get(databaseId) ?? new Set<() => void>();
      this.idleWaiters.set(databaseId, waiters);
      const finish = (outcome: 'idle' | 'busy' | 'aborted') => {
        clearTimeout(timer);
        waiters.delete(onIdle);
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onIdle = () => finish('idle');
      const onAbort = () => finish('aborted');
      const timer = setTimeout(() => finish('busy'), timeoutMs);
      waiters.add(onIdle);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Whether a call of the site at `now` should write its last sync time (and notes that it will). */
  shouldRecordSync(siteId: string, now: number): boolean {
    const last = this.lastSyncWritten.get(siteId);
    if (last !== undefined && now >= last && now - last < LAST_SYNC_RESOLUTION_MS) return false;
    this.lastSyncWritten.set(siteId, now);
    return true;
  }
}
