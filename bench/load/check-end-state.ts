import type { Kysely } from 'kysely';
import type { DatabaseSchema } from '../../src/gateway/db/database-schema.js';
import type { AcknowledgedWrite } from './simulated-rep.js';

export interface EndStateCheck {
  readonly acknowledgedUpdates: number;
  readonly acknowledgedInserts: number;
  readonly recordsChecked: number;
  /** Acknowledged writes not found: a record without its last acknowledged value, a modNum short of the updates, an inserted row missing. */
  readonly lost: number;
  /** Writes applied more than once: a modNum beyond the acknowledged updates, an insert present more than once. */
  readonly duplicated: number;
  /** Inserts found in the database that no device saw acknowledged (an answer lost for good); not an error by themselves. */
  readonly unacknowledgedInserts: number;
  readonly problems: readonly string[];
}

const CHUNK = 500;
const MAX_PROBLEMS = 20;

/**
 * Reads the database after the run, the gateways stopped. Every edit wrote a value used
 * once, every seeded record starts at modification number 1 and only its owner edits it,
 * so per record: its field holds the last acknowledged value and its modNum is exactly
 * 1 + the acknowledged updates (an update applied twice would add one more, a lost one
 * one less). Every acknowledged insert is its row, and its subject (which holds the
 * operation id) is on exactly one record: a retry that inserted again would show twice.
 */
export async function checkEndState(db: Kysely<DatabaseSchema>, writes: readonly AcknowledgedWrite[]): Promise<EndStateCheck> {
  const problems: string[] = [];
  const note = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  let lost = 0;
  let duplicated = 0;

  const updates = new Map<string, AcknowledgedWrite[]>();
  for (const w of writes) if (w.kind === 'update') updates.set(w.rowId, [...(updates.get(w.rowId) ?? []), w]);
  const rowIds = [...updates.keys()];
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('records')
      .select(['row_id', 'mod_num', 'fields'])
      .where('row_id', 'in', rowIds.slice(i, i + CHUNK))
      .execute();
    const byId = new Map(rows.map((r) => [r.row_id, r]));
    for (const rowId of rowIds.slice(i, i + CHUNK)) {
      const acked = (updates.get(rowId) as AcknowledgedWrite[]).slice().sort((a, b) => a.modNum - b.modNum);
      const last = acked[acked.length - 1] as AcknowledgedWrite;
      const row = byId.get(rowId);
      if (!row) {
        lost += acked.length;
        note(`${rowId}: edited ${acked.length}× but not in the database`);
        continue;
      }
      const expected = 1 + acked.length;
      const value = (JSON.parse(row.fields) as Record<string, unknown>)[last.field];
      if (Number(row.mod_num) > expected) {
        duplicated += Number(row.mod_num) - expected;
        note(`${rowId}: modNum ${row.mod_num}, expected ${expected} (1 + ${acked.length} acknowledged updates)`);
      } else if (Number(row.mod_num) < expected) {
        lost += expected - Number(row.mod_num);
        note(`${rowId}: modNum ${row.mod_num}, expected ${expected} (1 + ${acked.length} acknowledged updates)`);
      }
      if (value !== last.value) {
        lost += 1;
        note(
          `${rowId}: ${last.field} is ${JSON.stringify(value)}, the last acknowledged write (${last.operationId}) set ${JSON.stringify(last.value)}`,
        );
      }
    }
  }

  // Records created during the run are the only ones whose row id is not a seeded one.
  const inserted = await db
    .selectFrom('records')
    .select(['row_id', 'fields'])
    .where('object_type', '=', 'Activity')
    .where('row_id', 'not like', '1-LD%')
    .execute();
  const bySubject = new Map<string, string[]>();
  for (const row of inserted) {
    const subject = String((JSON.parse(row.fields) as Record<string, unknown>)['Subject']);
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), row.row_id]);
  }
  const insertWrites = writes.filter((w) => w.kind === 'insert');
  const ackedSubjects = new Set(insertWrites.map((w) => String(w.value)));
  for (const w of insertWrites) {
    const rows = bySubject.get(String(w.value)) ?? [];
    if (!rows.includes(w.rowId)) {
      lost += 1;
      note(`insert ${w.operationId}: row ${w.rowId} not in the database`);
    }
  }
  let unacknowledgedInserts = 0;
  for (const [subject, rows] of bySubject) {
    if (rows.length > 1) {
      duplicated += rows.length - 1;
      note(`"${subject}" was inserted ${rows.length}×: ${rows.join(', ')}`);
    }
    if (!ackedSubjects.has(subject)) unacknowledgedInserts += 1;
  }
  return {
    acknowledgedUpdates: writes.length - insertWrites.length,
    acknowledgedInserts: insertWrites.length,
    recordsChecked: rowIds.length + insertWrites.length,
    lost,
    duplicated,
    unacknowledgedInserts,
    problems,
  };
}
