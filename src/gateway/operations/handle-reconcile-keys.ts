import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  chooseRangeAnswer,
  fingerprintFromSums,
  fromWireFingerprint,
  KEY_HASH_PART_MODULUS,
  ProtocolError,
  RECONCILE_LIMITS,
  splitRange,
  type ChangeKey,
  type KeyRange,
  type RangeAnswer,
  type ReconcileSetAnswer,
} from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { SqlDialect } from '../db/sql-dialect.js';
import { compileFilter } from '../records/compile-filter.js';
import { requireObject } from '../records/require-object.js';
import { selectRecentKeys } from '../records/select-recent-keys.js';
import { visibleTo } from '../records/visible-to.js';
import { todayOf } from './today-of.js';
import type { Handler } from './handler.js';

/**
 * Range-based set reconciliation of the change keys (DESIGN "Sync cost: proportional to
 * the change"): for each range the device sends with its fingerprint, the gateway sums its
 * own fingerprint of the same range in one aggregate query over the stored key hashes,
 * under the same visibility and filter as GetChangeKeys, and answers per
 * protocol/reconcile-range-answer.ts: equal, its keys, or the range split into parts with
 * their fingerprints. Stateless: every round is recomputed from the database, so a record
 * that was deleted or left the visibility or the filter is simply a difference.
 *
 * A request carries one set per object type, answered in order, so that a sync with no
 * change compares every type in one round trip. A set with recentSince also gets the keys
 * written after that moment, which let the device settle the usual small change before
 * the ranges are compared again.
 */
export const handleReconcileKeys: Handler<'ReconcileKeys'> = async (ctx, { request, caller, db }) => {
  const dialect = ctx.database.dialect;
  const today = todayOf(ctx.clock);
  // Every set is checked (object type, filter fields, recentSince) before the first query:
  // a request with one bad set is refused whole instead of answered in part.
  const sets = request.sets.map((set, i) => {
    const object = requireObject(ctx.catalog, set.objectType);
    const selected = [sql<boolean>`records.object_type = ${object.name}`, visibleTo(caller)];
    if (set.filter) selected.push(compileFilter(set.filter, { object, dialect, caller, today }, `sets[${i}].filter`));
    return { set, selected, recentSince: set.recentSince === undefined ? undefined : epochMs(set.recentSince, `sets[${i}].recentSince`) };
  });

  const answers: ReconcileSetAnswer[] = [];
  for (const { set, selected, recentSince } of sets) {
    const ranges: RangeAnswer[] = [];
    for (const range of set.ranges) {
      ranges.push(await answerRange(db, dialect, [...selected, ...rangeBounds(range, dialect)], range));
    }
    answers.push(recentSince === undefined ? { ranges } : { ranges, recent: await recentKeys(db, dialect, allOf(selected), recentSince) });
  }
  return { sets: answers };
};

async function recentKeys(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  selected: RawBuilder<boolean>,
  since: number,
): Promise<ChangeKey[]> {
  const rows = await selectRecentKeys(db, dialect, selected, since).execute();
  return rows.map((r) => ({ rowId: r.row_id, lastUpd: new Date(Number(r.db_last_upd)).toISOString() }));
}

/** An ISO timestamp the schema let through by its shape, as epoch ms; a date that does not exist (month 13) is refused. */
function epochMs(iso: string, path: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== iso) {
    throw new ProtocolError('INVALID_REQUEST', `${path}: ${iso} is not a moment in time`, { path });
  }
  return ms;
}

function allOf(where: readonly RawBuilder<boolean>[]): RawBuilder<boolean> {
  return sql<boolean>`${sql.join(
    where.map((w) => sql`(${w})`),
    sql` and `,
  )}`;
}

async function answerRange(
  db: Kysely<DatabaseSchema>,
  dialect: SqlDialect,
  where: RawBuilder<boolean>[],
  range: KeyRange,
): Promise<RangeAnswer> {
  const condition = allOf(where);
  const sums = await db
    .selectFrom('records')
    .select([sql<number>`count(*)`.as('n'), ...hashSums('records')])
    .where(condition)
    .executeTakeFirstOrThrow();
  const own = fingerprintFromSums(sums.n, [sums.s0, sums.s1, sums.s2, sums.s3]);
  const state = chooseRangeAnswer(fromWireFingerprint(range.fingerprint), own);
  if (state === 'equal') return { state };

  const orderedRowId = dialect.inByteOrder(sql<string>`records.row_id`);
  if (state === 'keys') {
    const rows = await db
      .selectFrom('records')
      .select(['records.row_id', 'records.db_last_upd'])
      .where(condition)
      .orderBy(orderedRowId)
      .limit(RECONCILE_LIMITS.maxKeysPerRangeAnswer + 1)
      .execute();
    // A write between the two queries may have grown the range past the limit: split it then.
    if (rows.length <= RECONCILE_LIMITS.maxKeysPerRangeAnswer) {
      return { state, keys: rows.map((r) => ({ rowId: r.row_id, lastUpd: new Date(Number(r.db_last_upd)).toISOString() })) };
    }
  }

  // The parts of protocol splitPartOf, numbered by a window over the same rows; the count comes
  // from the same window so that the parts stay consistent whatever was written meanwhile.
  const numbered = db
    .selectFrom('records')
    .select([
      sql<string>`${orderedRowId}`.as('ordered_id'),
      'records.key_hash_0',
      'records.key_hash_1',
      'records.key_hash_2',
      'records.key_hash_3',
      sql<number>`(row_number() over (order by ${orderedRowId}) - 1) * ${sql.lit(RECONCILE_LIMITS.splitParts)} / count(*) over ()`.as(
        'part',
      ),
    ])
    .where(condition)
    .as('numbered');
  const parts = await db
    .selectFrom(numbered)
    .select([
      'numbered.part',
      sql<string>`max(numbered.ordered_id)`.as('last_row_id'),
      sql<number>`count(*)`.as('n'),
      ...hashSums('numbered'),
    ])
    .groupBy('numbered.part')
    .orderBy('numbered.part')
    .execute();
  if (parts.length === 0) return { state: 'keys', keys: [] };
  return {
    state: 'split',
    parts: splitRange(
      range,
      parts.map((p) => ({ fingerprint: fingerprintFromSums(p.n, [p.s0, p.s1, p.s2, p.s3]), lastRowId: p.last_row_id })),
    ),
  };
}

/** The range (lower, upper] of row ids, in byte order. */
function rangeBounds(range: KeyRange, dialect: SqlDialect): RawBuilder<boolean>[] {
  const rowId = dialect.inByteOrder(sql<string>`records.row_id`);
  return [
    ...(range.lower === undefined ? [] : [sql<boolean>`${rowId} > ${range.lower}`]),
    ...(range.upper === undefined ? [] : [sql<boolean>`${rowId} <= ${range.upper}`]),
  ];
}

/**
 * The four hash sums modulo 2^30, reduced in SQL so that the driver hands over small
 * exact integers (a part is below 2^30, so SUM is exact in 64 bits up to 2^33 rows).
 */
function hashSums(table: 'records' | 'numbered') {
  const modulus = sql.lit(KEY_HASH_PART_MODULUS);
  const t = sql.table(table);
  return [
    sql<number>`coalesce(sum(${t}.key_hash_0), 0) % ${modulus}`.as('s0'),
    sql<number>`coalesce(sum(${t}.key_hash_1), 0) % ${modulus}`.as('s1'),
    sql<number>`coalesce(sum(${t}.key_hash_2), 0) % ${modulus}`.as('s2'),
    sql<number>`coalesce(sum(${t}.key_hash_3), 0) % ${modulus}`.as('s3'),
  ] as const;
}
