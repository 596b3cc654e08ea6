"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.toProtocolError = toProtocolError;
const index_js_1 = require("../../protocol/index.js");
/**
 * Maps anything thrown while serving a request onto the closed list of error
 * codes: framework errors about the request body become INVALID_REQUEST or
 * PAYLOAD_TOO_LARGE; anything unexpected is INTERNAL and keeps its cause for the log.
 */
function toProtocolError(error) {
    if (error instanceof index_js_1.ProtocolError)
        return error;
    const e = error;
    if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e?.statusCode === 413) {
        return new index_js_1.ProtocolError('PAYLOAD_TOO_LARGE', 'The request body is larger than the gateway accepts', undefined, { cause: error });
    }
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
        const detail = typeof e.message === 'string' ? e.message : 'bad request';
        return new index_js_1.ProtocolError('INVALID_REQUEST', `The request could not be read: ${detail}`, undefined, { cause: error });
    }
    return new index_js_1.ProtocolError('INTERNAL', 'The gateway failed to process the request', undefined, { cause: error });
}
//# sourceMappingURL=to-protocol-error.js.map