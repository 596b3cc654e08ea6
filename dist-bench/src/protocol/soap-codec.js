"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.FIELDBOOK_NS = exports.SOAP_ENV_NS = void 0;
exports.parseXmlSafely = parseXmlSafely;
exports.decodeSoapRequest = decodeSoapRequest;
exports.encodeSoapRequest = encodeSoapRequest;
exports.encodeSoapResponse = encodeSoapResponse;
exports.encodeSoapFault = encodeSoapFault;
exports.decodeSoapResponse = decodeSoapResponse;
const fast_xml_parser_1 = require("fast-xml-parser");
const error_codes_js_1 = require("./error-codes.js");
const decode_value_js_1 = require("./decode-value.js");
const encode_xml_js_1 = require("./encode-xml.js");
const operations_js_1 = require("./operations.js");
const protocol_error_js_1 = require("./protocol-error.js");
exports.SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
exports.FIELDBOOK_NS = 'urn:fieldbook:gateway:1';
/**
 * Safe parser settings: text stays text (`01024` is not a number), namespace
 * prefixes are dropped, and entity handling stays at the library's guarded
 * defaults. Documents with a DTD are refused before parsing at all: SOAP 1.1
 * forbids them, and that closes entity expansion and external entities.
 * Attributes are read only to honour `xsi:nil` (see normalizeElements), then dropped.
 */
const ATTRIBUTE = '@_';
const parser = new fast_xml_parser_1.XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE,
    parseAttributeValue: false,
    parseTagValue: false,
    removeNSPrefix: true,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // Numeric character references (`&#xD;`, which .NET and Java writers emit for a
    // carriage return) are plain XML, but fast-xml-parser 5 leaves them undecoded
    // unless this is on; it also decodes a few HTML names such as &nbsp;. DTD
    // entities stay refused below, so no expansion comes from it.
    htmlEntities: true,
});
/** Parses XML text into plain objects, refusing DTDs and malformed documents. */
function parseXmlSafely(xml) {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', 'XML with a document type declaration (DTD) or entity declarations is not accepted');
    }
    const valid = fast_xml_parser_1.XMLValidator.validate(xml);
    if (valid !== true) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', `Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
    }
    let doc;
    try {
        doc = parser.parse(xml);
    }
    catch (error) {
        // The parser's own guards (e.g. "Maximum nested tags exceeded") throw plain Errors;
        // they are the sender's fault, not ours.
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', `Malformed XML: ${error instanceof Error ? error.message : String(error)}`, undefined, { cause: error });
    }
    const out = (normalizeElements(doc) ?? {});
    // XMLValidator accepts several top-level elements; a document has exactly one root.
    if (Object.keys(out).length > 1)
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', 'Malformed XML: more than one root element');
    return out;
}
/**
 * Turns parsed elements into plain values. An element marked `xsi:nil="true"` is
 * left out, as if absent: node-soap writes that for every null argument, so a
 * null field value stays null instead of becoming "". Other attributes are
 * dropped. Whitespace between child elements is layout, not content; other text
 * beside elements is mixed content and stays (to be refused by the schema check).
 */
function normalizeElements(node) {
    if (Array.isArray(node))
        return node.map(normalizeElements).filter((item) => item !== undefined);
    if (typeof node !== 'object' || node === null)
        return node;
    const source = node;
    const nil = source[`${ATTRIBUTE}nil`];
    if (nil === 'true' || nil === '1')
        return undefined;
    const children = Object.keys(source).filter((key) => key !== '#text' && !key.startsWith(ATTRIBUTE));
    const text = source['#text'];
    // Text-only element that carried attributes: its text is its value, whitespace included.
    if (children.length === 0)
        return typeof text === 'string' ? text : '';
    const out = {};
    if (typeof text === 'string' && text.trim() !== '')
        out['#text'] = text;
    for (const key of children) {
        const value = normalizeElements(source[key]);
        if (value !== undefined)
            out[key] = value;
    }
    return out;
}
function readEnvelope(xml) {
    const doc = parseXmlSafely(xml);
    const env = doc['Envelope'];
    if (typeof env !== 'object' || env === null || Array.isArray(env)) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', 'Not a SOAP 1.1 message: the root element must be soap:Envelope');
    }
    const envelope = env;
    const body = envelope['Body'];
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', 'The SOAP envelope has no soap:Body with content');
    }
    const names = Object.keys(body);
    if (names.length !== 1 || Array.isArray(body[names[0]])) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', `The soap:Body must hold exactly one element, found ${names.length === 1 ? 'it repeated' : names.length}`);
    }
    const bodyName = names[0];
    const headers = {};
    const header = envelope['Header'];
    if (typeof header === 'object' && header !== null && !Array.isArray(header)) {
        const h = header;
        if (typeof h['SessionToken'] === 'string')
            headers.sessionToken = h['SessionToken'].trim();
        if (typeof h['DatabaseId'] === 'string')
            headers.databaseId = h['DatabaseId'].trim();
    }
    return { headers, bodyName, body: body[bodyName] };
}
/**
 * Decodes a SOAP request. The operation is the body element's name; a SOAPAction
 * header, when given, must name the same operation.
 */
function decodeSoapRequest(xml, soapAction) {
    const { headers, bodyName, body } = readEnvelope(xml);
    if (!(0, operations_js_1.isOperationName)(bodyName))
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', `Unknown operation "${bodyName}"`, { operation: bodyName });
    const action = (soapAction ?? '').trim().replace(/^"|"$/g, '');
    if (action !== '' && action !== bodyName && !action.endsWith(`/${bodyName}`) && !action.endsWith(`#${bodyName}`)) {
        throw new protocol_error_js_1.ProtocolError('INVALID_REQUEST', `SOAPAction "${action}" does not match the body element <${bodyName}>`);
    }
    const request = (0, decode_value_js_1.decodeValue)(operations_js_1.OPERATIONS[bodyName].request, body, 'xml', bodyName);
    return { operation: bodyName, request, headers };
}
function envelope(header, body) {
    return (`<?xml version="1.0" encoding="UTF-8"?>` +
        `<soap:Envelope xmlns:soap="${exports.SOAP_ENV_NS}" xmlns:fb="${exports.FIELDBOOK_NS}">` +
        (header ? `<soap:Header>${header}</soap:Header>` : '') +
        `<soap:Body>${body}</soap:Body></soap:Envelope>`);
}
function encodeSoapRequest(operation, request, headers = {}) {
    const header = (headers.sessionToken ? `<fb:SessionToken>${(0, encode_xml_js_1.escapeXml)(headers.sessionToken)}</fb:SessionToken>` : '') +
        (headers.databaseId ? `<fb:DatabaseId>${(0, encode_xml_js_1.escapeXml)(headers.databaseId)}</fb:DatabaseId>` : '');
    const props = operations_js_1.OPERATIONS[operation].request.props;
    return envelope(header, `<fb:${operation}>${(0, encode_xml_js_1.encodeXmlChildren)(props, request)}</fb:${operation}>`);
}
function encodeSoapResponse(operation, response) {
    const props = operations_js_1.OPERATIONS[operation].response.props;
    const name = `${operation}Response`;
    return envelope('', `<fb:${name}>${(0, encode_xml_js_1.encodeXmlChildren)(props, response)}</fb:${name}>`);
}
/** A SOAP 1.1 Fault carrying the same code as the JSON encoding's `error.code`. */
function encodeSoapFault(error) {
    const faultCode = (0, error_codes_js_1.isClientFault)(error.code) ? 'soap:Client' : 'soap:Server';
    const details = error.details === undefined ? '' : `<details>${(0, encode_xml_js_1.escapeXml)(JSON.stringify(error.details))}</details>`;
    return envelope('', `<soap:Fault><faultcode>${faultCode}</faultcode><faultstring>${(0, encode_xml_js_1.escapeXml)(error.message)}</faultstring>` +
        `<detail><fb:error><code>${error.code}</code><message>${(0, encode_xml_js_1.escapeXml)(error.message)}</message>${details}</fb:error></detail></soap:Fault>`);
}
/** Decodes a gateway answer on the client side: the response, or the fault rethrown as a ProtocolError. */
function decodeSoapResponse(operation, xml) {
    let envelope;
    try {
        envelope = readEnvelope(xml);
    }
    catch (error) {
        // A truncated or garbled answer is a failed exchange, not the gateway refusing the request.
        const reason = error instanceof Error ? error.message : String(error);
        throw new protocol_error_js_1.ProtocolError('CONNECTIVITY', `The gateway's answer could not be read: ${reason}`, { operation }, { cause: error });
    }
    const { bodyName, body } = envelope;
    if (bodyName === 'Fault')
        throw faultToError(body);
    if (bodyName !== `${operation}Response`) {
        throw new protocol_error_js_1.ProtocolError('INTERNAL', `Expected <${operation}Response> from the gateway, got <${bodyName}>`);
    }
    try {
        return (0, decode_value_js_1.decodeValue)(operations_js_1.OPERATIONS[operation].response, body, 'xml', bodyName);
    }
    catch (error) {
        throw new protocol_error_js_1.ProtocolError('INTERNAL', `The gateway's <${bodyName}> does not match the contract`, { operation }, { cause: error });
    }
}
function faultToError(body) {
    const fault = (typeof body === 'object' && body !== null ? body : {});
    const faultString = typeof fault['faultstring'] === 'string' ? fault['faultstring'] : 'SOAP fault';
    const detail = fault['detail'];
    const err = (detail && typeof detail === 'object' ? detail['error'] : undefined);
    const code = err?.['code'];
    let details;
    if (typeof err?.['details'] === 'string') {
        try {
            details = JSON.parse(err['details']);
        }
        catch {
            details = undefined;
        }
    }
    return new protocol_error_js_1.ProtocolError((0, error_codes_js_1.isErrorCode)(code) ? code : 'INTERNAL', typeof err?.['message'] === 'string' ? err['message'] : faultString, details);
}
//# sourceMappingURL=soap-codec.js.map