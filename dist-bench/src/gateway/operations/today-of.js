"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.todayOf = todayOf;
const index_js_1 = require("../../protocol/index.js");
/** The gateway's "today" (UTC) that relative date filters count from. */
function todayOf(clock) {
    return (0, index_js_1.dayString)(clock.now());
}
//# sourceMappingURL=today-of.js.map