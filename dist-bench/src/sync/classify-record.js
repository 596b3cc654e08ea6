"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.classifyRecord = classifyRecord;
/**
 * Classifies one record. The change key is (ROW_ID, DB_LAST_UPD); the caller has
 * already paired the two sides by ROW_ID, so only the timestamps are compared.
 *
 * A missing server key means the record was deleted on the server or left the
 * rep's filters (or visibility): the two are indistinguishable from the keys.
 * For a clean record both mean "remove it here" (the engine keeps it read-only if
 * a synced record refers to it). For a record the rep changed, local changes are
 * never dropped for that: the update is sent, and if the record was really
 * deleted the gateway answers NOT_FOUND, which the engine turns into an
 * updated-vs-deleted conflict.
 *
 * Throws a RangeError for inputs no store can produce: neither side, or a record
 * that is not `created` yet has no ROW_ID (only records created here lack one).
 */
function classifyRecord(local, server) {
    if (local === null) {
        if (server === null)
            throw new RangeError('classifyRecord: a record with neither a local copy nor a server change key');
        // "On the Siebel Server, then it creates a corresponding record in IBM Notes."
        return 'serverInsert';
    }
    if (local.state !== 'created' && local.rowId === null) {
        throw new RangeError(`classifyRecord: a ${local.state} record without a row id (only created records lack one)`);
    }
    if (local.hasOpenIssue)
        return 'awaitingResolution';
    const sameKey = server !== null && server.lastUpd === local.lastUpd;
    switch (local.state) {
        case 'created':
            // "In IBM Notes, then it creates a corresponding record on the Siebel Server."
            // The server cannot know a record it never received: its key does not matter.
            return 'localInsert';
        case 'clean':
            if (server === null)
                return 'serverDelete';
            return sameKey ? 'nothing' : 'serverUpdate';
        case 'updated':
            // Same key: only the rep changed it. Other key: "Update the record in IBM
            // Notes and on the Siebel Server" — a conflict. No key: see above.
            if (server === null || sameKey)
                return 'localUpdate';
            return 'conflictBothUpdated';
        case 'deleted':
            // No key: already gone on the server or out of the filters; the delete is
            // still sent (a NOT_FOUND answer then just confirms it). Other key: "Update
            // the record in one data set and delete the record in the other".
            if (server === null || sameKey)
                return 'localDelete';
            return 'conflictDeletedVsUpdated';
    }
}
//# sourceMappingURL=classify-record.js.map