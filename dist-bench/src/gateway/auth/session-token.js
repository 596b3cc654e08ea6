"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.newSessionToken = newSessionToken;
exports.hashToken = hashToken;
const node_crypto_1 = require("node:crypto");
/** An opaque, unguessable session token (256 random bits). */
function newSessionToken() {
    return (0, node_crypto_1.randomBytes)(32).toString('base64url');
}
/** Sessions are stored by this hash, never by the token itself. */
function hashToken(token) {
    return (0, node_crypto_1.createHash)('sha256').update(token).digest('hex');
}
//# sourceMappingURL=session-token.js.map