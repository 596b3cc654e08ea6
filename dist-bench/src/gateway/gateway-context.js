"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_CONFIG = void 0;
exports.DEFAULT_CONFIG = {
    sessionTtlMs: 12 * 60 * 60 * 1000,
    lockAfterFailures: 5,
    lockBaseMs: 2_000,
    lockMaxMs: 5 * 60 * 1000,
};
//# sourceMappingURL=gateway-context.js.map