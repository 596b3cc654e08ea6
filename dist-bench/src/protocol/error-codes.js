"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.HTTP_STATUS_OF = exports.ERROR_CODES = void 0;
exports.isClientFault = isClientFault;
exports.isErrorCode = isErrorCode;
/**
 * The closed list of error codes shared by client and gateway. A code is part of
 * the contract: clients branch on it, so codes are added, never renamed.
 */
exports.ERROR_CODES = [
    'INVALID_REQUEST',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'DUPLICATE_USER_KEY',
    'COLLISION',
    'PAYLOAD_TOO_LARGE',
    'RATE_LIMITED',
    'SITE_REVOKED',
    'PACKAGE_UNAVAILABLE',
    'INCOMPATIBLE_PRODUCT',
    'INTERNAL',
    // Raised on the client only (never sent by the gateway), in the same list so
    // the UI maps every failure through one table.
    'CONNECTIVITY',
    'STORAGE_FULL',
    'STORAGE_FAILED',
    'STRUCTURE_DAMAGED',
    'CANCELLED',
];
/** The HTTP status the JSON encoding answers with for each code. */
exports.HTTP_STATUS_OF = {
    INVALID_REQUEST: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    NOT_FOUND: 404,
    DUPLICATE_USER_KEY: 409,
    COLLISION: 409,
    PAYLOAD_TOO_LARGE: 413,
    RATE_LIMITED: 429,
    SITE_REVOKED: 410,
    PACKAGE_UNAVAILABLE: 404,
    INCOMPATIBLE_PRODUCT: 409,
    INTERNAL: 500,
    CONNECTIVITY: 503,
    STORAGE_FULL: 507,
    STORAGE_FAILED: 500,
    STRUCTURE_DAMAGED: 500,
    CANCELLED: 499,
};
/** Codes caused by the request (SOAP `Client` faults) rather than by the server. */
function isClientFault(code) {
    return code !== 'INTERNAL';
}
function isErrorCode(value) {
    return typeof value === 'string' && exports.ERROR_CODES.includes(value);
}
//# sourceMappingURL=error-codes.js.map