import type { Kysely } from 'kysely';
import { replaceNonXmlChars, type CrmRecord, type FieldValue } from '../../protocol/index.js';
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

/**
 * A stored record as both encodings answer it. Text written by a gateway older
 * than the XML 1.0 character rule may hold characters no request can carry any
 * more; they are answered as U+FFFD in JSON as in SOAP (where escapeXml has to),
 * so that both encodings leave the same local data and a rep who sends the value
 * back is not refused for a character they never saw.
 */
export function toWireRecord(row: RecordRow): CrmRecord {
  const stored = JSON.parse(row.fields) as Record<string, FieldValue>;
  const fields = Object.fromEntries(
    Object.entries(stored).map(([name, value]): [string, FieldValue] => [
      name,
      typeof value === 'string' ? replaceNonXmlChars(value) : value,
    ]),
  );
  return {
    rowId: row.row_id,
    lastUpd: new Date(Number(row.db_last_upd)).toISOString(),
    modNum: Number(row.mod_num),
    owner: replaceNonXmlChars(row.owner_name),
    updatedBy: replaceNonXmlChars(row.updated_by),
    fields,
  };
}
