"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.dispatchOperation = dispatchOperation;
const node_crypto_1 = require("node:crypto");
const index_js_1 = require("../../protocol/index.js");
const authenticate_js_1 = require("../auth/authenticate.js");
const canonical_json_js_1 = require("./canonical-json.js");
const operation_handlers_js_1 = require("./operation-handlers.js");
/**
 * Runs one decoded, validated request, whichever encoding it came in: checks the
 * session and the site, the admin right, and for mutating operations makes the
 * write and its operation-log entry one transaction, so a retried operation id
 * answers the first result instead of writing twice.
 */
async function dispatchOperation(ctx, operation, request, credentials) {
    const spec = index_js_1.OPERATIONS[operation];
    const { db } = ctx.database;
    let caller = null;
    if (spec.access === 'public') {
        if (credentials.databaseId)
            await (0, authenticate_js_1.findSite)(db, credentials.databaseId);
    }
    else {
        caller = await (0, authenticate_js_1.authenticate)(db, ctx.clock.now(), credentials);
        if (spec.access === 'admin' && !caller.isAdmin) {
            throw new index_js_1.ProtocolError('FORBIDDEN', `${operation} is for administrators only`);
        }
    }
    const handler = operation_handlers_js_1.OPERATION_HANDLERS[operation];
    const run = (conn) => handler(ctx, { request, db: conn, caller });
    if (!spec.mutating)
        return run(db);
    const operationId = request.operationId;
    if (operationId === undefined || caller === null)
        return db.transaction().execute(run);
    const userId = caller.userId;
    const requestHash = (0, node_crypto_1.createHash)('sha256').update(`${operation}\n${(0, canonical_json_js_1.canonicalJson)(request)}`).digest('hex');
    try {
        return await db.transaction().execute(async (trx) => {
            const logged = await replay(trx, userId, operationId, requestHash);
            if (logged)
                return logged;
            const response = await run(trx);
            await trx
                .insertInto('operation_log')
                .values({ user_id: userId, operation_id: operationId, operation, request_hash: requestHash, response: JSON.stringify(response), created_at: ctx.clock.now() })
                .execute();
            return response;
        });
    }
    catch (error) {
        // Two retries of one operation racing on a multi-process database: the loser's
        // log insert hits the primary key; the winner's answer is now there to replay.
        const logged = error instanceof index_js_1.ProtocolError ? undefined : await replay(db, userId, operationId, requestHash);
        if (logged)
            return logged;
        throw error;
    }
}
async function replay(db, userId, operationId, requestHash) {
    const row = await db
        .selectFrom('operation_log')
        .select(['request_hash', 'response'])
        .where('user_id', '=', userId)
        .where('operation_id', '=', operationId)
        .executeTakeFirst();
    if (!row)
        return undefined;
    if (row.request_hash !== requestHash) {
        throw new index_js_1.ProtocolError('INVALID_REQUEST', `Operation id ${operationId} was already used for a different request`, { operationId });
    }
    return JSON.parse(row.response);
}
//# sourceMappingURL=dispatch-operation.js.map