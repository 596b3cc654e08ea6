"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InProcessSyncLock = exports.WebLocksSyncLock = void 0;
exports.defaultSyncLock = defaultSyncLock;
/** The Web Locks API: shared by every tab and pane of the origin. */
class WebLocksSyncLock {
    locks;
    constructor(locks) {
        this.locks = locks;
    }
    tryAcquire(name) {
        return new Promise((resolveAcquire) => {
            void this.locks.request(name, { ifAvailable: true }, (lock) => {
                if (lock === null) {
                    resolveAcquire(null);
                    return Promise.resolve();
                }
                // Holding the lock means keeping this promise pending until release.
                return new Promise((release) => resolveAcquire(release));
            });
        });
    }
}
exports.WebLocksSyncLock = WebLocksSyncLock;
/** Fallback where Web Locks are missing (older hosts, Node): exclusive within this JavaScript realm. */
class InProcessSyncLock {
    static held = new Set();
    async tryAcquire(name) {
        if (InProcessSyncLock.held.has(name))
            return null;
        InProcessSyncLock.held.add(name);
        return () => InProcessSyncLock.held.delete(name);
    }
}
exports.InProcessSyncLock = InProcessSyncLock;
/** The best lock the host offers. */
function defaultSyncLock() {
    const locks = globalThis.navigator?.locks;
    return locks ? new WebLocksSyncLock(locks) : new InProcessSyncLock();
}
//# sourceMappingURL=sync-lock.js.map