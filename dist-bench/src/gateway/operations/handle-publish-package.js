"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handlePublishPackage = void 0;
const publish_package_js_1 = require("../packages/publish-package.js");
const handlePublishPackage = async (ctx, { request, caller, db }) => (0, publish_package_js_1.publishPackage)(db, ctx.catalog, { responsibilityId: request.responsibilityId, files: request.files, publishedBy: caller.userName, now: ctx.clock.now() });
exports.handlePublishPackage = handlePublishPackage;
//# sourceMappingURL=handle-publish-package.js.map