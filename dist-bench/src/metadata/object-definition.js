"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findObject = findObject;
exports.findField = findField;
function findObject(catalog, name) {
    return catalog.objects.find((o) => o.name === name);
}
function findField(object, name) {
    return object.fields.find((f) => f.name === name);
}
//# sourceMappingURL=object-definition.js.map