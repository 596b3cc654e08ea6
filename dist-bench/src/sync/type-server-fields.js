"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.typeServerFields = typeServerFields;
const index_js_1 = require("../metadata/index.js");
/**
 * Server values in the types of the package's fields: SOAP delivers every value
 * as text, JSON numbers as numbers; after this both give the same record. Fields
 * the package does not define are dropped (the rep cannot see them anyway), and
 * a value that does not fit its type is kept as it came rather than lost.
 */
function typeServerFields(object, fields) {
    const out = {};
    for (const [name, value] of Object.entries(fields)) {
        const field = (0, index_js_1.findField)(object, name);
        if (!field)
            continue;
        const loose = { ...field, type: field.type === 'picklist' ? 'text' : field.type, maxLength: undefined };
        const coerced = (0, index_js_1.coerceFieldValue)(loose, value);
        if (coerced.ok && coerced.value !== null)
            out[name] = coerced.value;
        else if (!coerced.ok)
            out[name] = value;
    }
    return out;
}
//# sourceMappingURL=type-server-fields.js.map