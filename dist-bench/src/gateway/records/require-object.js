"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.requireObject = requireObject;
const index_js_1 = require("../../protocol/index.js");
const index_js_2 = require("../../metadata/index.js");
function requireObject(catalog, objectType) {
    const object = (0, index_js_2.findObject)(catalog, objectType);
    if (!object) {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', `Unknown object type "${objectType}"`, {
            objectType,
            known: catalog.objects.map((o) => o.name),
        });
    }
    return object;
}
//# sourceMappingURL=require-object.js.map