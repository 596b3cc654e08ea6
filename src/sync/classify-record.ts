import type { LocalRecord } from '../store/index.js';

/**
 * What one record needs in an incremental sync, from comparing its local change
 * key with the server's (Siebel, "How Siebel CRM Desktop Synchronizes Siebel CRM
 * Data", step 3: "Compares the set of IDs and timestamps … to identify differences
 * … for inserts, updates, and deletes [and] conflicts").
 * - server*: Siebel insert / update / delete: the engine changes the local copy;
 * - local*: IBM Notes insert / update / delete: the engine calls the gateway;
 * - conflict*: changed on both sides since the last sync, for the issues log;
 * - awaitingResolution: an earlier conflict the rep has not decided yet.
 */
export type Classification =
  | 'nothing'
  | 'serverInsert'
  | 'serverUpdate'
  | 'serverDelete'
  | 'localInsert'
  | 'localUpdate'
  | 'localDelete'
  | 'conflictBothUpdated'
  | 'conflictDeletedVsUpdated'
  | 'awaitingResolution';

/**
 * The local side of the comparison.
 *
 * `hasOpenIssue` means: the record has an issue of a conflict kind (bothUpdated,
 * updatedVsDeleted, deletedVsUpdated, duplicate) that the rep has not resolved.
 * Such a record waits for the rep ("Prompts the user to choose the changes to
 * keep"), whatever the server says: sending the same change again would only
 * raise the same conflict, and downloading the server's version would overwrite
 * the rep's version before the rep chose. A `failed` issue does not count: Siebel
 * "creates a synchronization issue and then attempts to do this operation again
 * during the next synchronization session", so the engine passes false for it and
 * the record is classified (and retried) like any other. An issue the rep has
 * resolved does not count either: the engine applies the resolution first.
 */
export type LocalSide = Pick<LocalRecord, 'state' | 'rowId' | 'lastUpd'> & { readonly hasOpenIssue: boolean };

/** The server's side: its change key's DB_LAST_UPD, or null when it sent no key for this ROW_ID. */
export type ServerSide = { readonly lastUpd: string } | null;

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
export function classifyRecord(local: LocalSide | null, server: ServerSide): Classification {
  if (local === null) {
    if (server === null) throw new RangeError('classifyRecord: a record with neither a local copy nor a server change key');
    // "On the Siebel Server, then it creates a corresponding record in IBM Notes."
    return 'serverInsert';
  }
  if (local.state !== 'created' && local.rowId === null) {
    throw new RangeError(`classifyRecord: a ${local.state} record without a row id (only created records lack one)`);
  }
  if (local.hasOpenIssue) return 'awaitingResolution';

  const sameKey = server !== null && server.lastUpd === local.lastUpd;
  switch (local.state) {
    case 'created':
      // "In IBM Notes, then it creates a corresponding record on the Siebel Server."
      // The server cannot know a record it never received: its key does not matter.
      return 'localInsert';
    case 'clean':
      if (server === null) return 'serverDelete';
      return sameKey ? 'nothing' : 'serverUpdate';
    case 'updated':
      // Same key: only the rep changed it. Other key: "Update the record in IBM
      // Notes and on the Siebel Server" — a conflict. No key: see above.
      if (server === null || sameKey) return 'localUpdate';
      return 'conflictBothUpdated';
    case 'deleted':
      // No key: already gone on the server or out of the filters; the delete is
      // still sent (a NOT_FOUND answer then just confirms it). Other key: "Update
      // the record in one data set and delete the record in the other".
      if (server === null || sameKey) return 'localDelete';
      return 'conflictDeletedVsUpdated';
  }
}
