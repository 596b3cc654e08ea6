import { sql, type Kysely, type RawBuilder } from 'kysely';
import { RECONCILE_LIMITS } from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { SqlDialect } from '../db/sql-dialect.js';

/**
 * The change keys of the selected records (one object type, its visibility and filter)
 * with DB_LAST_UPD after `since` (epoch ms), oldest first and at most maxRecentKeys: with
 * more, the oldest are the ones a device can build on, and its ranges find the rest. Ties
 * in DB_LAST_UPD go by row id in byte order, so the list has one stable order. The
 * condition must fix records.object_type: index records_type_last_upd (migration 0005)
 * then reads the rows in this order from `since` on, with no sort.
 */
export function selectRecentKeys(db: Kysely<DatabaseSchema>, dialect: SqlDialect, selected: RawBuilder<boolean>, since: number) {
  return db
    .selectFrom('records')
    .select(['records.row_id', 'records.db_last_upd'])
    .where(selected)
    .where('records.db_last_upd', '>', since)
    .orderBy('records.db_last_upd')
    .orderBy(dialect.inByteOrder(sql<string>`records.row_id`))
    .limit(RECONCILE_LIMITS.maxRecentKeys);
}
