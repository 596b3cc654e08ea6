"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.withoutNulls = withoutNulls;
/** Stored records leave empty fields out: one way to say "no value", in every write path. */
function withoutNulls(fields) {
    const out = {};
    for (const [name, value] of Object.entries(fields))
        if (value !== null)
            out[name] = value;
    return out;
}
//# sourceMappingURL=without-nulls.js.map