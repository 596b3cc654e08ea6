import { resolve, type AnySchema, type FieldValue } from './schema.js';
import { replaceNonXmlChars } from './xml-char.js';

/**
 * Escapes text for element content and attribute values. A carriage return is
 * written as a character reference because XML parsers turn a literal CR LF into
 * LF (XML 1.0 §2.11), which would silently change field values such as notes.
 *
 * A character XML 1.0 does not allow (NUL, other C0 controls, U+FFFE/U+FFFF, a
 * lone surrogate) has no escape: not even `&#0;` is well-formed. Requests cannot
 * carry such text any more (decodeValue refuses it in both encodings, and
 * encodeSoapRequest before sending), but a value stored by an older gateway can.
 * Refusing it here would turn every later answer that includes the record into a
 * fault, so a sync could never get past it; writing it would make the whole answer
 * unreadable. So each such character is written as U+FFFD, the replacement
 * character, which is what the gateway's JSON answers show for the same stored
 * value too (toWireRecord): the output is always well-formed XML 1.0.
 */
export function escapeXml(text: string): string {
  return replaceNonXmlChars(text).replace(
    /[&<>"'\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' })[c] as string,
  );
}

function scalarText(value: FieldValue): string {
  return typeof value === 'string' ? escapeXml(value) : String(value);
}

/**
 * Writes `value` as the content of element `name` (unqualified children, as the
 * WSDL's `elementFormDefault="unqualified"` says). Arrays become repeated elements
 * named after their property; field maps become `<field><name/><value/></field>`,
 * with `<value>` left out for null.
 */
export function encodeXmlElement(schemaIn: AnySchema, name: string, value: unknown): string {
  const schema = resolve(schemaIn);
  switch (schema.kind) {
    case 'array':
      return (value as unknown[]).map((item) => encodeXmlElement(schema.item, name, item)).join('');
    case 'object':
      return `<${name}>${encodeXmlChildren(schema.props, value as Record<string, unknown>)}</${name}>`;
    case 'fieldValues': {
      const entries = Object.entries(value as Record<string, FieldValue>);
      const inner = entries
        .map(([k, v]) => `<field><name>${escapeXml(k)}</name>${v === null ? '' : `<value>${scalarText(v)}</value>`}</field>`)
        .join('');
      return `<${name}>${inner}</${name}>`;
    }
    case 'jsonObject':
      return `<${name}>${escapeXml(JSON.stringify(value))}</${name}>`;
    default:
      return `<${name}>${scalarText(value as string | number | boolean)}</${name}>`;
  }
}

export function encodeXmlChildren(props: Readonly<Record<string, { schema: AnySchema }>>, value: Record<string, unknown>): string {
  let out = '';
  for (const [key, prop] of Object.entries(props)) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    out += encodeXmlElement(prop.schema, key, v);
  }
  return out;
}
