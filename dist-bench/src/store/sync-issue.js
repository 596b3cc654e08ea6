"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=sync-issue.js.map