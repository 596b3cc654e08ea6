import type { ObjectDefinition } from '../metadata/index.js';
import { ProtocolError, type CrmRecord } from '../protocol/index.js';
import type { LocalRecord, SyncIssue } from '../store/index.js';
import { fetchRecords } from './fetch-records.js';
import { newIssue } from './new-issue.js';
import type { SyncSession } from './sync-session.js';

/** Errors that stop the whole sync (Siebel: "If a high-level error occurs … the Synchronization Engine stops"). */
const HIGH_LEVEL = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'SITE_REVOKED',
  'PACKAGE_UNAVAILABLE',
  'INCOMPATIBLE_PRODUCT',
  'CONNECTIVITY',
  'STORAGE_FULL',
  'STORAGE_FAILED',
  'STRUCTURE_DAMAGED',
  'CANCELLED',
  'PAYLOAD_TOO_LARGE',
]);

/** Any failure as a ProtocolError: a foreign one is INTERNAL, with the original as its cause. */
export function asProtocolError(raw: unknown): ProtocolError {
  return raw instanceof ProtocolError ? raw : new ProtocolError('INTERNAL', String(raw), undefined, { cause: raw });
}

/**
 * Whether an error stops the sync rather than refusing one change. It cannot tell
 * whether the request was applied, or no other request would fare better, so the
 * pending operation id stays and the next sync repeats the same request.
 */
export function stopsSync(error: ProtocolError): boolean {
  return HIGH_LEVEL.has(error.code);
}

/**
 * Turns a refused upload into the right log entry. High-level errors stop the
 * sync (the pending operation id stays, so the resumed sync repeats the same
 * request). COLLISION and NOT_FOUND become conflicts with the server's version;
 * DUPLICATE_USER_KEY a duplicate issue; anything else a failed operation,
 * retried next sync (Siebel "How Siebel CRM Desktop Handles Synchronization Errors").
 */
export async function operationFailed(
  session: SyncSession,
  record: LocalRecord,
  raw: unknown,
  kind: 'insert' | 'update' | 'delete',
): Promise<void> {
  const { store } = session;
  const error = asProtocolError(raw);
  if (stopsSync(error)) throw error;
  const conflict = error.code === 'COLLISION' || (error.code === 'NOT_FOUND' && kind === 'update');
  const object = session.pkg.objects.find((o) => o.name === record.objectType) as ObjectDefinition;
  let server: CrmRecord | null = null;
  if (conflict && record.rowId) {
    server = (await fetchRecords(session, object, [record.rowId])).get(record.rowId) ?? null;
  }
  // A duplicate names the record that holds the key when the caller may see it (details.rowId):
  // the issue keeps that record, so the rep sees which one it is and can open it.
  const existingRowId = error.code === 'DUPLICATE_USER_KEY' ? duplicateRowId(error) : null;
  if (existingRowId !== null) server = (await fetchRecords(session, object, [existingRowId])).get(existingRowId) ?? null;
  // The request was answered: the pending id is spent (a refused request wrote nothing). The
  // issue shows the record as it is when logged, in the same transaction as the pending id goes.
  await store.updateRecords({ records: [record] }, (seen) => {
    const current = seen.record(record.objectType, record.localId) ?? record;
    let issue: SyncIssue;
    if (conflict) {
      const conflictKind = server === null ? 'updatedVsDeleted' : kind === 'delete' ? 'deletedVsUpdated' : 'bothUpdated';
      issue = newIssue(session.now(), current, conflictKind, server, null);
    } else if (error.code === 'DUPLICATE_USER_KEY') {
      issue = { ...newIssue(session.now(), current, 'duplicate', server, error.code), message: error.message };
    } else {
      issue = { ...newIssue(session.now(), current, 'failed', null, error.code), message: error.message };
    }
    return { put: [{ ...current, pending: null }], putIssues: [issue], result: undefined };
  });
  session.counts = conflict
    ? { ...session.counts, conflicts: session.counts.conflicts + 1 }
    : { ...session.counts, issues: session.counts.issues + 1 };
}

/** The row id of the record holding the key, from DUPLICATE_USER_KEY's details; null when not named (not visible). */
function duplicateRowId(error: ProtocolError): string | null {
  const rowId: unknown = error.details?.['rowId'];
  return typeof rowId === 'string' && rowId !== '' ? rowId : null;
}
