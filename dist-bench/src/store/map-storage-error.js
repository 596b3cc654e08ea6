"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.mapStorageError = mapStorageError;
exports.missingTableError = missingTableError;
const index_js_1 = require("../protocol/index.js");
/**
 * Turns whatever IndexedDB or Dexie threw into the store's error contract:
 * - quota exhausted, however deep it is nested (Dexie wraps it as `inner` of an
 *   AbortError/OpenFailedError, in the `failures` of a BulkError, or as `cause`)
 *   → STORAGE_FULL, worded for the rep;
 * - a table or index that is not there → STRUCTURE_DAMAGED (a sync rebuilds it);
 * - anything else → STORAGE_FAILED, with the original as `cause`.
 * A ProtocolError passes through unchanged.
 */
function mapStorageError(error, operation) {
    if (error instanceof index_js_1.ProtocolError)
        return error;
    const chain = [...errorChain(error)];
    if (chain.some((e) => nameOf(e) === 'QuotaExceededError')) {
        return new index_js_1.ProtocolError('STORAGE_FULL', 'The browser has no more storage space for Fieldbook, so this could not be saved. Free some disk space (or remove other websites’ data from the browser) and try again.', { operation }, { cause: error });
    }
    const structural = chain.find((e) => STRUCTURE_ERRORS.has(nameOf(e) ?? ''));
    if (structural !== undefined) {
        return new index_js_1.ProtocolError('STRUCTURE_DAMAGED', 'Fieldbook’s offline data is incomplete (part of its structure is missing). Synchronize to rebuild it.', { operation, reason: messageOf(structural) }, { cause: error });
    }
    return new index_js_1.ProtocolError('STORAGE_FAILED', `Fieldbook could not ${operation} in the browser’s offline storage.`, { operation, error: nameOf(error) ?? 'unknown', reason: messageOf(error) }, { cause: error });
}
/** The error raised when an object type has no table: a package table that is gone is damage. */
function missingTableError(objectType, operation) {
    return new index_js_1.ProtocolError('STRUCTURE_DAMAGED', `Fieldbook’s offline data has no table for ${objectType}. Synchronize to rebuild it.`, { operation, objectType });
}
/**
 * Names meaning "the structure is not what the code expects": Dexie's
 * InvalidTableError (no such table) and SchemaError (no such index), IndexedDB's
 * NotFoundError (a transaction over a store that does not exist).
 */
const STRUCTURE_ERRORS = new Set(['InvalidTableError', 'SchemaError', 'NotFoundError']);
/** The error and everything nested in it, each once. */
function* errorChain(error, seen = new Set()) {
    if (error === null || error === undefined || seen.has(error))
        return;
    seen.add(error);
    yield error;
    if (typeof error !== 'object')
        return;
    const nested = error;
    yield* errorChain(nested.inner, seen);
    yield* errorChain(nested.cause, seen);
    for (const list of [nested.failures, nested.failuresByPos]) {
        if (list !== null && typeof list === 'object') {
            for (const failure of Object.values(list))
                yield* errorChain(failure, seen);
        }
    }
}
function nameOf(error) {
    if (error !== null && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
        return error.name;
    return undefined;
}
function messageOf(error) {
    if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string')
        return error.message;
    return String(error);
}
//# sourceMappingURL=map-storage-error.js.map