"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.encodePageToken = encodePageToken;
exports.decodePageToken = decodePageToken;
const node_crypto_1 = require("node:crypto");
const index_js_1 = require("../../protocol/index.js");
/**
 * Page tokens are keyset cursors (the last row id delivered), not offsets: a
 * record inserted or deleted while a client pages shifts nothing, so no key is
 * skipped or delivered twice because of a concurrent write.
 */
function encodePageToken(objectType, filter, afterRowId) {
    const cursor = { o: objectType, f: filterHash(filter), a: afterRowId };
    return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}
function decodePageToken(token, objectType, filter) {
    let cursor;
    try {
        cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    }
    catch {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', 'pageToken is not a token this gateway issued');
    }
    if (typeof cursor !== 'object' || cursor === null || typeof cursor.a !== 'string' || typeof cursor.o !== 'string' || typeof cursor.f !== 'string') {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', 'pageToken is not a token this gateway issued');
    }
    if (cursor.o !== objectType || cursor.f !== filterHash(filter)) {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', 'pageToken belongs to a different object type or filter; start again without a token');
    }
    return cursor.a;
}
function filterHash(filter) {
    return (0, node_crypto_1.createHash)('sha256').update(JSON.stringify(filter ?? null)).digest('base64url').slice(0, 16);
}
//# sourceMappingURL=page-token.js.map