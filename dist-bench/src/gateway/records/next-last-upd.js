"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nextLastUpd = nextLastUpd;
/**
 * DB_LAST_UPD for a write at `now`: at least one millisecond after the previous
 * value, so every write changes the change key even when two writes fall in the
 * same millisecond or the clock steps back.
 */
function nextLastUpd(now, previous) {
    return previous === undefined ? now : Math.max(now, previous + 1);
}
//# sourceMappingURL=next-last-upd.js.map