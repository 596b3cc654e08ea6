import type { ObjectDefinition } from '../metadata/index.js';
import { ProtocolError, type CrmRecord, type FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore, PendingUpload, SyncIssue } from '../store/index.js';
import { fetchRecords } from './fetch-records.js';
import { issueId, newIssue } from './new-issue.js';
import { sameVersion } from './same-version.js';
import type { SyncSession } from './sync-session.js';

// Uploads of one record each (Siebel: "IBM Notes insert / update / delete"): every
// request carries an operation id saved on the record before it is sent, and every
// write of what the gateway answered is decided inside one store transaction.

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

/** How often a request is prepared again when the rep keeps changing the record meanwhile; then it waits for the next sync. */
const MARK_PENDING_ATTEMPTS = 3;

/**
 * Saves `pending` on the record, built from the record as read now (`prepare`), in
 * one conditional write: if the rep changed the record while the request was being
 * prepared, it is prepared again from the new version (a few times), else left for
 * the next sync. Returns the record with its pending request, or null when there is
 * nothing to send (`prepare` says so, or the record keeps changing).
 */
async function markPending(
  session: SyncSession,
  object: ObjectDefinition,
  localId: string,
  prepare: (record: LocalRecord) => Promise<PendingUpload | null>,
): Promise<LocalRecord | null> {
  const { store } = session;
  for (let attempt = 0; attempt < MARK_PENDING_ATTEMPTS; attempt++) {
    const record = await store.getRecord(object.name, localId);
    if (record === undefined) return null;
    if (record.pending !== null) return record; // sent before an interruption: resent as it is
    const pending = await prepare(record);
    if (pending === null) return null;
    const marked = await store.updateRecords({ records: [record] }, (seen) => {
      const current = seen.record(object.name, localId);
      if (current === undefined || !sameVersion(current, record)) return { result: null };
      const next: LocalRecord = { ...current, pending };
      return { put: [next], result: next };
    });
    if (marked !== null) return marked;
  }
  return null;
}

/** Siebel "IBM Notes insert": the gateway checks the user keys; a match becomes a sync issue. */
export async function uploadInsert(session: SyncSession, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
  const { store, transport } = session;
  let record: LocalRecord | null;
  try {
    record = await markPending(session, object, planned.localId, async (r) => {
      if (r.state !== 'created') return null;
      const fields = await resolveReferences(session.store, object, r.fields);
      // null: refers to a record that is not uploaded yet; next sync
      return fields === null ? null : { kind: 'insert', operationId: session.newOperationId(), fields, modNum: null };
    });
  } catch (error) {
    return operationFailed(session, planned, error, 'insert'); // refers to a record deleted before it was uploaded
  }
  if (record === null || record.pending?.kind !== 'insert') return;
  const pending = record.pending;
  try {
    const result = await transport.call(
      'InsertRecord',
      { operationId: pending.operationId, objectType: object.name, fields: pending.fields },
      session.context,
    );
    session.insertedRowIds.add(result.rowId);
    session.uploadedLocalIds.add(record.localId);
    const sent = record;
    await store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
      const current = seen.record(object.name, sent.localId) ?? sent;
      const changedMeanwhile = !sameFields(current.fields, pending.fields);
      const uploaded: LocalRecord = {
        ...current,
        rowId: result.rowId,
        lastUpd: result.lastUpd,
        modNum: result.modNum,
        base: pending.fields,
        origin: 'crm',
        state: current.state === 'deleted' ? 'deleted' : changedMeanwhile ? 'updated' : 'clean',
        pending: null,
      };
      return { put: [uploaded], deleteIssues: [issueId(sent)], result: undefined };
    });
    await replaceTemporaryId(session, object.name, record.localId, result.rowId);
    session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
  } catch (error) {
    await operationFailed(session, record, error, pending.kind);
  }
}

/** Siebel "IBM Notes update": only the changed fields, guarded by the modification number. */
export async function uploadUpdate(session: SyncSession, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
  const { store, transport } = session;
  let record: LocalRecord | null;
  try {
    record = await markPending(session, object, planned.localId, async (r) => {
      if (r.state !== 'updated' || r.rowId === null || r.modNum === null) return null;
      const resolved = await resolveReferences(session.store, object, r.fields);
      if (resolved === null) return null;
      const changes: Record<string, FieldValue> = {};
      const base = r.base ?? {};
      for (const [k, v] of Object.entries(resolved)) if (base[k] !== v) changes[k] = v;
      for (const k of Object.keys(base)) if (!(k in resolved)) changes[k] = null;
      return { kind: 'update', operationId: session.newOperationId(), fields: changes, modNum: r.modNum };
    });
  } catch (error) {
    return operationFailed(session, planned, error, 'update'); // refers to a record deleted before it was uploaded
  }
  if (record === null || record.pending?.kind !== 'update' || record.rowId === null) return;
  const pending = record.pending;
  try {
    const result = await transport.call(
      'UpdateRecord',
      {
        operationId: pending.operationId,
        objectType: object.name,
        rowId: record.rowId,
        modNum: pending.modNum as number,
        fields: pending.fields,
      },
      session.context,
    );
    const sent = record;
    await store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
      const current = seen.record(object.name, sent.localId) ?? sent;
      const newBase = { ...(current.base ?? {}), ...pending.fields };
      for (const k of Object.keys(newBase)) if (newBase[k] === null) delete newBase[k];
      const uploaded: LocalRecord = {
        ...current,
        lastUpd: result.lastUpd,
        modNum: result.modNum,
        base: newBase,
        state: current.state === 'deleted' ? 'deleted' : sameFields(current.fields, newBase) ? 'clean' : 'updated',
        pending: null,
      };
      return { put: [uploaded], deleteIssues: [issueId(sent)], result: undefined };
    });
    session.uploadedLocalIds.add(record.localId);
    session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
  } catch (error) {
    await operationFailed(session, record, error, 'update');
  }
}

/** Siebel "IBM Notes delete". A record already gone on the server is simply gone. */
export async function uploadDelete(session: SyncSession, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
  const { transport } = session;
  const record = await markPending(session, object, planned.localId, (r) =>
    Promise.resolve(
      r.state !== 'deleted' || r.rowId === null || r.modNum === null
        ? null
        : { kind: 'delete' as const, operationId: session.newOperationId(), fields: {}, modNum: r.modNum },
    ),
  );
  if (record === null) {
    // Created here and deleted before it was ever uploaded: nothing to tell the server.
    await removeDeleted(session.store, object, planned, (r) => r.rowId === null && r.pending === null);
    return;
  }
  if (record.pending?.kind !== 'delete' || record.rowId === null) return;
  const pending = record.pending;
  try {
    await transport.call(
      'DeleteRecord',
      { operationId: pending.operationId, objectType: object.name, rowId: record.rowId, modNum: pending.modNum as number },
      session.context,
    );
    await removeDeleted(session.store, object, record, () => true);
    session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
  } catch (error) {
    if (error instanceof ProtocolError && error.code === 'NOT_FOUND') {
      await removeDeleted(session.store, object, record, () => true);
      return;
    }
    await operationFailed(session, record, error, 'delete');
  }
}

/** Removes a record the rep deleted (and its issue), if it is still deleted and `also` holds. */
async function removeDeleted(
  store: LocalStore,
  object: ObjectDefinition,
  record: LocalRecord,
  also: (current: LocalRecord) => boolean,
): Promise<void> {
  await store.updateRecords({ records: [record], issueIds: [issueId(record)] }, (seen) => {
    const current = seen.record(object.name, record.localId);
    if (current === undefined || current.state !== 'deleted' || !also(current)) return { result: undefined };
    return { remove: [record], deleteIssues: [issueId(record)], result: undefined };
  });
}

/**
 * Turns a refused operation into the right log entry. High-level errors stop
 * the sync (the pending operation id stays, so the resumed sync repeats the same
 * request). COLLISION and NOT_FOUND become conflicts with the server's version;
 * DUPLICATE_USER_KEY a duplicate issue; anything else a failed operation,
 * retried next sync (Siebel "How Siebel CRM Desktop Handles Synchronization Errors").
 */
async function operationFailed(
  session: SyncSession,
  record: LocalRecord,
  raw: unknown,
  kind: 'insert' | 'update' | 'delete',
): Promise<void> {
  const { store } = session;
  const error = raw instanceof ProtocolError ? raw : new ProtocolError('INTERNAL', String(raw), undefined, { cause: raw });
  if (HIGH_LEVEL.has(error.code)) throw error;
  const conflict = error.code === 'COLLISION' || (error.code === 'NOT_FOUND' && kind === 'update');
  let server: CrmRecord | null = null;
  if (conflict && record.rowId) {
    const object = session.pkg.objects.find((o) => o.name === record.objectType) as ObjectDefinition;
    server = (await fetchRecords(session, object, [record.rowId])).get(record.rowId) ?? null;
  }
  // The request was answered: the pending id is spent (a refused request wrote nothing). The
  // issue shows the record as it is when logged, in the same transaction as the pending id goes.
  await store.updateRecords({ records: [record] }, (seen) => {
    const current = seen.record(record.objectType, record.localId) ?? record;
    let issue: SyncIssue;
    if (conflict) {
      const conflictKind = server === null ? 'updatedVsDeleted' : kind === 'delete' ? 'deletedVsUpdated' : 'bothUpdated';
      issue = newIssue(session.now(), current, conflictKind, server, null);
    } else if (error.code === 'DUPLICATE_USER_KEY') {
      issue = { ...newIssue(session.now(), current, 'duplicate', null, error.code), message: error.message };
    } else {
      issue = { ...newIssue(session.now(), current, 'failed', null, error.code), message: error.message };
    }
    return { put: [{ ...current, pending: null }], putIssues: [issue], result: undefined };
  });
  session.counts = conflict
    ? { ...session.counts, conflicts: session.counts.conflicts + 1 }
    : { ...session.counts, issues: session.counts.issues + 1 };
}

/**
 * Reference fields may still hold the temporary id of a record created here.
 * Those already uploaded are swapped for their ROW_ID; if one is not uploaded
 * yet the record waits (null) for the next pass; if one no longer exists, it
 * throws INVALID_REQUEST, which the caller logs as a failed operation.
 */
async function resolveReferences(
  store: LocalStore,
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
): Promise<Record<string, FieldValue> | null> {
  const out: Record<string, FieldValue> = { ...fields };
  for (const f of object.fields) {
    const value = fields[f.name];
    if (f.type !== 'reference' || typeof value !== 'string' || !value.startsWith('L-') || !f.references) continue;
    const target = await store.getRecord(f.references, value);
    // Created here and deleted before it was uploaded: it never gets a ROW_ID, so waiting for it
    // would keep this record out of the server forever, with nothing in the log to tell the rep.
    if (!target)
      throw new ProtocolError('INVALID_REQUEST', `${f.name} refers to a ${f.references} that was deleted before it was synchronised`, {
        objectType: object.name,
        field: f.name,
        references: f.references,
      });
    if (!target.rowId) return null;
    out[f.name] = target.rowId;
  }
  return out;
}

/** After an insert: every reference to the temporary id now holds the server's ROW_ID. */
async function replaceTemporaryId(session: SyncSession, objectType: string, localId: string, rowId: string): Promise<void> {
  const { store } = session;
  // Only a temporary id is replaced. A record kept after the server deleted it ("keep mine"
  // on updated vs deleted) is inserted again under its old ROW_ID as localId; records that
  // refer to that ROW_ID refer to the deleted record on the server too, and rewriting them
  // here (clean, so never uploaded) would leave the device silently unlike the server.
  if (!localId.startsWith('L-')) return;
  for (const object of session.pkg.objects) {
    for (const f of object.fields) {
      if (f.type !== 'reference' || f.references !== objectType) continue;
      const referring = await store.findByField(object.name, f.name, localId);
      if (referring.length === 0) continue;
      // Rewritten from the record as it is inside the write, so an edit saved meanwhile stays.
      await store.updateRecords({ records: referring }, (seen) => ({
        put: referring.flatMap((r) => {
          const current = seen.record(r.objectType, r.localId);
          return current !== undefined && current.fields[f.name] === localId
            ? [{ ...current, fields: { ...current.fields, [f.name]: rowId } }]
            : [];
        }),
        result: undefined,
      }));
    }
  }
}

function sameFields(a: Readonly<Record<string, FieldValue>>, b: Readonly<Record<string, FieldValue>>): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== null);
  const kb = Object.keys(b).filter((k) => b[k] !== null);
  return ka.length === kb.length && ka.every((k) => a[k] === b[k]);
}
