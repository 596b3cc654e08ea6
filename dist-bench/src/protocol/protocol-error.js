"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ProtocolError = void 0;
/**
 * The one error type that crosses the wire. The gateway throws it, both codecs
 * serialise it, and the client's transports rebuild it, so `code` is all a caller
 * needs to branch on.
 */
class ProtocolError extends Error {
    code;
    details;
    constructor(code, message, details, options) {
        super(message, options);
        this.name = 'ProtocolError';
        this.code = code;
        this.details = details;
    }
    toWire() {
        return this.details === undefined
            ? { code: this.code, message: this.message }
            : { code: this.code, message: this.message, details: this.details };
    }
}
exports.ProtocolError = ProtocolError;
//# sourceMappingURL=protocol-error.js.map