import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isClientFault, isErrorCode } from './error-codes.js';
import { decodeValue } from './decode-value.js';
import { encodeXmlChildren, escapeXml } from './encode-xml.js';
import { isOperationName, OPERATIONS, type OperationName, type RequestOf, type ResponseOf } from './operations.js';
import { ProtocolError, type ErrorDetails } from './protocol-error.js';

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const FIELDBOOK_NS = 'urn:fieldbook:gateway:1';

/**
 * Safe parser settings: text stays text (`01024` is not a number), namespace
 * prefixes are dropped, and entity handling stays at the library's guarded
 * defaults. Documents with a DTD are refused before parsing at all: SOAP 1.1
 * forbids them, and that closes entity expansion and external entities.
 * Attributes are read only to honour `xsi:nil` (see normalizeElements), then dropped.
 */
const ATTRIBUTE = '@_';
const parser = new XMLParser({
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
export function parseXmlSafely(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new ProtocolError('INVALID_REQUEST', 'XML with a document type declaration (DTD) or entity declarations is not accepted');
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ProtocolError('INVALID_REQUEST', `Malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (error) {
    // The parser's own guards (e.g. "Maximum nested tags exceeded") throw plain Errors;
    // they are the sender's fault, not ours.
    throw new ProtocolError('INVALID_REQUEST', `Malformed XML: ${error instanceof Error ? error.message : String(error)}`, undefined, {
      cause: error,
    });
  }
  const out = (normalizeElements(doc) ?? {}) as Record<string, unknown>;
  // XMLValidator accepts several top-level elements; a document has exactly one root.
  if (Object.keys(out).length > 1) throw new ProtocolError('INVALID_REQUEST', 'Malformed XML: more than one root element');
  return out;
}

/**
 * Turns parsed elements into plain values. An element marked `xsi:nil="true"` is
 * left out, as if absent: node-soap writes that for every null argument, so a
 * null field value stays null instead of becoming "". Other attributes are
 * dropped. Whitespace between child elements is layout, not content; other text
 * beside elements is mixed content and stays (to be refused by the schema check).
 */
function normalizeElements(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeElements).filter((item) => item !== undefined);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as Record<string, unknown>;
  const nil = source[`${ATTRIBUTE}nil`];
  if (nil === 'true' || nil === '1') return undefined;
  const children = Object.keys(source).filter((key) => key !== '#text' && !key.startsWith(ATTRIBUTE));
  const text = source['#text'];
  // Text-only element that carried attributes: its text is its value, whitespace included.
  if (children.length === 0) return typeof text === 'string' ? text : '';
  const out: Record<string, unknown> = {};
  if (typeof text === 'string' && text.trim() !== '') out['#text'] = text;
  for (const key of children) {
    const value = normalizeElements(source[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

export interface SoapHeaders {
  sessionToken?: string;
  databaseId?: string;
}

interface Envelope {
  headers: SoapHeaders;
  bodyName: string;
  body: unknown;
}

function readEnvelope(xml: string): Envelope {
  const doc = parseXmlSafely(xml);
  const env = doc['Envelope'];
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new ProtocolError('INVALID_REQUEST', 'Not a SOAP 1.1 message: the root element must be soap:Envelope');
  }
  const envelope = env as Record<string, unknown>;
  const body = envelope['Body'];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('INVALID_REQUEST', 'The SOAP envelope has no soap:Body with content');
  }
  const names = Object.keys(body);
  if (names.length !== 1 || Array.isArray((body as Record<string, unknown>)[names[0] as string])) {
    throw new ProtocolError(
      'INVALID_REQUEST',
      `The soap:Body must hold exactly one element, found ${names.length === 1 ? 'it repeated' : names.length}`,
    );
  }
  const bodyName = names[0] as string;
  const headers: SoapHeaders = {};
  const header = envelope['Header'];
  if (typeof header === 'object' && header !== null && !Array.isArray(header)) {
    const h = header as Record<string, unknown>;
    if (typeof h['SessionToken'] === 'string') headers.sessionToken = h['SessionToken'].trim();
    if (typeof h['DatabaseId'] === 'string') headers.databaseId = h['DatabaseId'].trim();
  }
  return { headers, bodyName, body: (body as Record<string, unknown>)[bodyName] };
}

export interface DecodedSoapRequest<N extends OperationName = OperationName> {
  operation: N;
  request: RequestOf<N>;
  headers: SoapHeaders;
}

/**
 * Decodes a SOAP request. The operation is the body element's name; a SOAPAction
 * header, when given, must name the same operation.
 */
export function decodeSoapRequest(xml: string, soapAction: string | undefined): DecodedSoapRequest {
  const { headers, bodyName, body } = readEnvelope(xml);
  if (!isOperationName(bodyName)) throw new ProtocolError('INVALID_REQUEST', `Unknown operation "${bodyName}"`, { operation: bodyName });
  const action = (soapAction ?? '').trim().replace(/^"|"$/g, '');
  if (action !== '' && action !== bodyName && !action.endsWith(`/${bodyName}`) && !action.endsWith(`#${bodyName}`)) {
    throw new ProtocolError('INVALID_REQUEST', `SOAPAction "${action}" does not match the body element <${bodyName}>`);
  }
  const request = decodeValue(OPERATIONS[bodyName].request, body, 'xml', bodyName) as RequestOf<OperationName>;
  return { operation: bodyName, request, headers };
}

function envelope(header: string, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:fb="${FIELDBOOK_NS}">` +
    (header ? `<soap:Header>${header}</soap:Header>` : '') +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`
  );
}

export function encodeSoapRequest<N extends OperationName>(operation: N, request: RequestOf<N>, headers: SoapHeaders = {}): string {
  const header =
    (headers.sessionToken ? `<fb:SessionToken>${escapeXml(headers.sessionToken)}</fb:SessionToken>` : '') +
    (headers.databaseId ? `<fb:DatabaseId>${escapeXml(headers.databaseId)}</fb:DatabaseId>` : '');
  const props = OPERATIONS[operation].request.props;
  return envelope(header, `<fb:${operation}>${encodeXmlChildren(props, request)}</fb:${operation}>`);
}

export function encodeSoapResponse<N extends OperationName>(operation: N, response: ResponseOf<N>): string {
  const props = OPERATIONS[operation].response.props;
  const name = `${operation}Response`;
  return envelope('', `<fb:${name}>${encodeXmlChildren(props, response)}</fb:${name}>`);
}

/** A SOAP 1.1 Fault carrying the same code as the JSON encoding's `error.code`. */
export function encodeSoapFault(error: ProtocolError): string {
  const faultCode = isClientFault(error.code) ? 'soap:Client' : 'soap:Server';
  const details = error.details === undefined ? '' : `<details>${escapeXml(JSON.stringify(error.details))}</details>`;
  return envelope(
    '',
    `<soap:Fault><faultcode>${faultCode}</faultcode><faultstring>${escapeXml(error.message)}</faultstring>` +
      `<detail><fb:error><code>${error.code}</code><message>${escapeXml(error.message)}</message>${details}</fb:error></detail></soap:Fault>`,
  );
}

/** Decodes a gateway answer on the client side: the response, or the fault rethrown as a ProtocolError. */
export function decodeSoapResponse<N extends OperationName>(operation: N, xml: string): ResponseOf<N> {
  let envelope: Envelope;
  try {
    envelope = readEnvelope(xml);
  } catch (error) {
    // A truncated or garbled answer is a failed exchange, not the gateway refusing the request.
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError('CONNECTIVITY', `The gateway's answer could not be read: ${reason}`, { operation }, { cause: error });
  }
  const { bodyName, body } = envelope;
  if (bodyName === 'Fault') throw faultToError(body);
  if (bodyName !== `${operation}Response`) {
    throw new ProtocolError('INTERNAL', `Expected <${operation}Response> from the gateway, got <${bodyName}>`);
  }
  try {
    return decodeValue(OPERATIONS[operation].response, body, 'xml', bodyName) as ResponseOf<N>;
  } catch (error) {
    throw new ProtocolError('INTERNAL', `The gateway's <${bodyName}> does not match the contract`, { operation }, { cause: error });
  }
}

function faultToError(body: unknown): ProtocolError {
  const fault = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const faultString = typeof fault['faultstring'] === 'string' ? fault['faultstring'] : 'SOAP fault';
  const detail = fault['detail'] as Record<string, unknown> | undefined;
  const err = (detail && typeof detail === 'object' ? detail['error'] : undefined) as Record<string, unknown> | undefined;
  const code = err?.['code'];
  let details: ErrorDetails | undefined;
  if (typeof err?.['details'] === 'string') {
    try {
      details = JSON.parse(err['details']) as ErrorDetails;
    } catch {
      details = undefined;
    }
  }
  return new ProtocolError(
    isErrorCode(code) ? code : 'INTERNAL',
    typeof err?.['message'] === 'string' ? err['message'] : faultString,
    details,
  );
}
