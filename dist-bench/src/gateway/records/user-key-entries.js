"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.userKeyEntries = userKeyEntries;
function normalize(value) {
    return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US') : value;
}
/**
 * The user keys a record's fields define. A key with any field empty defines
 * nothing (two contacts without e-mail are not duplicates of each other).
 * Siebel: "IBM Notes insert. Use the user key that is defined in the metadata".
 */
function userKeyEntries(object, fields) {
    const entries = [];
    for (const key of object.userKeys) {
        const values = key.map((name) => fields[name] ?? null);
        if (values.some((v) => v === null))
            continue;
        entries.push({ keyName: key.join('+'), fields: key, keyValue: JSON.stringify(values.map((v) => normalize(v))) });
    }
    return entries;
}
//# sourceMappingURL=user-key-entries.js.map