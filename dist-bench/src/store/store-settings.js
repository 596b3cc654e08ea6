"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=store-settings.js.map