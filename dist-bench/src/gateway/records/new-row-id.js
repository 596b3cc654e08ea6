"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.newRowId = newRowId;
const node_crypto_1 = require("node:crypto");
/**
 * A Siebel-style ROW_ID ("1-" and base-36 characters). Random rather than a
 * sequence so several gateway processes can create records without coordination.
 */
function newRowId() {
    const n = (0, node_crypto_1.randomBytes)(8).readBigUInt64BE();
    return `1-${n.toString(36).toUpperCase().padStart(13, '0')}`;
}
//# sourceMappingURL=new-row-id.js.map