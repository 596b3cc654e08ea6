"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=local-store.js.map