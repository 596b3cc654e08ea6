import { evaluateFilter, type ObjectDefinition } from '../metadata/index.js';
import type { LocalRecord, SyncIssue } from '../store/index.js';
import { checkCancelled } from './check-cancelled.js';
import { fetchRecords } from './fetch-records.js';
import { recordFromServer } from './merge-server-record.js';
import { newIssue } from './new-issue.js';
import { objectSyncScope } from './object-filter.js';
import { planSync } from './plan-sync.js';
import { sameVersion, serverMayOverwrite } from './same-version.js';
import type { SyncOptions } from './sync-options.js';
import type { SyncSession } from './sync-session.js';
import type { SyncStep } from './sync-status.js';
import { uploadDelete, uploadInsert, uploadUpdate } from './upload-record.js';

/** Siebel "How Siebel CRM Desktop Synchronizes Siebel CRM Data", for one object type. */
export async function syncObject(session: SyncSession, object: ObjectDefinition, options: SyncOptions): Promise<void> {
  const { store, transport } = session;
  const settings = await store.getSettings();
  const scope = objectSyncScope(session.pkg, settings, object.name);
  const download = scope.enabled && !options.localOnly;
  // Requests sent before an interruption are finished first, with their own operation
  // ids: the gateway replays answers it already gave, so the change key our own write
  // produced is not mistaken for someone else's change (a false conflict).
  for (const record of (await store.listRecords(object.name)).filter((r) => r.pending !== null)) {
    checkCancelled(options.signal);
    const pending = record.pending as NonNullable<LocalRecord['pending']>;
    if (pending.kind === 'insert') await uploadInsert(session, object, record);
    else if (pending.kind === 'update') await uploadUpdate(session, object, record);
    else await uploadDelete(session, object, record);
  }
  const local = await store.listRecords(object.name);
  const issues = await store.listIssues();
  const blocking = new Set(issues.filter((i) => i.kind !== 'failed' && i.objectType === object.name).map((i) => i.localId));

  const keys: Array<{ rowId: string; lastUpd: string }> = [];
  if (download) {
    const { count } = await transport.call(
      'EstimateCount',
      { objectType: object.name, ...(scope.filter ? { filter: scope.filter } : {}) },
      session.context,
    );
    session.report('download', object.name, 0, count);
    let pageToken: string | undefined;
    do {
      checkCancelled(options.signal);
      const page = await transport.call(
        'GetChangeKeys',
        {
          objectType: object.name,
          pageSize: session.pkg.sync.pageSize,
          ...(scope.filter ? { filter: scope.filter } : {}),
          ...(pageToken ? { pageToken } : {}),
        },
        session.context,
      );
      keys.push(...page.keys);
      pageToken = page.nextPageToken;
    } while (pageToken);
  }
  // Without a download the server's keys are unknown: only the outbox is planned (uploads).
  const candidates = download ? local : local.filter((r) => r.state !== 'clean' || r.pending !== null);
  const plan = planSync(
    candidates,
    download
      ? keys
      : candidates.filter((r) => r.rowId && r.lastUpd).map((r) => ({ rowId: r.rowId as string, lastUpd: r.lastUpd as string })),
    blocking,
  );
  const byLocalId = new Map(local.map((r) => [r.localId, r]));
  const byRowId = new Map(local.filter((r) => r.rowId).map((r) => [r.rowId as string, r]));
  const total =
    plan.localInserts.length +
    plan.localUpdates.length +
    plan.localDeletes.length +
    plan.serverInserts.length +
    plan.serverUpdates.length +
    plan.conflicts.length;
  let done = 0;
  const tick = (step: SyncStep) => session.report(step, object.name, ++done, total);

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

  for (const localId of plan.localInserts) {
    checkCancelled(options.signal);
    await uploadInsert(session, object, byLocalId.get(localId) as LocalRecord);
    tick('upload');
  }
  for (const localId of plan.localUpdates) {
    checkCancelled(options.signal);
    await uploadUpdate(session, object, byLocalId.get(localId) as LocalRecord);
    tick('upload');
  }
  for (const localId of plan.localDeletes) {
    checkCancelled(options.signal);
    await uploadDelete(session, object, byLocalId.get(localId) as LocalRecord);
    tick('upload');
  }

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
    done += ids.length;
    session.report('download', object.name, done, total);
  }

  // Records not among the keys — deleted on the server, out of the filters, or of a
  // disabled type — leave the device in cleanup, which knows every reference. Read
  // from the store again: a record uploaded just now may itself be outside the filters.
  if (!options.localOnly) {
    const serverIds = new Set(keys.map((k) => k.rowId));
    const after = await store.listRecords(object.name);
    const filterContext = { object, today: new Date(session.now()).toISOString().slice(0, 10), me: session.userName };
    const outside = (r: LocalRecord): boolean => {
      if (!download) return true;
      if (!session.uploadedLocalIds.has(r.localId)) return !serverIds.has(r.rowId as string);
      try {
        return scope.filter !== undefined && !evaluateFilter(scope.filter, r, filterContext);
      } catch {
        return false; // a filter the client cannot evaluate: keep the record rather than guess
      }
    };
    const candidates = after.filter((r) => r.state === 'clean' && r.pending === null && r.rowId !== null && outside(r));
    session.pendingRemovals.set(object.name, new Set(candidates.map((r) => r.localId)));
    // A record kept read-only (outside the filters, but referenced) whose key the server lists
    // again is back inside the filters: editable again. With an unchanged key it was planned as
    // "nothing", so the download above did not touch it, and cleanup would keep it read-only.
    const back = download ? after.filter((r) => r.readOnly && r.state === 'clean' && r.rowId !== null && serverIds.has(r.rowId)) : [];
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
}
