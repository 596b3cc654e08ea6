import type { ChangeKey } from '../protocol/index.js';
import type { LocalRecord } from '../store/index.js';
import { classifyRecord } from './classify-record.js';

export type ConflictKind = 'bothUpdated' | 'deletedVsUpdated';

/**
 * The differences between the local records and the server's change keys of one
 * object type: the work of one step 4 of "How Siebel CRM Desktop Synchronizes
 * Siebel CRM Data". The engine carries it out.
 */
export interface SyncPlan {
  /** ROW_IDs to query and insert locally (Siebel insert). */
  readonly serverInserts: string[];
  /** ROW_IDs to query and overwrite locally (Siebel update). */
  readonly serverUpdates: string[];
  /** localIds to remove locally, or keep read-only if a synced record refers to them (Siebel delete). */
  readonly serverDeletes: string[];
  /** localIds to insert on the server after a user-key check (IBM Notes insert). */
  readonly localInserts: string[];
  /** localIds to update on the server under their modification number (IBM Notes update). */
  readonly localUpdates: string[];
  /** localIds to delete on the server (IBM Notes delete). */
  readonly localDeletes: string[];
  /** Records changed on both sides, for the conflicts log. */
  readonly conflicts: Array<{ readonly localId: string; readonly rowId: string; readonly kind: ConflictKind }>;
  /** localIds of records left alone until the rep resolves their open issue. */
  readonly awaiting: string[];
  /** How many records need nothing. */
  readonly unchanged: number;
}

/**
 * Pairs the local records of one object type with the server's change keys by
 * ROW_ID (records created here have none and pair with nothing), classifies each
 * pair with {@link classifyRecord} and groups the results. Every list is sorted
 * (ROW_ID lists by ROW_ID, the others by localId, in code-unit order) so the plan
 * does not depend on the order the store or the gateway listed things in.
 *
 * One pass over each input with a Map, then the sorts: O(n log n), a few tens of
 * milliseconds for 100,000 records, so the engine can plan a whole object type.
 *
 * `openIssueLocalIds`: localIds with an unresolved conflict-kind issue (see
 * LocalSide.hasOpenIssue: failed issues are not in it).
 *
 * Throws a RangeError when the inputs break an invariant the plan relies on: two
 * server keys or two local records with the same ROW_ID (a pairing would then be
 * a guess), or records of several object types (the plan's localIds would be
 * ambiguous).
 */
export function planSync(
  local: readonly LocalRecord[],
  serverKeys: readonly ChangeKey[],
  openIssueLocalIds: ReadonlySet<string>,
): SyncPlan {
  // rowId → server lastUpd; a key is deleted once paired, what remains is server-only.
  const unpaired = new Map<string, string>();
  for (const key of serverKeys) {
    if (unpaired.has(key.rowId)) throw new RangeError(`planSync: the server sent two change keys for row id ${key.rowId}`);
    unpaired.set(key.rowId, key.lastUpd);
  }

  const plan = {
    serverInserts: [] as string[],
    serverUpdates: [] as string[],
    serverDeletes: [] as string[],
    localInserts: [] as string[],
    localUpdates: [] as string[],
    localDeletes: [] as string[],
    conflicts: [] as Array<{ localId: string; rowId: string; kind: ConflictKind }>,
    awaiting: [] as string[],
    unchanged: 0,
  };
  const objectType = local[0]?.objectType;
  const seenRowIds = new Set<string>();

  for (const record of local) {
    if (record.objectType !== objectType) {
      throw new RangeError(`planSync: records of ${objectType ?? '?'} and ${record.objectType} in one plan`);
    }
    let server: { lastUpd: string } | null = null;
    // A created record normally has no ROW_ID; if one somehow has, pairing it still
    // keeps the server's copy of that ROW_ID from being downloaded as a second record.
    if (record.rowId !== null) {
      if (seenRowIds.has(record.rowId)) throw new RangeError(`planSync: two local records with row id ${record.rowId}`);
      seenRowIds.add(record.rowId);
      const lastUpd = unpaired.get(record.rowId);
      if (lastUpd !== undefined) {
        unpaired.delete(record.rowId);
        server = { lastUpd };
      }
    }
    const classification = classifyRecord(
      { state: record.state, rowId: record.rowId, lastUpd: record.lastUpd, hasOpenIssue: openIssueLocalIds.has(record.localId) },
      server,
    );
    switch (classification) {
      case 'nothing':
        plan.unchanged += 1;
        break;
      case 'serverUpdate':
        // classifyRecord answers serverUpdate only for a paired record, which has a ROW_ID.
        plan.serverUpdates.push(record.rowId as string);
        break;
      case 'serverDelete':
        plan.serverDeletes.push(record.localId);
        break;
      case 'localInsert':
        plan.localInserts.push(record.localId);
        break;
      case 'localUpdate':
        plan.localUpdates.push(record.localId);
        break;
      case 'localDelete':
        plan.localDeletes.push(record.localId);
        break;
      case 'conflictBothUpdated':
        plan.conflicts.push({ localId: record.localId, rowId: record.rowId as string, kind: 'bothUpdated' });
        break;
      case 'conflictDeletedVsUpdated':
        plan.conflicts.push({ localId: record.localId, rowId: record.rowId as string, kind: 'deletedVsUpdated' });
        break;
      case 'awaitingResolution':
        plan.awaiting.push(record.localId);
        break;
      case 'serverInsert':
        // Only for a missing local side, which never happens inside this loop.
        throw new RangeError(`planSync: a local record classified as a server insert (${record.localId})`);
    }
  }
  // "On the Siebel Server, then it creates a corresponding record in IBM Notes."
  for (const rowId of unpaired.keys()) plan.serverInserts.push(rowId);

  plan.serverInserts.sort(byCodeUnits);
  plan.serverUpdates.sort(byCodeUnits);
  plan.serverDeletes.sort(byCodeUnits);
  plan.localInserts.sort(byCodeUnits);
  plan.localUpdates.sort(byCodeUnits);
  plan.localDeletes.sort(byCodeUnits);
  plan.awaiting.sort(byCodeUnits);
  plan.conflicts.sort((a, b) => byCodeUnits(a.localId, b.localId));
  return plan;
}

/** Locale-independent and fast: the same order on every device. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
