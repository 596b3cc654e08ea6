import type { ObjectDefinition } from '../metadata/index.js';
import { ProtocolError, type FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore, PendingUpload } from '../store/index.js';
import { operationFailed } from './operation-failed.js';
import { removeDeleted } from './remove-deleted.js';
import { sameVersion } from './same-version.js';
import type { SyncSession } from './sync-session.js';

/** A record of the outbox with the request to send for it, saved on it as `pending`. */
export interface PreparedUpload {
  readonly record: LocalRecord & { readonly pending: PendingUpload };
  /** Already pending before: sent by an interrupted sync, resent as is (it may have been applied). */
  readonly resent: boolean;
}

/** How often a request is prepared again when the rep keeps changing the record meanwhile; then it waits for the next sync. */
const MARK_PENDING_ATTEMPTS = 3;

const NO_BATCH: ReadonlySet<string> = new Set();

/** The upload a record of the outbox needs: the request in flight if any, else the one its state asks for. */
export function uploadKindOf(record: LocalRecord): PendingUpload['kind'] | null {
  if (record.pending !== null) return record.pending.kind;
  if (record.state === 'created') return 'insert';
  if (record.state === 'updated') return 'update';
  return record.state === 'deleted' ? 'delete' : null;
}

/**
 * Siebel "IBM Notes insert / update / delete", before sending: builds the request
 * from the record as stored now and saves it on the record as `pending`, with a new
 * operation id, so a retry after a lost answer is the same request and the gateway
 * replays its first answer. A record already pending is resent as it is.
 *
 * `inBatch` holds the local ids of this type's inserts placed earlier in the same
 * ApplyChanges batch: a reference to one of them is sent as its tempId (the local
 * id, see batch-references.ts) instead of waiting for its ROW_ID until the next sync.
 *
 * Returns null when there is nothing to send: the state asks for no such upload, a
 * referenced record is not uploaded yet (next sync), the rep keeps changing the
 * record; a reference to a record deleted before it was uploaded is logged as a
 * failed operation, a record created and deleted here is simply removed.
 */
export async function prepareUpload(
  session: SyncSession,
  object: ObjectDefinition,
  planned: LocalRecord,
  kind: PendingUpload['kind'],
  inBatch: ReadonlySet<string> = NO_BATCH,
): Promise<PreparedUpload | null> {
  if (kind === 'delete') {
    const prepared = await markPending(session, object, planned.localId, (r) =>
      Promise.resolve(
        r.state !== 'deleted' || r.rowId === null || r.modNum === null
          ? null
          : { kind: 'delete' as const, operationId: session.newOperationId(), fields: {}, modNum: r.modNum },
      ),
    );
    // Created here and deleted before it was ever uploaded: nothing to tell the server.
    if (prepared === null) await removeDeleted(session.store, object, planned, (r) => r.rowId === null && r.pending === null);
    return prepared;
  }
  try {
    return await markPending(session, object, planned.localId, async (r) => {
      if (kind === 'insert') {
        if (r.state !== 'created') return null;
        const fields = await resolveReferences(session.store, object, r.fields, inBatch);
        // null: refers to a record that is not uploaded yet; next sync
        return fields === null ? null : { kind: 'insert', operationId: session.newOperationId(), fields, modNum: null };
      }
      // Siebel "IBM Notes update": only the changed fields, guarded by the modification number.
      if (r.state !== 'updated' || r.rowId === null || r.modNum === null) return null;
      const resolved = await resolveReferences(session.store, object, r.fields, inBatch);
      if (resolved === null) return null;
      const changes: Record<string, FieldValue> = {};
      const base = r.base ?? {};
      for (const [k, v] of Object.entries(resolved)) if (base[k] !== v) changes[k] = v;
      for (const k of Object.keys(base)) if (!(k in resolved)) changes[k] = null;
      return { kind: 'update', operationId: session.newOperationId(), fields: changes, modNum: r.modNum };
    });
  } catch (error) {
    await operationFailed(session, planned, error, kind); // refers to a record deleted before it was uploaded
    return null;
  }
}

/**
 * Saves `pending` on the record, built from the record as read now (`prepare`), in
 * one conditional write: if the rep changed the record while the request was being
 * prepared, it is prepared again from the new version (a few times), else left for
 * the next sync.
 */
async function markPending(
  session: SyncSession,
  object: ObjectDefinition,
  localId: string,
  prepare: (record: LocalRecord) => Promise<PendingUpload | null>,
): Promise<PreparedUpload | null> {
  const { store } = session;
  for (let attempt = 0; attempt < MARK_PENDING_ATTEMPTS; attempt++) {
    const record = await store.getRecord(object.name, localId);
    if (record === undefined) return null;
    if (record.pending !== null) return { record: { ...record, pending: record.pending }, resent: true };
    const pending = await prepare(record);
    if (pending === null) return null;
    const marked = await store.updateRecords({ records: [record] }, (seen) => {
      const current = seen.record(object.name, localId);
      if (current === undefined || !sameVersion(current, record)) return { result: null };
      const next = { ...current, pending };
      return { put: [next], result: next };
    });
    if (marked !== null) return { record: marked, resent: false };
  }
  return null;
}

/**
 * Reference fields may still hold the temporary id of a record created here.
 * Those already uploaded are swapped for their ROW_ID, those inserted earlier in
 * the same batch keep it as their tempId; if one is not uploaded yet the record
 * waits (null) for the next pass; if one no longer exists, it throws
 * INVALID_REQUEST, which the caller logs as a failed operation.
 */
async function resolveReferences(
  store: LocalStore,
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  inBatch: ReadonlySet<string>,
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
    if (target.rowId) out[f.name] = target.rowId;
    else if (f.references !== object.name || !inBatch.has(value)) return null;
  }
  return out;
}
