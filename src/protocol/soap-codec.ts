import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isClientFault, isErrorCode } from './error-codes.js';
import { decodeValue } from './decode-value.js';
import { elementPathAt } from './element-path-at.js';
import { encodeXmlChildren, escapeXml } from './encode-xml.js';
import { isOperationName, OPERATIONS, type OperationName, type RequestOf, type ResponseOf } from './operations.js';
import { ProtocolError, type ErrorDetails } from './protocol-error.js';
import { rootElementNamespace } from './root-element-namespace.js';
import { firstNonXmlChar, firstNonXmlCharInMarkup, nonXmlCharReason } from './xml-char.js';

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

/**
 * Parses XML text into plain objects, refusing DTDs, malformed documents and
 * characters XML 1.0 does not allow (raw or as character references).
 */
export function parseXmlSafely(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new ProtocolError('INVALID_REQUEST', 'XML with a document type declaration (DTD) or entity declarations is not accepted');
  }
  refuseNonXmlChars(xml);
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
 * The text rule of decodeValue, applied to the raw document: a character XML 1.0
 * does not allow is refused wherever it is, raw or as a reference, naming the
 * element it was found in (`Login.userName`, `Header.SessionToken`). Before
 * parsing, because the parser would silently drop or change it.
 */
function refuseNonXmlChars(xml: string): void {
  const found = firstNonXmlCharInMarkup(xml);
  if (!found) return;
  const open = elementPathAt(xml, found.index);
  const inside = open[0] === 'Envelope' ? (open[1] === 'Body' ? open.slice(2) : open.slice(1)) : open;
  const path = inside.length === 0 ? 'the document' : inside.join('.');
  const before = xml.slice(0, found.index).split('\n');
  const at = `line ${before.length}, column ${(before[before.length - 1] ?? '').length + 1}`;
  const problem = `${path}: ${nonXmlCharReason(found, found.reference ? `as the character reference ${found.reference} (${at})` : `(${at})`)}`;
  throw new ProtocolError('INVALID_REQUEST', `Invalid request: ${problem}`, { problems: [problem] });
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
  if ('Envelope' in doc) {
    // SOAP 1.1 §4.4: an Envelope in another namespace (SOAP 1.2's, or none) is a
    // VersionMismatch, not a message to read as if it were 1.1.
    const namespace = rootElementNamespace(xml);
    if (namespace !== SOAP_ENV_NS) throw soapVersionMismatch(namespace);
  }
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

/**
 * The client's SOAP request. Text the gateway would refuse for its characters is
 * refused here already, with the same code and wording: the encoder must not
 * change it silently (escapeXml would replace such characters), and JSON sends it
 * as it is, to be refused by the gateway.
 */
export function encodeSoapRequest<N extends OperationName>(operation: N, request: RequestOf<N>, headers: SoapHeaders = {}): string {
  // Only the two headers: callers pass a wider context object (the transport's call context).
  refuseNonXmlText({ sessionToken: headers.sessionToken ?? '', databaseId: headers.databaseId ?? '' }, 'Header');
  refuseNonXmlText(request, operation);
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

function refuseNonXmlText(value: unknown, path: string): void {
  if (typeof value === 'string') {
    const found = firstNonXmlChar(value);
    if (!found) return;
    const problem = `${path}: ${nonXmlCharReason(found)}`;
    throw new ProtocolError('INVALID_REQUEST', `Invalid request: ${problem}`, { problems: [problem] });
  }
  if (Array.isArray(value)) value.forEach((item, i) => refuseNonXmlText(item, `${path}[${i}]`));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      refuseNonXmlText(key, `${path} (a field name)`);
      refuseNonXmlText(item, `${path}.${key}`);
    }
  }
}

/**
 * The refusal of an envelope that is not SOAP 1.1's: INVALID_REQUEST like any
 * request the gateway cannot read (the client's remedy is the same: send what the
 * WSDL describes), answered with the fault code SOAP 1.1 §4.4.1 reserves for it.
 * The details name both namespaces; `supportedEnvelopeNamespace` is what marks
 * the error as a version mismatch for encodeSoapFault.
 */
export function soapVersionMismatch(found: string | null): ProtocolError {
  return new ProtocolError(
    'INVALID_REQUEST',
    `Not a SOAP 1.1 envelope: its namespace is ${found === null ? 'missing' : `"${found}"`}; this gateway speaks SOAP 1.1 (${SOAP_ENV_NS}) only`,
    { envelopeNamespace: found, supportedEnvelopeNamespace: SOAP_ENV_NS },
  );
}

function faultCodeOf(error: ProtocolError): string {
  if (error.details?.['supportedEnvelopeNamespace'] !== undefined) return 'soap:VersionMismatch';
  return isClientFault(error.code) ? 'soap:Client' : 'soap:Server';
}

/** A SOAP 1.1 Fault carrying the same code as the JSON encoding's `error.code`. */
export function encodeSoapFault(error: ProtocolError): string {
  const faultCode = faultCodeOf(error);
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
