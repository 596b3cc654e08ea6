"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.resolveIssue = resolveIssue;
exports.resolveAll = resolveAll;
const index_js_1 = require("../protocol/index.js");
/**
 * The rep's answers in the conflicts panel. They are only recorded here; the next
 * sync applies them (before it uploads), or at once when the rep asks to sync now.
 */
async function resolveIssue(store, issueId, resolution) {
    const issue = (await store.listIssues()).find((i) => i.id === issueId);
    if (!issue)
        throw new index_js_1.ProtocolError('NOT_FOUND', `There is no open issue ${issueId}`, { issueId });
    const resolved = { ...issue, resolution };
    await store.putIssues([resolved]);
    return resolved;
}
/** "Resolve all the same way", optionally only the issues of one kind. */
async function resolveAll(store, resolution, kind) {
    const open = (await store.listIssues()).filter((i) => i.resolution === null && (kind === undefined || i.kind === kind));
    await store.putIssues(open.map((i) => ({ ...i, resolution })));
    return open.length;
}
//# sourceMappingURL=record-resolutions.js.map