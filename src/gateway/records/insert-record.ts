import type { Kysely } from 'kysely';
import type { FieldValue, ResponseOf } from '../../protocol/index.js';
import { normalizeFields, withoutNulls, type ObjectDefinition } from '../../metadata/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { FieldRules } from '../packages/published-field-rules.js';
import { checkFieldRules } from './check-field-rules.js';
import { checkReferences } from './check-references.js';
import { keyHashColumns } from './key-hash-columns.js';
import { newRowId } from './new-row-id.js';
import { nextLastUpd } from './next-last-upd.js';
import { assertNoUserKeyClash, writeUserKeys } from './user-key-rows.js';

/**
 * Siebel "IBM Notes insert": user-key check, then insert, then answer the new change
 * key. The one insert of a record, for InsertRecord and ApplyChanges alike; a refusal
 * is thrown before anything is written. `rules`: the caller's package's field rules.
 */
export async function insertRecord(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  sent: Readonly<Record<string, FieldValue>>,
  rules: FieldRules,
  now: number,
): Promise<ResponseOf<'InsertRecord'>> {
  const normalized = normalizeFields(object, sent, true);
  checkFieldRules(rules, object, normalized);
  const fields = withoutNulls(normalized);
  await checkReferences(db, caller, object, fields);
  await assertNoUserKeyClash(db, caller, object, fields, null);
  const rowId = newRowId();
  const lastUpd = nextLastUpd(now);
  await db
    .insertInto('records')
    .values({
      row_id: rowId,
      object_type: object.name,
      db_last_upd: lastUpd,
      ...keyHashColumns(rowId, lastUpd),
      mod_num: 1,
      owner_id: caller.userId,
      team_id: caller.teamId,
      org_id: caller.orgId,
      updated_by: caller.userName,
      fields: JSON.stringify(fields),
    })
    .execute();
  await writeUserKeys(db, object, rowId, fields);
  return { rowId, lastUpd: new Date(lastUpd).toISOString(), modNum: 1 };
}
