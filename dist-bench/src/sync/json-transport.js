"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.JsonTransport = void 0;
const index_js_1 = require("../protocol/index.js");
/** The JSON encoding: POST /api/<Operation>. */
class JsonTransport {
    baseUrl;
    fetchFn;
    constructor(baseUrl, fetchFn = (url, init) => fetch(url, init)) {
        this.baseUrl = baseUrl;
        this.fetchFn = fetchFn;
    }
    async call(operation, request, context) {
        const headers = { 'content-type': 'application/json' };
        if (context.sessionToken)
            headers['authorization'] = `Bearer ${context.sessionToken}`;
        if (context.databaseId)
            headers['x-database-id'] = context.databaseId;
        let status;
        let text;
        try {
            const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/api/${operation}`, { method: 'POST', headers, body: JSON.stringify(request) });
            status = res.status;
            text = await res.text();
        }
        catch (error) {
            throw new index_js_1.ProtocolError('CONNECTIVITY', 'The gateway could not be reached. Check the network connection and try again.', { operation }, { cause: error });
        }
        let body;
        try {
            body = JSON.parse(text);
        }
        catch (error) {
            throw new index_js_1.ProtocolError('CONNECTIVITY', `The gateway answered something that is not JSON (HTTP ${status}).`, { operation, status }, { cause: error });
        }
        const maybeError = body?.error;
        if (status >= 400 || maybeError) {
            const code = (0, index_js_1.isErrorCode)(maybeError?.code) ? maybeError.code : 'INTERNAL';
            throw new index_js_1.ProtocolError(code, typeof maybeError?.message === 'string' ? maybeError.message : `HTTP ${status}`, (maybeError?.details ?? undefined));
        }
        return body;
    }
}
exports.JsonTransport = JsonTransport;
//# sourceMappingURL=json-transport.js.map