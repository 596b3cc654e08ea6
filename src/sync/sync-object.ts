import { evaluateFilter, type ObjectDefinition } from '../metadata/index.js';
import type { ChangeKey } from '../protocol/index.js';
import type { LocalRecord, SyncIssue } from '../store/index.js';
import { checkCancelled } from './check-cancelled.js';
import { listServerKeys, type ObjectKeys } from './exchange-keys.js';
import { fetchRecords } from './fetch-records.js';
import { lacksOperation } from './lacks-operation.js';
import { recordFromServer } from './merge-server-record.js';
import { newIssue } from './new-issue.js';
import { planSync } from './plan-sync.js';
import { sameVersion, serverMayOverwrite } from './same-version.js';
import { streamRecords } from './stream-records.js';
import type { SyncOptions } from './sync-options.js';
import type { SyncSession } from './sync-session.js';
import type { SyncStep } from './sync-status.js';
import { uploadRecords } from './upload-records.js';

/**
 * The records the plan of one object type pairs with the gateway's keys, and those
 * keys: in Siebel mode every record and every key; in reconcile mode only the
 * outbox and the records whose key differs, with the gateway's side of exactly
 * those — the plan is the same either way, since every other record is unchanged
 * on both sides ("nothing" to do).
 */
interface PlanInputs {
  readonly candidates: readonly LocalRecord[];
  readonly serverKeys: readonly ChangeKey[];
  /** Row ids the gateway lists under the filters, among the records the plan may leave out (read-only ones coming back). */
  readonly listed: (rowId: string) => boolean;
  /** Clean records outside the gateway's side: clean-up removes them or keeps them read-only. */
  readonly leaving: readonly string[];
}

/**
 * Siebel "How Siebel CRM Desktop Synchronizes Siebel CRM Data", steps 4 to 6 for one
 * object type, once the keys were exchanged (exchange-keys.ts): plan, conflicts,
 * uploads, downloads, and the records that leave the device in clean-up.
 */
export async function syncObject(session: SyncSession, object: ObjectDefinition, keys: ObjectKeys, options: SyncOptions): Promise<void> {
  const { store } = session;
  const outbox = await store.listOutbox(object.name);
  const issues = await store.listIssues();
  const blocking = new Set(issues.filter((i) => i.kind !== 'failed' && i.objectType === object.name).map((i) => i.localId));

  let exchanged = keys;
  if (exchanged.kind === 'stream') {
    // Only records created here can be in the outbox: they go up first, the stream then skips their rows.
    await uploadPlanned(session, object, planSync(outbox, [], blocking), new Map(outbox.map((r) => [r.localId, r])), options, () => {});
    try {
      await streamRecords(session, object, exchanged.scope, options.signal);
      const uploadedOnly: PlanInputs = { candidates: outbox, serverKeys: [], listed: () => true, leaving: [] };
      if (!options.localOnly) await markLeaving(session, object, exchanged, uploadedOnly);
      return;
    } catch (error) {
      if (!lacksOperation(error, 'ListRecords')) throw error;
      session.lacking.add('ListRecords');
      exchanged = { kind: 'listed', scope: exchanged.scope, server: await listServerKeys(session, object, exchanged.scope, options) };
    }
  }
  const inputs = await planInputs(session, object, exchanged, outbox);
  const plan = planSync(inputs.candidates, inputs.serverKeys, blocking);
  const byLocalId = new Map(inputs.candidates.map((r) => [r.localId, r]));
  const byRowId = new Map(inputs.candidates.filter((r) => r.rowId).map((r) => [r.rowId as string, r]));
  const total =
    plan.localInserts.length +
    plan.localUpdates.length +
    plan.localDeletes.length +
    plan.serverInserts.length +
    plan.serverUpdates.length +
    plan.conflicts.length;
  let done = 0;
  const tick = (step: SyncStep, n = 1) => {
    done += n;
    session.report(step, object.name, done, total);
  };

  // Conflicts found by comparing change keys: log both versions for the rep.
  if (plan.conflicts.length > 0) {
    const servers = await fetchRecords(
      session,
      object,
      plan.conflicts.map((c) => c.rowId),
    );
    const newIssues: SyncIssue[] = plan.conflicts.map((c) => {
      const record = byLocalId.get(c.localId) as LocalRecord;
      const server = servers.get(c.rowId) ?? null;
      return newIssue(session.now(), record, c.kind === 'bothUpdated' ? 'bothUpdated' : 'deletedVsUpdated', server, null);
    });
    await store.putIssues(newIssues);
    session.counts = { ...session.counts, conflicts: session.counts.conflicts + newIssues.length };
    done += newIssues.length;
  }

  let uploadedSoFar = 0;
  await uploadPlanned(session, object, plan, byLocalId, options, (uploaded) => {
    tick('upload', uploaded - uploadedSoFar);
    uploadedSoFar = uploaded;
  });

  // Server inserts and updates: fetch whole records, overwrite all local fields.
  // An insert whose answer was lost shows up among the server's keys; the retried insert above already holds it.
  const fetchIds = [...plan.serverInserts.filter((id) => !session.insertedRowIds.has(id)), ...plan.serverUpdates];
  for (let i = 0; i < fetchIds.length; i += session.pkg.sync.maxIdsPerQuery) {
    checkCancelled(options.signal);
    const ids = fetchIds.slice(i, i + session.pkg.sync.maxIdsPerQuery);
    const records = await fetchRecords(session, object, ids);
    const keysOf = ids.map((id) => ({ objectType: object.name, localId: byRowId.get(id)?.localId ?? id }));
    // Checked and written in one transaction: a record the rep changed since the plan
    // was made keeps the change (the next sync classifies it), never overwritten.
    const written = await store.updateRecords({ records: keysOf }, (seen) => {
      const put: LocalRecord[] = [];
      let inserted = 0;
      for (const id of ids) {
        const server = records.get(id);
        if (!server) continue; // deleted in between: the next sync no longer sees its key
        const planned = byRowId.get(id);
        const current = seen.record(object.name, planned?.localId ?? id);
        if (!serverMayOverwrite(current, planned)) continue;
        put.push({ ...recordFromServer(server, object.name, current), readOnly: false });
        if (planned === undefined) inserted += 1;
      }
      return { put, result: { total: put.length, inserted } };
    });
    session.counts = {
      ...session.counts,
      inserted: session.counts.inserted + written.inserted,
      updated: session.counts.updated + written.total - written.inserted,
    };
    tick('download', ids.length);
  }

  if (!options.localOnly) await markLeaving(session, object, exchanged, inputs);
}

/** The plan's inputs from what the key exchange learnt; record bodies are read only where the plan needs them. */
async function planInputs(
  session: SyncSession,
  object: ObjectDefinition,
  keys: ObjectKeys,
  outbox: readonly LocalRecord[],
): Promise<PlanInputs> {
  const { store } = session;
  switch (keys.kind) {
    case 'listed': {
      const local = await store.listRecords(object.name);
      const serverIds = new Set(keys.server.map((k) => k.rowId));
      return {
        candidates: local,
        serverKeys: keys.server,
        listed: (rowId) => serverIds.has(rowId),
        leaving: local.filter((r) => r.rowId !== null && !serverIds.has(r.rowId)).map((r) => r.localId),
      };
    }
    case 'reconciled': {
      // Only the records whose gateway key differs are read (none in a sync where nothing changed).
      const outboxIds = new Set(outbox.map((r) => r.localId));
      const differing = keys.changes.size === 0 ? [] : await store.getRecordsByRowId(object.name, [...keys.changes.keys()]);
      const localIdOf = new Map(differing.map((r) => [r.rowId as string, r.localId]));
      const candidates = [...outbox, ...differing.filter((r) => !outboxIds.has(r.localId))];
      const serverKeys: ChangeKey[] = [];
      for (const record of candidates) {
        // A record without a DB_LAST_UPD (restored without its bulk fields) is not on the device side: the gateway's key is a change.
        if (record.rowId === null) continue;
        const server = keys.changes.has(record.rowId) ? keys.changes.get(record.rowId) : record.lastUpd;
        if (server) serverKeys.push({ rowId: record.rowId, lastUpd: server });
      }
      // Rows the gateway has and the device does not: server inserts.
      for (const [rowId, lastUpd] of keys.changes) if (lastUpd !== null && !localIdOf.has(rowId)) serverKeys.push({ rowId, lastUpd });
      return {
        candidates,
        serverKeys,
        // Asked for candidates only, which have a row id and so a key on the device.
        listed: (rowId) => (keys.changes.has(rowId) ? keys.changes.get(rowId) !== null : !keys.leftOut.has(rowId)),
        leaving: [...keys.changes].flatMap(([rowId, lastUpd]) => {
          const localId = lastUpd === null ? localIdOf.get(rowId) : undefined;
          return localId === undefined ? [] : [localId];
        }),
      };
    }
    case 'upload only':
    case 'stream':
      // Without a download the server's keys are unknown: only the outbox is planned (uploads).
      return {
        candidates: outbox,
        serverKeys: outbox.filter((r) => r.rowId && r.lastUpd).map((r) => ({ rowId: r.rowId as string, lastUpd: r.lastUpd as string })),
        listed: () => false,
        leaving: keys.kind === 'upload only' ? (await keys.local()).map((k) => k.localId) : [],
      };
  }
}

async function uploadPlanned(
  session: SyncSession,
  object: ObjectDefinition,
  plan: ReturnType<typeof planSync>,
  byLocalId: ReadonlyMap<string, LocalRecord>,
  options: SyncOptions,
  progress: (uploaded: number) => void,
): Promise<void> {
  const records = [...plan.localInserts, ...plan.localUpdates, ...plan.localDeletes].map((id) => byLocalId.get(id) as LocalRecord);
  if (records.length > 0) await uploadRecords(session, object, records, options.signal, progress);
}

/**
 * Records not on the gateway's side — deleted on the server, out of the filters, or of
 * a disabled type — leave the device in clean-up, which knows every reference. A record
 * uploaded just now is judged by the filter itself (it may be outside them). A record
 * kept read-only whose key the gateway lists again is back inside the filters: editable
 * again (with an unchanged key the plan did nothing with it).
 */
async function markLeaving(session: SyncSession, object: ObjectDefinition, keys: ObjectKeys, inputs: PlanInputs): Promise<void> {
  const { store } = session;
  const uploaded = await store.getRecords(
    object.name,
    inputs.candidates.filter((r) => session.uploadedLocalIds.has(r.localId)).map((r) => r.localId),
  );
  const filterContext = { object, today: new Date(session.now()).toISOString().slice(0, 10), me: session.userName };
  const outsideFilter = (r: LocalRecord): boolean => {
    if (keys.kind === 'upload only') return true;
    try {
      return keys.scope.filter !== undefined && !evaluateFilter(keys.scope.filter, r, filterContext);
    } catch {
      return false; // a filter the client cannot evaluate: keep the record rather than guess
    }
  };
  const leaving = new Set(inputs.leaving.filter((localId) => !session.uploadedLocalIds.has(localId)));
  for (const r of uploaded) if (r.rowId !== null && outsideFilter(r)) leaving.add(r.localId);
  session.pendingRemovals.set(object.name, leaving);

  const back =
    keys.kind === 'upload only'
      ? []
      : inputs.candidates.filter((r) => r.readOnly && r.state === 'clean' && r.rowId !== null && inputs.listed(r.rowId));
  if (back.length > 0) {
    await store.updateRecords({ records: back }, (seen) => ({
      put: back.flatMap((r) => {
        const current = seen.record(r.objectType, r.localId);
        return current !== undefined && sameVersion(current, r) ? [{ ...current, readOnly: false }] : [];
      }),
      result: undefined,
    }));
  }
}
