"use strict";
/**
 * A small schema language for the wire types.
 *
 * One description per shape drives four things, so they cannot drift apart:
 * the TypeScript type (`Infer`), validation of JSON bodies, decoding and encoding
 * of SOAP elements, and the XSD types inside the WSDL. General-purpose schema
 * libraries give the first two; the SOAP side needs to know which elements repeat
 * and which text is a number, so the schema has to be ours.
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.s = void 0;
exports.resolve = resolve;
exports.s = {
    string(options = {}) {
        return {
            kind: 'string',
            minLength: options.min ?? 0,
            maxLength: options.max ?? 10_000,
            ...(options.pattern ? { pattern: options.pattern, patternName: options.patternName ?? options.pattern.source } : {}),
        };
    },
    integer(options = {}) {
        return { kind: 'integer', min: options.min ?? Number.MIN_SAFE_INTEGER, max: options.max ?? Number.MAX_SAFE_INTEGER };
    },
    boolean() {
        return { kind: 'boolean' };
    },
    enum(typeName, values) {
        return { kind: 'enum', typeName, values };
    },
    scalar() {
        return { kind: 'scalar' };
    },
    fieldValues(maxFields = 200) {
        return { kind: 'fieldValues', maxFields };
    },
    array(item, options = {}) {
        return { kind: 'array', item, minItems: options.min ?? 0, maxItems: options.max ?? 100_000 };
    },
    object(typeName, props, check) {
        return { kind: 'object', typeName, props, ...(check ? { check } : {}) };
    },
    /** Indirection for recursive shapes; T is given explicitly. */
    lazy(get) {
        return { kind: 'lazy', get };
    },
    /** A required property. */
    req(schema) {
        return { schema, optional: false };
    },
    /** An optional property: absent in JSON, no element in SOAP. */
    opt(schema) {
        return { schema, optional: true };
    },
};
function resolve(schema) {
    let current = schema;
    while (current.kind === 'lazy')
        current = current.get();
    return current;
}
//# sourceMappingURL=schema.js.map