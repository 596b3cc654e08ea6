"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
__exportStar(require("./object-definition.js"), exports);
__exportStar(require("./coerce-field-value.js"), exports);
__exportStar(require("./evaluate-filter.js"), exports);
__exportStar(require("./customization-package.js"), exports);
__exportStar(require("./package-version.js"), exports);
__exportStar(require("./product-version.js"), exports);
__exportStar(require("./sha256.js"), exports);
__exportStar(require("./package-hash.js"), exports);
__exportStar(require("./parse-package.js"), exports);
__exportStar(require("./decide-package-action.js"), exports);
//# sourceMappingURL=index.js.map