import type { Kysely } from 'kysely';
import type { FieldValue, ResponseOf } from '../../protocol/index.js';
import { normalizeFields, withoutNulls, type ObjectDefinition } from '../../metadata/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { FieldRules } from '../packages/published-field-rules.js';
import { checkFieldRules } from './check-field-rules.js';
import { checkReferences } from './check-references.js';
import { keyHashColumns } from './key-hash-columns.js';
import { collision, loadForWrite } from './load-for-write.js';
import { nextLastUpd } from './next-last-upd.js';
import { assertNoUserKeyClash, writeUserKeys } from './user-key-rows.js';

/**
 * Siebel "IBM Notes update": applied only if the record still carries the
 * modification number the client last saw; otherwise a COLLISION the client turns
 * into a conflict. Only the fields sent change; null clears a field. The one update
 * of a record, for UpdateRecord and ApplyChanges alike; a refusal is thrown before
 * anything is written. `rules`, the caller's package's field rules, are checked on
 * the fields sent only, never on the ones the update leaves as they are.
 */
export async function updateRecord(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  target: { readonly rowId: string; readonly modNum: number },
  sent: Readonly<Record<string, FieldValue>>,
  rules: FieldRules,
  now: number,
): Promise<ResponseOf<'UpdateRecord'>> {
  const changes = normalizeFields(object, sent, false);
  checkFieldRules(rules, object, changes);
  const row = await loadForWrite(db, caller, object, target.rowId, target.modNum);
  const merged = withoutNulls({ ...(JSON.parse(row.fields) as Record<string, FieldValue>), ...changes });
  normalizeFields(object, merged, true);
  await checkReferences(db, caller, object, changes);
  await assertNoUserKeyClash(db, caller, object, merged, row.row_id);

  const lastUpd = nextLastUpd(now, Number(row.db_last_upd));
  const modNum = Number(row.mod_num) + 1;
  const result = await db
    .updateTable('records')
    .set({
      fields: JSON.stringify(merged),
      db_last_upd: lastUpd,
      ...keyHashColumns(row.row_id, lastUpd),
      mod_num: modNum,
      updated_by: caller.userName,
    })
    .where('row_id', '=', row.row_id)
    .where('mod_num', '=', row.mod_num)
    .executeTakeFirst();
  // The conditional update is what makes this safe between concurrent writers on PostgreSQL.
  if (Number(result.numUpdatedRows) !== 1) throw collision(object, row);
  await writeUserKeys(db, object, row.row_id, merged);
  return { rowId: row.row_id, lastUpd: new Date(lastUpd).toISOString(), modNum };
}
