"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.escapeXml = escapeXml;
exports.encodeXmlElement = encodeXmlElement;
exports.encodeXmlChildren = encodeXmlChildren;
const schema_js_1 = require("./schema.js");
/**
 * Escapes text for element content and attribute values. A carriage return is
 * written as a character reference because XML parsers turn a literal CR LF into
 * LF (XML 1.0 §2.11), which would silently change field values such as notes.
 */
function escapeXml(text) {
    return text.replace(/[&<>"'\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' })[c]);
}
function scalarText(value) {
    return typeof value === 'string' ? escapeXml(value) : String(value);
}
/**
 * Writes `value` as the content of element `name` (unqualified children, as the
 * WSDL's `elementFormDefault="unqualified"` says). Arrays become repeated elements
 * named after their property; field maps become `<field><name/><value/></field>`,
 * with `<value>` left out for null.
 */
function encodeXmlElement(schemaIn, name, value) {
    const schema = (0, schema_js_1.resolve)(schemaIn);
    switch (schema.kind) {
        case 'array':
            return value.map((item) => encodeXmlElement(schema.item, name, item)).join('');
        case 'object':
            return `<${name}>${encodeXmlChildren(schema.props, value)}</${name}>`;
        case 'fieldValues': {
            const entries = Object.entries(value);
            const inner = entries
                .map(([k, v]) => `<field><name>${escapeXml(k)}</name>${v === null ? '' : `<value>${scalarText(v)}</value>`}</field>`)
                .join('');
            return `<${name}>${inner}</${name}>`;
        }
        default:
            return `<${name}>${scalarText(value)}</${name}>`;
    }
}
function encodeXmlChildren(props, value) {
    let out = '';
    for (const [key, prop] of Object.entries(props)) {
        const v = value[key];
        if (v === undefined || v === null)
            continue;
        out += encodeXmlElement(prop.schema, key, v);
    }
    return out;
}
//# sourceMappingURL=encode-xml.js.map