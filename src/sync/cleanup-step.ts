import type { LocalRecord } from '../store/index.js';
import { checkCancelled } from './check-cancelled.js';
import { fetchRecords } from './fetch-records.js';
import { recordFromServer } from './merge-server-record.js';
import { sameVersion, serverMayOverwrite } from './same-version.js';
import type { SyncOptions } from './sync-options.js';
import type { SyncSession } from './sync-session.js';

/**
 * Siebel: records outside the filters are removed, except those another synced
 * record refers to — kept read-only, refreshed, without their own
 * relationships; referenced records missing locally are fetched read-only.
 */
export async function cleanup(session: SyncSession, options: SyncOptions): Promise<void> {
  const { store } = session;
  session.report('cleanup', null, 0, 0);
  const all = new Map<string, LocalRecord[]>();
  for (const object of session.pkg.objects) all.set(object.name, await store.listRecords(object.name));
  const removals = session.pendingRemovals;
  const referenced = new Map<string, Set<string>>();
  for (const object of session.pkg.objects) {
    const refFields = object.fields.filter((f) => f.type === 'reference' && f.references);
    for (const record of all.get(object.name) ?? []) {
      if (record.readOnly || removals.get(object.name)?.has(record.localId)) continue; // read-only records keep no relationships
      for (const f of refFields) {
        const value = record.fields[f.name];
        if (typeof value === 'string') {
          const set = referenced.get(f.references as string) ?? new Set<string>();
          set.add(value);
          referenced.set(f.references as string, set);
        }
      }
    }
  }
  for (const object of session.pkg.objects) {
    checkCancelled(options.signal);
    const records = all.get(object.name) ?? [];
    const refs = referenced.get(object.name) ?? new Set<string>();
    const candidates = removals.get(object.name) ?? new Set<string>();
    const remove: Array<{ objectType: string; localId: string }> = [];
    const keepReadOnly: string[] = [];
    for (const record of records) {
      // Only clean records leave: one the rep changed since it became a candidate is uploaded first.
      if (record.state !== 'clean' || record.pending !== null) continue;
      const isCandidate = candidates.has(record.localId) || record.readOnly;
      if (!isCandidate) continue;
      if (record.rowId && (refs.has(record.rowId) || refs.has(record.localId))) keepReadOnly.push(record.rowId);
      else remove.push({ objectType: object.name, localId: record.localId });
    }
    // One lookup table per type: read-only records can number tens of thousands (a scan each was quadratic).
    const byRowId = new Map(records.filter((r) => r.rowId !== null).map((r) => [r.rowId as string, r]));
    const present = new Set(byRowId.keys());
    const missing = [...refs].filter((id) => !present.has(id) && !id.startsWith('L-'));
    const fetched = await fetchRecords(session, object, [...keepReadOnly, ...missing]);
    // A kept record the server no longer has (or shows) goes too.
    for (const rowId of keepReadOnly)
      if (!fetched.has(rowId)) remove.push({ objectType: object.name, localId: (byRowId.get(rowId) as LocalRecord).localId });
    const planned = new Map(records.map((r) => [r.localId, r]));
    const putKeys = [...fetched.keys()].map((rowId) => ({ objectType: object.name, localId: byRowId.get(rowId)?.localId ?? rowId }));
    // Decided again inside the write: a record the rep changed since it was listed stays as
    // the rep left it (uploaded by the next sync), neither removed nor overwritten.
    const removed = await store.updateRecords({ records: [...remove, ...putKeys] }, (seen) => {
      const put: LocalRecord[] = [];
      for (const [rowId, server] of fetched) {
        const existing = byRowId.get(rowId);
        const current = seen.record(object.name, existing?.localId ?? rowId);
        if (!serverMayOverwrite(current, existing)) continue;
        put.push({ ...recordFromServer(server, object.name, current), readOnly: true });
      }
      const gone = remove.filter(({ localId }) => {
        const current = seen.record(object.name, localId);
        const seenThen = planned.get(localId);
        return (
          current !== undefined &&
          seenThen !== undefined &&
          current.state === 'clean' &&
          current.pending === null &&
          sameVersion(current, seenThen)
        );
      });
      return { put, remove: gone, result: gone.length };
    });
    session.counts = { ...session.counts, deleted: session.counts.deleted + removed };
  }
  removals.clear();
}
