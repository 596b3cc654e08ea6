"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.WRITE_CHUNK_SIZE = exports.normalizeGatewayUrl = exports.localStoreName = exports.openLocalStore = exports.deleteLocalStore = void 0;
var open_local_store_js_1 = require("./open-local-store.js");
Object.defineProperty(exports, "deleteLocalStore", { enumerable: true, get: function () { return open_local_store_js_1.deleteLocalStore; } });
Object.defineProperty(exports, "openLocalStore", { enumerable: true, get: function () { return open_local_store_js_1.openLocalStore; } });
var local_store_name_js_1 = require("./local-store-name.js");
Object.defineProperty(exports, "localStoreName", { enumerable: true, get: function () { return local_store_name_js_1.localStoreName; } });
Object.defineProperty(exports, "normalizeGatewayUrl", { enumerable: true, get: function () { return local_store_name_js_1.normalizeGatewayUrl; } });
var split_into_chunks_js_1 = require("./split-into-chunks.js");
Object.defineProperty(exports, "WRITE_CHUNK_SIZE", { enumerable: true, get: function () { return split_into_chunks_js_1.WRITE_CHUNK_SIZE; } });
//# sourceMappingURL=index.js.map