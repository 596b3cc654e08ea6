"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NO_COUNTS = void 0;
exports.NO_COUNTS = { inserted: 0, updated: 0, deleted: 0, uploaded: 0, conflicts: 0, issues: 0 };
//# sourceMappingURL=sync-status.js.map