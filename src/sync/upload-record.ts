import type { ObjectDefinition } from '../metadata/index.js';
import type { LocalRecord } from '../store/index.js';
import { applyUploadAnswer, type UploadAnswer } from './apply-upload-answer.js';
import { prepareUpload, uploadKindOf } from './prepare-upload.js';
import type { SyncSession } from './sync-session.js';
import { uploadChange } from './upload-change.js';

/**
 * One record's upload in a request of its own (Siebel: "IBM Notes insert / update /
 * delete"): InsertRecord, UpdateRecord or DeleteRecord. Used for gateways without
 * ApplyChanges and for a batch the gateway refused as a whole (upload-records.ts).
 * The request is saved on the record as `pending` before it is sent, and what the
 * gateway answered is written inside one store transaction.
 */
export async function uploadRecord(session: SyncSession, object: ObjectDefinition, planned: LocalRecord): Promise<void> {
  const kind = uploadKindOf(planned);
  if (kind === null) return;
  const prepared = await prepareUpload(session, object, planned, kind);
  if (prepared === null) return;
  const change = uploadChange(object, prepared.record);
  if (change === null) return;
  const { transport, context } = session;
  let answer: UploadAnswer;
  try {
    if (change.insert) answer = { applied: await transport.call('InsertRecord', change.insert, context) };
    else if (change.update) answer = { applied: await transport.call('UpdateRecord', change.update, context) };
    else if (change.delete) answer = { applied: await transport.call('DeleteRecord', change.delete, context) };
    else return;
  } catch (error) {
    answer = { refused: error };
  }
  await applyUploadAnswer(session, object, prepared.record, answer);
}
