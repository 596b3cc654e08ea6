"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.systemClock = void 0;
exports.systemClock = { now: () => Date.now() };
//# sourceMappingURL=clock.js.map