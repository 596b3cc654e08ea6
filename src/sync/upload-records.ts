import type { ObjectDefinition } from '../metadata/index.js';
import { ProtocolError, type Change, type ChangeResult } from '../protocol/index.js';
import type { LocalRecord } from '../store/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { applyUploadAnswer } from './apply-upload-answer.js';
import { batchReferences, batchTempIdOf } from './batch-references.js';
import { checkCancelled } from './check-cancelled.js';
import { lacksOperation } from './lacks-operation.js';
import { asProtocolError, stopsSync } from './operation-failed.js';
import { prepareUpload, uploadKindOf, type PreparedUpload } from './prepare-upload.js';
import type { SyncSession } from './sync-session.js';
import { uploadChange } from './upload-change.js';
import { uploadGroups } from './upload-groups.js';
import { uploadRecord } from './upload-record.js';

/**
 * Uploads records of the outbox of one object type (Siebel: "IBM Notes insert / update
 * / delete") in ApplyChanges batches of at most the package's maxCommandsPerBatch
 * changes, in the given order, an insert before the records of the list that refer to
 * it (upload-groups.ts) (issue 12, "Batched uploads"). Per record it is what
 * uploadRecord does alone: the request saved as `pending` before the batch is sent
 * (a record already pending is resent as is), each change's answer written the same
 * way. An insert may be referred to by the changes after it in its batch (its tempId),
 * so a record created for one created just before it no longer waits a sync.
 *
 * An error that stops the sync stops it between batches with the batch's requests
 * pending: the next sync resends them with the same operation ids and the gateway
 * replays what it applied. A batch refused as a whole goes one record per request; a
 * gateway without ApplyChanges gets single requests for the rest of the sync.
 * `onProgress` is told how many of `records` are done, after each request.
 */
export async function uploadRecords(
  session: SyncSession,
  object: ObjectDefinition,
  records: readonly LocalRecord[],
  signal: AbortSignal | undefined,
  onProgress?: (uploaded: number) => void,
): Promise<void> {
  const groups = uploadGroups(object, records);
  let done = 0;
  let next = 0;
  while (next < groups.length) {
    checkCancelled(signal);
    if (session.lacking.has('ApplyChanges')) {
      for (const record of groups[next++] ?? []) {
        checkCancelled(signal);
        await uploadRecord(session, object, record);
        onProgress?.(++done);
      }
      continue;
    }
    const batch: PreparedUpload[] = [];
    // This type's inserts in the batch so far, by local id (= tempId): later changes may refer to them.
    const inserts = new Set<string>();
    let taken = 0;
    for (let group = groups[next]; group !== undefined; group = groups[next]) {
      // A group stays whole; one larger than the limit (the limit shrank since it was sent) goes alone.
      if (batch.length > 0 && batch.length + group.length > session.pkg.sync.maxCommandsPerBatch) break;
      next += 1;
      taken += group.length;
      for (const planned of group) {
        const kind = uploadKindOf(planned);
        const prepared = kind === null ? null : await prepareUpload(session, object, planned, kind, inserts);
        if (prepared === null || uploadChange(object, prepared.record) === null) continue;
        batch.push(prepared);
        const tempId = batchTempIdOf(prepared.record.localId);
        if (prepared.record.pending.kind === 'insert' && tempId !== null) inserts.add(tempId);
      }
    }
    if (batch.length > 0) await sendBatch(session, object, batch);
    done += taken;
    onProgress?.(done);
  }
}

async function sendBatch(session: SyncSession, object: ObjectDefinition, batch: readonly PreparedUpload[]): Promise<void> {
  const changes = batchChanges(object, batch);
  let results: readonly ChangeResult[];
  try {
    ({ results } = await session.transport.call('ApplyChanges', { changes }, session.context));
  } catch (raw) {
    const error = asProtocolError(raw);
    // Too large as a whole (the gateway's body limit, checked before anything is written):
    // each record alone; one too large by itself stops the sync, as it always did.
    const tooLarge = error.code === 'PAYLOAD_TOO_LARGE' && batch.length > 1;
    if (stopsSync(error) && !tooLarge) throw error;
    if (lacksOperation(error, 'ApplyChanges')) session.lacking.add('ApplyChanges');
    return uploadOneByOne(session, object, batch, tooLarge || error.code === 'INVALID_REQUEST');
  }
  checkResults(changes, results);
  for (const [i, prepared] of batch.entries()) {
    const result = results[i] as ChangeResult;
    await applyUploadAnswer(
      session,
      object,
      prepared.record,
      result.ok !== undefined
        ? { applied: result.ok }
        : { refused: new ProtocolError(result.error?.code ?? 'INTERNAL', result.error?.message ?? '', result.error?.details) },
    );
  }
}

/** The batch's changes; an insert that a later change refers to carries its local id as tempId. */
function batchChanges(object: ObjectDefinition, batch: readonly PreparedUpload[]): Change[] {
  const referenced = new Set(batch.flatMap((p) => batchReferences(object, p.record.pending.fields)));
  return batch.map(({ record }) => {
    const change = uploadChange(object, record) as Change;
    return change.insert && referenced.has(record.localId) ? { insert: { ...change.insert, tempId: record.localId } } : change;
  });
}

/**
 * One result per change, in order, under its operation id, and what an insert or
 * update wrote: else nothing of the answer is written (answer-mismatch.ts), and the
 * sync stops with every request of the batch pending.
 */
function checkResults(changes: readonly Change[], results: readonly ChangeResult[]): void {
  const problem = (text: string) => answerMismatch('ApplyChanges', new Error(text));
  if (results.length !== changes.length) throw problem(`${results.length} results for ${changes.length} changes`);
  for (const [i, change] of changes.entries()) {
    const result = results[i] as ChangeResult;
    const operationId = (change.insert ?? change.update ?? change.delete)?.operationId;
    if (result.operationId !== operationId) throw problem(`results[${i}] answers ${result.operationId}, not ${String(operationId)}`);
    if (result.ok && !change.delete && (result.ok.lastUpd === undefined || result.ok.modNum === undefined)) {
      throw problem(`results[${i}] lacks lastUpd or modNum`);
    }
  }
}

/**
 * A batch the gateway refused as a whole, one record per request, so one bad change
 * is refused alone (any refusal that does not stop the sync; INVALID_REQUEST is the
 * usual one: a value the schema refuses, or a gateway without ApplyChanges).
 * `nothingWritten`: the refusal came before anything of the batch was written
 * (INVALID_REQUEST, PAYLOAD_TOO_LARGE): a request prepared for this batch that refers
 * to an insert of it by tempId, which a single request cannot, is prepared again, by
 * then with that insert's ROW_ID. A request resent from an interrupted sync goes as it
 * was: that sync may have had it applied, and only the same request replays the answer.
 */
async function uploadOneByOne(
  session: SyncSession,
  object: ObjectDefinition,
  batch: readonly PreparedUpload[],
  nothingWritten: boolean,
): Promise<void> {
  for (const { record, resent } of batch) {
    const { pending } = record;
    if (nothingWritten && !resent && batchReferences(object, pending.fields).length > 0) {
      await session.store.updateRecords({ records: [record] }, (seen) => {
        const current = seen.record(object.name, record.localId);
        if (current?.pending?.operationId !== pending.operationId) return { result: undefined };
        return { put: [{ ...current, pending: null }], result: undefined };
      });
    }
    await uploadRecord(session, object, record);
  }
}
