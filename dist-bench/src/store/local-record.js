"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=local-record.js.map