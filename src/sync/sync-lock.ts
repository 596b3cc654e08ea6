/**
 * One sync at a time per database, even with two panes open. Contract:
 * `tryAcquire` resolves with a release function, or null when another holder has it.
 */
export interface SyncLock {
  tryAcquire(name: string): Promise<(() => void) | null>;
}

interface LockManagerLike {
  request(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<void>): Promise<void>;
}

/** The Web Locks API: shared by every tab and pane of the origin. */
export class WebLocksSyncLock implements SyncLock {
  constructor(private readonly locks: LockManagerLike) {}

  tryAcquire(name: string): Promise<(() => void) | null> {
    return new Promise((resolveAcquire) => {
      void this.locks.request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolveAcquire(null);
          return Promise.resolve();
        }
        // Holding the lock means keeping this promise pending until release.
        return new Promise<void>((release) => resolveAcquire(release));
      });
    });
  }
}

/** Fallback where Web Locks are missing (older hosts, Node): exclusive within this JavaScript realm. */
export class InProcessSyncLock implements SyncLock {
  private static readonly held = new Set<string>();

  tryAcquire(name: string): Promise<(() => void) | null> {
    if (InProcessSyncLock.held.has(name)) return Promise.resolve(null);
    InProcessSyncLock.held.add(name);
    return Promise.resolve(() => InProcessSyncLock.held.delete(name));
  }
}

/** The best lock the host offers. */
export function defaultSyncLock(): SyncLock {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks ? new WebLocksSyncLock(locks) : new InProcessSyncLock();
}
