import type { TestGateway } from './test-gateway.js';

/** Tables whose row counts the gateway tests compare before and after a refused request. */
export type CountedTable =
  'records' | 'record_user_keys' | 'operation_log' | 'sites' | 'sessions' | 'login_throttle' | 'claim_throttle' | 'replacement_jobs';

/**
 * Row counts of `tables` in the gateway's database, and the sum of the records'
 * modification numbers (an update changes no count but raises that sum): equal
 * before and after a request means it wrote nothing there.
 */
export async function tableCounts(gw: TestGateway, tables: readonly CountedTable[]): Promise<Record<string, number>> {
  const db = gw.context.database.db;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  const sum = await db
    .selectFrom('records')
    .select((eb) => eb.fn.sum<number>('mod_num').as('m'))
    .executeTakeFirstOrThrow();
  out['modNumSum'] = Number(sum.m);
  return out;
}
