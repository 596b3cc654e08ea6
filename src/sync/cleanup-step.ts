import type { ObjectDefinition } from '../metadata/index.js';
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
export async function cleanup(session: SyncSession, options: SyncOptions, everyTypeStreamed = false): Promise<void> {
  const { store } = session;
  session.report('cleanup', null, 0, 0);
  const removals = session.pendingRemovals;
  const readOnlyRowIds: Record<string, string[]> = {};
  const { referenced, present, candidatesOf } = everyTypeStreamed ? await fromThisSync(session) : await byPass(session, options);
  for (const object of session.pkg.objects) {
    checkCancelled(options.signal);
    const candidates = candidatesOf.get(object.name) ?? [];
    const refs = referenced.get(object.name) ?? new Set<string>();
    const remove: Array<{ objectType: string; localId: string }> = [];
    const keepReadOnly: string[] = [];
    for (const record of candidates) {
      if (record.rowId && (refs.has(record.rowId) || refs.has(record.localId))) keepReadOnly.push(record.rowId);
      else remove.push({ objectType: object.name, localId: record.localId });
    }
    const byRowId = new Map(candidates.filter((r) => r.rowId !== null).map((r) => [r.rowId as string, r]));
    const rowIds = present.get(object.name) ?? new Set<string>();
    const missing = [...refs].filter((id) => !rowIds.has(id) && !id.startsWith('L-'));
    const fetched = await fetchRecords(session, object, [...keepReadOnly, ...missing]);
    // A kept record the server no longer has (or shows) goes too.
    for (const rowId of keepReadOnly)
      if (!fetched.has(rowId)) remove.push({ objectType: object.name, localId: (byRowId.get(rowId) as LocalRecord).localId });
    const planned = new Map(candidates.map((r) => [r.localId, r]));
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
    readOnlyRowIds[object.name] = [...fetched.keys()].sort();
  }
  removals.clear();
  // What the next reconciliation leaves out of the device's side (SyncHints).
  await store.setSyncHints({ readOnlyRowIds });
}

/** What clean-up decides from: the references, the row ids present, the records that may leave or stay read-only. */
interface CleanupInputs {
  readonly referenced: Map<string, Set<string>>;
  readonly present: Map<string, Set<string>>;
  readonly candidatesOf: Map<string, LocalRecord[]>;
}

/**
 * One pass per type in bounded memory: the references, the row ids present, and only
 * the records that may leave or stay read-only (a type can hold 100,000 records).
 */
async function byPass(session: SyncSession, options: SyncOptions): Promise<CleanupInputs> {
  const inputs: CleanupInputs = { referenced: new Map(), present: new Map(), candidatesOf: new Map() };
  for (const object of session.pkg.objects) {
    checkCancelled(options.signal);
    const visit = visitor(session, object, inputs);
    await session.store.forEachRecord(object.name, visit);
  }
  return inputs;
}

/**
 * When every type was streamed in this sync (the device held no synced record before:
 * a first sync, or after a reinstall), its records are exactly the streamed ones plus
 * the few created here: the streams already noted their row ids and references, there
 * is no read-only record yet, and only those few are read back.
 */
async function fromThisSync(session: SyncSession): Promise<CleanupInputs> {
  const { store, streamed } = session;
  const inputs: CleanupInputs = { referenced: new Map(), present: new Map(), candidatesOf: new Map() };
  for (const [target, ids] of streamed.references) inputs.referenced.set(target, new Set(ids));
  for (const object of session.pkg.objects) {
    inputs.present.set(object.name, new Set(streamed.rowIds.get(object.name) ?? []));
    const visit = visitor(session, object, inputs);
    const own = new Map<string, LocalRecord>();
    for (const r of await store.listOutbox(object.name)) own.set(r.localId, r);
    const leaving = [...(session.pendingRemovals.get(object.name) ?? [])];
    for (const r of await store.getRecords(object.name, [...session.uploadedLocalIds, ...leaving])) own.set(r.localId, r);
    for (const r of own.values()) visit(r);
  }
  return inputs;
}

/** Notes one record in `inputs`: its row id, whether it may leave, and (if it stays in the filters) what it refers to. */
function visitor(session: SyncSession, object: ObjectDefinition, inputs: CleanupInputs): (record: LocalRecord) => void {
  const refFields = object.fields.filter((f) => f.type === 'reference' && f.references);
  const leaving = session.pendingRemovals.get(object.name) ?? new Set<string>();
  const rowIds = inputs.present.get(object.name) ?? new Set<string>();
  inputs.present.set(object.name, rowIds);
  const candidates = inputs.candidatesOf.get(object.name) ?? [];
  inputs.candidatesOf.set(object.name, candidates);
  return (record) => {
    if (record.rowId !== null) rowIds.add(record.rowId);
    const candidate = leaving.has(record.localId) || record.readOnly;
    // Only clean records leave: one the rep changed since it became a candidate is uploaded first.
    if (candidate && record.state === 'clean' && record.pending === null) candidates.push(record);
    if (candidate) return; // read-only records, and those leaving, keep no relationships
    for (const f of refFields) {
      const value = record.fields[f.name];
      if (typeof value !== 'string') continue;
      const set = inputs.referenced.get(f.references as string) ?? new Set<string>();
      set.add(value);
      inputs.referenced.set(f.references as string, set);
    }
  };
}

/**
 * Whether this sync needs a clean-up: some record may leave, or something moved (a
 * download, an upload, a removal) that can change which records are referenced.
 * Otherwise nothing it decides can differ from the last clean-up's decisions, and a
 * sync where nothing changed reads no record bodies. Read-only copies are then
 * refreshed by the next sync that moves something.
 */
export function cleanupNeeded(session: SyncSession): boolean {
  const { inserted, updated, deleted, uploaded, conflicts } = session.counts;
  if (inserted + updated + deleted + uploaded + conflicts > 0) return true;
  return [...session.pendingRemovals.values()].some((leaving) => leaving.size > 0);
}
