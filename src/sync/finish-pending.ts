import type { ObjectDefinition } from '../metadata/index.js';
import { checkCancelled } from './check-cancelled.js';
import type { SyncSession } from './sync-session.js';
import { uploadRecords } from './upload-records.js';

/**
 * Requests sent before an interruption are finished first, before any key is
 * compared, with their own operation ids: the gateway replays answers it already
 * gave, so the change key our own write produced is not mistaken for someone
 * else's change (a false conflict). Object types in dependency order, so an
 * insert a later one refers to is settled first.
 */
export async function finishPending(
  session: SyncSession,
  objects: readonly ObjectDefinition[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const outbox = await session.store.listOutbox();
  for (const object of objects) {
    checkCancelled(signal);
    const pending = outbox.filter((r) => r.objectType === object.name && r.pending !== null);
    const byKind = (kind: 'insert' | 'update' | 'delete') => pending.filter((r) => r.pending?.kind === kind);
    const ordered = [...byKind('insert'), ...byKind('update'), ...byKind('delete')];
    if (ordered.length > 0) await uploadRecords(session, object, ordered, signal);
  }
}
