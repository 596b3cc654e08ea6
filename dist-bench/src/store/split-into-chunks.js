"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WRITE_CHUNK_SIZE = void 0;
exports.splitIntoChunks = splitIntoChunks;
/**
 * Bulk writes commit in transactions of about this many rows (TOOLCHAIN
 * "IndexedDB"): large enough to be fast, small enough that one transaction does
 * not hold a large write set in memory or keep other connections waiting long.
 */
exports.WRITE_CHUNK_SIZE = 1000;
function splitIntoChunks(items, size = exports.WRITE_CHUNK_SIZE) {
    const chunks = [];
    for (let start = 0; start < items.length; start += size)
        chunks.push(items.slice(start, start + size));
    return chunks;
}
//# sourceMappingURL=split-into-chunks.js.map