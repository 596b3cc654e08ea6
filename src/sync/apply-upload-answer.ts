import type { ObjectDefinition } from '../metadata/index.js';
import type { FieldValue } from '../protocol/index.js';
import type { LocalRecord, LocalStore, PendingUpload } from '../store/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { batchReferences } from './batch-references.js';
import { issueId } from './new-issue.js';
import { asProtocolError, operationFailed } from './operation-failed.js';
import { removeDeleted } from './remove-deleted.js';
import type { SyncSession } from './sync-session.js';

/**
 * What the gateway answered one upload, alone (InsertRecord, UpdateRecord, DeleteRecord)
 * or as a change of an ApplyChanges batch: what it wrote (the record's row id, and its
 * new DB_LAST_UPD and modNum unless it was deleted), or what it refused the change with.
 */
export type UploadAnswer =
  { readonly applied: { readonly rowId: string; readonly lastUpd?: string; readonly modNum?: number } } | { readonly refused: unknown };

/**
 * Writes what the gateway answered to `record`'s pending request (Siebel "IBM Notes
 * insert / update / delete", the answer), each write decided inside one store
 * transaction from the record as stored then. The pending request is spent either
 * way; a refusal becomes an issue (operationFailed), and errors that stop the sync
 * are thrown with the pending request kept.
 */
export async function applyUploadAnswer(
  session: SyncSession,
  object: ObjectDefinition,
  record: LocalRecord & { readonly pending: PendingUpload },
  answer: UploadAnswer,
): Promise<void> {
  const { pending } = record;
  if ('refused' in answer) return refused(session, object, record, answer.refused);
  try {
    if (pending.kind === 'delete') {
      await removeDeleted(session.store, object, record, () => true);
    } else {
      const { rowId, lastUpd, modNum } = answer.applied;
      if (lastUpd === undefined || modNum === undefined) {
        throw answerMismatch(pending.kind === 'insert' ? 'InsertRecord' : 'UpdateRecord', new Error('lastUpd and modNum are missing'));
      }
      if (pending.kind === 'insert') await inserted(session, object, record, pending, { rowId, lastUpd, modNum });
      else await updated(session, object, record, pending, { lastUpd, modNum });
    }
    session.counts = { ...session.counts, uploaded: session.counts.uploaded + 1 };
  } catch (error) {
    await operationFailed(session, record, error, pending.kind);
  }
}

/** Siebel "IBM Notes insert": the record now has its ROW_ID, and so do the references to it. */
async function inserted(
  session: SyncSession,
  object: ObjectDefinition,
  sent: LocalRecord,
  pending: PendingUpload,
  result: { readonly rowId: string; readonly lastUpd: string; readonly modNum: number },
): Promise<void> {
  session.insertedRowIds.add(result.rowId);
  session.uploadedLocalIds.add(sent.localId);
  const base = await withRowIds(session.store, object, pending.fields);
  await session.store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
    const current = seen.record(object.name, sent.localId) ?? sent;
    const changedMeanwhile = !sameFields(current.fields, base);
    const uploaded: LocalRecord = {
      ...current,
      rowId: result.rowId,
      lastUpd: result.lastUpd,
      modNum: result.modNum,
      base,
      origin: 'crm',
      state: current.state === 'deleted' ? 'deleted' : changedMeanwhile ? 'updated' : 'clean',
      pending: null,
    };
    return { put: [uploaded], deleteIssues: [issueId(sent)], result: undefined };
  });
  await replaceTemporaryId(session, object.name, sent.localId, result.rowId);
}

/** Siebel "IBM Notes update": what was sent is now the server's version of those fields. */
async function updated(
  session: SyncSession,
  object: ObjectDefinition,
  sent: LocalRecord,
  pending: PendingUpload,
  result: { readonly lastUpd: string; readonly modNum: number },
): Promise<void> {
  const written = await withRowIds(session.store, object, pending.fields);
  await session.store.updateRecords({ records: [sent], issueIds: [issueId(sent)] }, (seen) => {
    const current = seen.record(object.name, sent.localId) ?? sent;
    const newBase = { ...(current.base ?? {}), ...written };
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
  session.uploadedLocalIds.add(sent.localId);
}

async function refused(
  session: SyncSession,
  object: ObjectDefinition,
  record: LocalRecord & { readonly pending: PendingUpload },
  raw: unknown,
): Promise<void> {
  const error = asProtocolError(raw);
  const { pending } = record;
  // Siebel "IBM Notes delete": a record already gone on the server is simply gone.
  if (pending.kind === 'delete' && error.code === 'NOT_FOUND') return removeDeleted(session.store, object, record, () => true);
  // Refused because it refers to an insert of its batch that was refused (it has no ROW_ID):
  // it waits for that record, as it would have without batches, instead of becoming an issue.
  if (error.code === 'INVALID_REQUEST' && (await refersToUnsent(session.store, object, pending))) {
    return session.store.updateRecords({ records: [record] }, (seen) => {
      const current = seen.record(object.name, record.localId);
      if (current?.pending?.operationId !== pending.operationId) return { result: undefined };
      return { put: [{ ...current, pending: null }], result: undefined };
    });
  }
  return operationFailed(session, record, error, pending.kind);
}

async function refersToUnsent(store: LocalStore, object: ObjectDefinition, pending: PendingUpload): Promise<boolean> {
  for (const localId of batchReferences(object, pending.fields)) {
    const target = await store.getRecord(object.name, localId);
    if (target !== undefined && target.rowId === null) return true;
  }
  return false;
}

/**
 * The fields as the gateway wrote them: a tempId that referred to an insert earlier
 * in the batch holds that record's ROW_ID, which its answer, applied before this
 * one, saved on it. The base must hold ROW_IDs, as the fields do once
 * replaceTemporaryId has run, or the record would look changed.
 */
async function withRowIds(
  store: LocalStore,
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
): Promise<Record<string, FieldValue>> {
  const out: Record<string, FieldValue> = { ...fields };
  const tempIds = new Set(batchReferences(object, fields));
  if (tempIds.size === 0) return out;
  for (const f of object.fields) {
    const value = fields[f.name];
    if (f.type !== 'reference' || f.references !== object.name || typeof value !== 'string' || !tempIds.has(value)) continue;
    const rowId = (await store.getRecord(object.name, value))?.rowId;
    if (rowId) out[f.name] = rowId;
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
