import { escapeXml } from './encode-xml.js';
import { OPERATION_NAMES, OPERATIONS } from './operations.js';
import { resolve, type AnySchema, type Property } from './schema.js';
import { FIELDBOOK_NS } from './soap-codec.js';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';
const SOAP_HTTP_TRANSPORT = 'http://schemas.xmlsoap.org/soap/http';

/** Names the schema language cannot produce itself; kept apart so a wire type cannot take them by accident. */
const FIELD_VALUES_TYPE = 'FieldValues';
const FIELD_VALUE_TYPE = 'FieldValue';
const ERROR_TYPE = 'Error';

/** Element and type names go into the document unescaped, so they must be plain XML names. */
const NC_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(name: string, what: string): string {
  if (!NC_NAME.test(name)) throw new Error(`WSDL: ${what} "${name}" is not a valid XML name`);
  return name;
}

/**
 * Collects the named XSD types reachable from the operations, each emitted once.
 * A name belongs to one schema object: two different schemas under one type name
 * would silently merge in the WSDL, so that is refused as a bug in the wire types.
 */
class TypeCollector {
  /** Which schema (or built-in marker) owns each type name. */
  private readonly owners = new Map<string, unknown>();
  /** Type definitions in the order they were first reached, so the output is stable. */
  private readonly definitions: string[] = [];

  constructor() {
    // The SOAP form of a field map, written by encode-xml.ts as <field><name/><value/></field>;
    // no <value> means null.
    this.claim(FIELD_VALUE_TYPE, FIELD_VALUE_TYPE);
    this.definitions.push(
      complexType(FIELD_VALUE_TYPE, [
        `<xsd:element name="name" type="xsd:string"/>`,
        `<xsd:element name="value" type="xsd:string" minOccurs="0"/>`,
      ]),
    );
    this.claim(FIELD_VALUES_TYPE, FIELD_VALUES_TYPE);
    this.definitions.push(
      complexType(FIELD_VALUES_TYPE, [`<xsd:element name="field" type="tns:${FIELD_VALUE_TYPE}" minOccurs="0" maxOccurs="unbounded"/>`]),
    );
    // The fault detail written by encodeSoapFault; details is JSON text.
    this.claim(ERROR_TYPE, ERROR_TYPE);
    this.definitions.push(
      complexType(ERROR_TYPE, [
        `<xsd:element name="code" type="xsd:string"/>`,
        `<xsd:element name="message" type="xsd:string"/>`,
        `<xsd:element name="details" type="xsd:string" minOccurs="0"/>`,
      ]),
    );
  }

  /** True when the name was free; false when `owner` already holds it. */
  private claim(name: string, owner: unknown): boolean {
    checkName(name, 'type name');
    const current = this.owners.get(name);
    if (current === undefined) {
      this.owners.set(name, owner);
      return true;
    }
    if (current !== owner) throw new Error(`WSDL: type name "${name}" is used by two different schemas`);
    return false;
  }

  /** The qualified type of a single (non-repeated) element holding values of `schemaIn`. */
  typeOf(schemaIn: AnySchema): string {
    const schema = resolve(schemaIn);
    switch (schema.kind) {
      case 'string':
      case 'scalar':
        // Lengths and patterns are checked by decodeValue; XSD regexes differ from
        // JavaScript's, so repeating them here would risk refusing valid values.
        return 'xsd:string';
      case 'integer':
        return 'xsd:long';
      case 'boolean':
        return 'xsd:boolean';
      case 'fieldValues':
        return `tns:${FIELD_VALUES_TYPE}`;
      case 'jsonObject':
        // JSON text, like the details of a fault's <error>.
        return 'xsd:string';
      case 'enum':
        if (this.claim(schema.typeName, schema)) {
          const values = schema.values.map((v) => `<xsd:enumeration value="${escapeXml(v)}"/>`).join('');
          this.definitions.push(
            `<xsd:simpleType name="${schema.typeName}"><xsd:restriction base="xsd:string">${values}</xsd:restriction></xsd:simpleType>`,
          );
        }
        return `tns:${schema.typeName}`;
      case 'object':
        // Claim before walking the properties so a recursive type (FilterExpr) refers to itself.
        if (this.claim(schema.typeName, schema)) {
          const index = this.definitions.push('') - 1;
          this.definitions[index] = complexType(schema.typeName, this.elementsOf(schema.props));
        }
        return `tns:${schema.typeName}`;
      case 'array':
        throw new Error('WSDL: a list has no single-element type; lists are written as repeated elements of their property');
    }
  }

  /** The sequence members for an object's properties; lists become repeated elements. */
  elementsOf(props: Readonly<Record<string, Property>>): string[] {
    return Object.entries(props).map(([name, prop]) => {
      checkName(name, 'element name');
      const schema = resolve(prop.schema);
      if (schema.kind === 'array') {
        if (resolve(schema.item).kind === 'array') throw new Error(`WSDL: "${name}" is a list of lists, which has no XML form`);
        // An empty list is written as no element at all, hence minOccurs="0" even when required.
        return `<xsd:element name="${name}" type="${this.typeOf(schema.item)}" minOccurs="0" maxOccurs="unbounded"/>`;
      }
      return `<xsd:element name="${name}" type="${this.typeOf(schema)}"${prop.optional ? ' minOccurs="0"' : ''}/>`;
    });
  }

  all(): readonly string[] {
    return this.definitions;
  }
}

function complexType(name: string, elements: readonly string[]): string {
  return elements.length === 0
    ? `<xsd:complexType name="${name}"><xsd:sequence/></xsd:complexType>`
    : `<xsd:complexType name="${name}"><xsd:sequence>${elements.join('')}</xsd:sequence></xsd:complexType>`;
}

/**
 * The WSDL 1.1 description of the SOAP encoding, generated from OPERATIONS so that
 * it cannot drift from the codec: document/literal, one body element `<Op>` in
 * FIELDBOOK_NS with unqualified children, answered by `<OpResponse>`, SOAPAction
 * `Op`, faults carrying `<fb:error>` in their detail and the session and database
 * ids as `<fb:SessionToken>` / `<fb:DatabaseId>` headers.
 */
export function buildWsdl(endpointUrl: string): string {
  const types = new TypeCollector();
  const elements: string[] = [
    `<xsd:element name="SessionToken" type="xsd:string"/>`,
    `<xsd:element name="DatabaseId" type="xsd:string"/>`,
    `<xsd:element name="error" type="tns:${ERROR_TYPE}"/>`,
  ];
  const messages: string[] = [
    `<wsdl:message name="FieldbookFault"><wsdl:part name="fault" element="tns:error"/></wsdl:message>`,
    // One message for both headers: WSDL 1.1 binds a header by message and part.
    `<wsdl:message name="FieldbookHeaders"><wsdl:part name="SessionToken" element="tns:SessionToken"/><wsdl:part name="DatabaseId" element="tns:DatabaseId"/></wsdl:message>`,
  ];
  const portOps: string[] = [];
  const bindingOps: string[] = [];

  for (const name of OPERATION_NAMES) {
    checkName(name, 'operation name');
    const spec = OPERATIONS[name];
    // Elements are named per operation, types may be shared (InsertRecord and UpdateRecord both answer WriteResult).
    elements.push(`<xsd:element name="${name}" type="${types.typeOf(spec.request)}"/>`);
    elements.push(`<xsd:element name="${name}Response" type="${types.typeOf(spec.response)}"/>`);
    messages.push(
      `<wsdl:message name="${name}Input"><wsdl:part name="parameters" element="tns:${name}"/></wsdl:message>`,
      `<wsdl:message name="${name}Output"><wsdl:part name="parameters" element="tns:${name}Response"/></wsdl:message>`,
    );
    portOps.push(
      `<wsdl:operation name="${name}">` +
        `<wsdl:documentation>${escapeXml(spec.doc)}</wsdl:documentation>` +
        `<wsdl:input message="tns:${name}Input"/>` +
        `<wsdl:output message="tns:${name}Output"/>` +
        `<wsdl:fault name="FieldbookFault" message="tns:FieldbookFault"/>` +
        `</wsdl:operation>`,
    );
    // Login is the only call made before a session exists; every other call may carry both headers.
    const headers =
      spec.access === 'public'
        ? ''
        : `<soap:header message="tns:FieldbookHeaders" part="SessionToken" use="literal"/>` +
          `<soap:header message="tns:FieldbookHeaders" part="DatabaseId" use="literal"/>`;
    bindingOps.push(
      `<wsdl:operation name="${name}">` +
        `<soap:operation soapAction="${name}" style="document"/>` +
        `<wsdl:input>${headers}<soap:body use="literal"/></wsdl:input>` +
        `<wsdl:output><soap:body use="literal"/></wsdl:output>` +
        `<wsdl:fault name="FieldbookFault"><soap:fault name="FieldbookFault" use="literal"/></wsdl:fault>` +
        `</wsdl:operation>`,
    );
  }

  // One declaration per line keeps the document readable when fetched with ?wsdl.
  const lines = (items: readonly string[], indent: string) => items.map((item) => `${indent}${item}\n`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<wsdl:definitions name="Fieldbook" targetNamespace="${FIELDBOOK_NS}" xmlns:wsdl="${WSDL_NS}" xmlns:soap="${WSDL_SOAP_NS}" xmlns:xsd="${XSD_NS}" xmlns:tns="${FIELDBOOK_NS}">\n` +
    `  <wsdl:types>\n` +
    `    <xsd:schema targetNamespace="${FIELDBOOK_NS}" elementFormDefault="unqualified" xmlns:tns="${FIELDBOOK_NS}">\n` +
    lines(types.all(), '      ') +
    lines(elements, '      ') +
    `    </xsd:schema>\n` +
    `  </wsdl:types>\n` +
    lines(messages, '  ') +
    `  <wsdl:portType name="FieldbookPortType">\n` +
    lines(portOps, '    ') +
    `  </wsdl:portType>\n` +
    `  <wsdl:binding name="FieldbookBinding" type="tns:FieldbookPortType">\n` +
    `    <soap:binding style="document" transport="${SOAP_HTTP_TRANSPORT}"/>\n` +
    lines(bindingOps, '    ') +
    `  </wsdl:binding>\n` +
    `  <wsdl:service name="FieldbookService">\n` +
    `    <wsdl:port name="FieldbookPort" binding="tns:FieldbookBinding"><soap:address location="${escapeXml(endpointUrl)}"/></wsdl:port>\n` +
    `  </wsdl:service>\n` +
    `</wsdl:definitions>\n`
  );
}
