"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SharedExclusiveLock = void 0;
/**
 * An in-process readers/writer lock. Ordinary store calls run shared (IndexedDB
 * orders their transactions itself); a structure change runs exclusive, because
 * it closes the connection the shared calls use. Writer-preferring: a shared call
 * that arrives while an exclusive one waits runs after it, so a reinstall is not
 * starved by a stream of reads.
 */
class SharedExclusiveLock {
    /** Settles when the last exclusive section queued so far has finished. */
    exclusiveTail = Promise.resolve();
    running = new Set();
    shared(work) {
        const result = this.exclusiveTail.then(work);
        const settled = result.then(ignore, ignore);
        this.running.add(settled);
        void settled.then(() => this.running.delete(settled));
        return result;
    }
    exclusive(work) {
        const before = Promise.all([this.exclusiveTail, ...this.running]);
        const result = before.then(work);
        this.exclusiveTail = result.then(ignore, ignore);
        return result;
    }
}
exports.SharedExclusiveLock = SharedExclusiveLock;
function ignore() { }
//# sourceMappingURL=shared-exclusive-lock.js.map