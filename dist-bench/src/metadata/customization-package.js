"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=customization-package.js.map