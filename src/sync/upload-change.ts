import type { ObjectDefinition } from '../metadata/index.js';
import type { Change } from '../protocol/index.js';
import type { LocalRecord, PendingUpload } from '../store/index.js';

/**
 * The request a pending upload is, as a change of an ApplyChanges batch: each body
 * is exactly its single operation's request (InsertRecord, UpdateRecord,
 * DeleteRecord), so the same pending request can go either way and the gateway's
 * log replays it either way. Null when it cannot be sent: an update or delete of a
 * record without ROW_ID or modification number.
 */
export function uploadChange(object: ObjectDefinition, record: LocalRecord & { readonly pending: PendingUpload }): Change | null {
  const { pending, rowId } = record;
  const { operationId, fields, modNum } = pending;
  const objectType = object.name;
  if (pending.kind === 'insert') return { insert: { operationId, objectType, fields } };
  if (rowId === null || modNum === null) return null;
  if (pending.kind === 'update') return { update: { operationId, objectType, rowId, modNum, fields } };
  return { delete: { operationId, objectType, rowId, modNum } };
}
