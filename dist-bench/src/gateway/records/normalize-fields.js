"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.normalizeFields = normalizeFields;
const index_js_1 = require("../../protocol/index.js");
const index_js_2 = require("../../metadata/index.js");
/**
 * Checks the fields of an insert or update against the object definition and
 * returns them in stored form. All problems are reported together; an unknown
 * field is refused rather than dropped, so a client bug cannot lose data silently.
 * `complete` says whether `fields` is the whole record (insert, or an update
 * merged with the stored record): only then are required fields enforced.
 */
function normalizeFields(object, fields, complete) {
    const problems = [];
    const out = {};
    for (const [name, raw] of Object.entries(fields)) {
        const field = (0, index_js_2.findField)(object, name);
        if (!field) {
            problems.push(`${object.name} has no field "${name}"`);
            continue;
        }
        const coerced = (0, index_js_2.coerceFieldValue)(field, raw);
        if (coerced.ok)
            out[name] = coerced.value;
        else
            problems.push(coerced.reason);
    }
    if (complete) {
        for (const field of object.fields) {
            if (field.required && (out[field.name] === undefined || out[field.name] === null))
                problems.push(`${field.name} is required`);
        }
    }
    if (problems.length > 0) {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, { objectType: object.name, problems });
    }
    return out;
}
//# sourceMappingURL=normalize-fields.js.map