"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=transport.js.map