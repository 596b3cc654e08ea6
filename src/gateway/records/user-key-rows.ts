import type { Kysely } from 'kysely';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import { userKeyEntries, type ObjectDefinition } from '../../metadata/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { visibleTo } from './visible-to.js';

/**
 * Refuses the write when another record already holds one of the user keys
 * (Siebel: "If it does find a match, then it returns a synchronization issue").
 * The clashing record's row id is named only if the caller may see it.
 */
export async function assertNoUserKeyClash(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  ownRowId: string | null,
): Promise<void> {
  for (const entry of userKeyEntries(object, fields)) {
    const clash = await db
      .selectFrom('record_user_keys')
      .select('row_id')
      .where('object_type', '=', object.name)
      .where('key_name', '=', entry.keyName)
      .where('key_value', '=', entry.keyValue)
      .executeTakeFirst();
    if (!clash || clash.row_id === ownRowId) continue;
    const visible = await db
      .selectFrom('records')
      .select('row_id')
      .where('row_id', '=', clash.row_id)
      .where(visibleTo(caller))
      .executeTakeFirst();
    throw new ProtocolError('DUPLICATE_USER_KEY', `A ${object.name} with the same ${entry.fields.join(' and ')} already exists`, {
      objectType: object.name,
      userKey: [...entry.fields],
      ...(visible ? { rowId: clash.row_id } : {}),
    });
  }
}

/** Replaces the user-key rows of one record with those its fields now define. */
export async function writeUserKeys(
  db: Kysely<DatabaseSchema>,
  object: ObjectDefinition,
  rowId: string,
  fields: Readonly<Record<string, FieldValue>>,
): Promise<void> {
  await db.deleteFrom('record_user_keys').where('row_id', '=', rowId).execute();
  const entries = userKeyEntries(object, fields);
  if (entries.length === 0) return;
  await db
    .insertInto('record_user_keys')
    .values(entries.map((e) => ({ object_type: object.name, key_name: e.keyName, key_value: e.keyValue, row_id: rowId })))
    .execute();
}
