"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=applied-package.js.map