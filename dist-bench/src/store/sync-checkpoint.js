"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=sync-checkpoint.js.map