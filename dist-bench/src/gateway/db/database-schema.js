"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=database-schema.js.map