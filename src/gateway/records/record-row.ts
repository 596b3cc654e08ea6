import type { Kysely } from 'kysely';
import type { CrmRecord, FieldValue } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { visibleTo } from './visible-to.js';

export interface RecordRow {
  row_id: string;
  object_type: string;
  db_last_upd: number;
  mod_num: number;
  owner_id: string;
  owner_name: string;
  updated_by: string;
  fields: string;
}

/** Selects records with their owner's user name, restricted to what the caller may see. */
export function selectVisibleRecords(db: Kysely<DatabaseSchema>, caller: Caller, objectType: string) {
  return db
    .selectFrom('records')
    .innerJoin('users', 'users.user_id', 'records.owner_id')
    .select([
      'records.row_id',
      'records.object_type',
      'records.db_last_upd',
      'records.mod_num',
      'records.owner_id',
      'users.user_name as owner_name',
      'records.updated_by',
      'records.fields',
    ])
    .where('records.object_type', '=', objectType)
    .where(visibleTo(caller));
}

export async function loadVisibleRecord(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  objectType: string,
  rowId: string,
): Promise<RecordRow | undefined> {
  return selectVisibleRecords(db, caller, objectType).where('records.row_id', '=', rowId).executeTakeFirst();
}

export function toWireRecord(row: RecordRow): CrmRecord {
  return {
    rowId: row.row_id,
    lastUpd: new Date(Number(row.db_last_upd)).toISOString(),
    modNum: Number(row.mod_num),
    owner: row.owner_name,
    updatedBy: row.updated_by,
    fields: JSON.parse(row.fields) as Record<string, FieldValue>,
  };
}
