"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=archive-entry.js.map