"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FIELDBOOK_PRODUCT_VERSION = void 0;
/** This client's product version, checked against a package's `<products>` before it is applied. */
exports.FIELDBOOK_PRODUCT_VERSION = '1.00.00.00';
//# sourceMappingURL=product-version.js.map