import type { Kysely } from 'kysely';
import { ProtocolError } from '../../protocol/index.js';
import type { ObjectDefinition } from '../../metadata/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { loadVisibleRecord, type RecordRow } from './record-row.js';

/**
 * The record an update or delete is about, if the caller may see it and it still
 * carries the modification number the client last saw. Otherwise NOT_FOUND (the
 * same for invisible and absent) or COLLISION with the server's numbers, from
 * which the client builds a conflict (Siebel: "it returns a synchronization issue").
 */
export async function loadForWrite(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  rowId: string,
  modNum: number,
): Promise<RecordRow> {
  const row = await loadVisibleRecord(db, caller, object.name, rowId);
  if (!row) throw new ProtocolError('NOT_FOUND', `${object.name} ${rowId} does not exist`, { objectType: object.name, rowId });
  if (Number(row.mod_num) !== modNum) throw collision(object, row);
  return row;
}

/** The error for a write that lost the race against another writer. */
export function collision(object: ObjectDefinition, row: RecordRow): ProtocolError {
  return new ProtocolError('COLLISION', `${object.name} ${row.row_id} was changed on the server since you last synchronised`, {
    objectType: object.name,
    rowId: row.row_id,
    serverModNum: Number(row.mod_num),
    serverLastUpd: new Date(Number(row.db_last_upd)).toISOString(),
  });
}
