"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SoapTransport = void 0;
const index_js_1 = require("../protocol/index.js");
/**
 * The SOAP 1.1 encoding: POST /soap with SOAPAction. Record field values arrive
 * as text; the engine types them through the package's field definitions, so both
 * transports leave identical data in the store.
 */
class SoapTransport {
    baseUrl;
    fetchFn;
    constructor(baseUrl, fetchFn = (url, init) => fetch(url, init)) {
        this.baseUrl = baseUrl;
        this.fetchFn = fetchFn;
    }
    async call(operation, request, context) {
        let text;
        try {
            const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/soap`, {
                method: 'POST',
                headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
                body: (0, index_js_1.encodeSoapRequest)(operation, request, context),
            });
            text = await res.text();
        }
        catch (error) {
            throw new index_js_1.ProtocolError('CONNECTIVITY', 'The gateway could not be reached. Check the network connection and try again.', { operation }, { cause: error });
        }
        return (0, index_js_1.decodeSoapResponse)(operation, text);
    }
}
exports.SoapTransport = SoapTransport;
//# sourceMappingURL=soap-transport.js.map