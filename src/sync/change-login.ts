import type { ArchiveEntry, LocalStore } from '../store/index.js';
import { unsentChanges } from './unsent-changes.js';

/**
 * Siebel "How Siebel CRM Desktop Handles Changes to Login Credentials": a new user
 * name or gateway URL means a new local database and an initial sync. Before the
 * old one is removed, the rep is warned about what it still holds unsent; we go
 * further than the reference and lose none of it.
 */

/** What the old login still holds that the server has not got: the warning names these and offers an export. */
export function unsentAtLoginChange(store: LocalStore, now: number): Promise<ArchiveEntry[]> {
  return unsentChanges(store, now, {
    outbox: 'Not uploaded before the login changed.',
    issue: (kind) => `An unresolved ${kind} issue when the login changed.`,
  });
}

/**
 * Completes the change after the rep confirmed: the old database's unsent changes
 * and archive move into the new login's archive when it is the same person at a
 * new gateway address (same user name); for another user they are returned for
 * the rep to export, never shown to the next user. The old database is deleted
 * either way (its CRM data is personal).
 */
export async function changeLogin(
  from: { store: LocalStore; userName: string; remove: () => Promise<void> },
  to: { store: LocalStore; userName: string },
  now: number,
): Promise<{ carriedOver: number; toExport: ArchiveEntry[] }> {
  const unsent = await unsentAtLoginChange(from.store, now);
  const samePerson = from.userName.trim().toLowerCase() === to.userName.trim().toLowerCase();
  if (samePerson && unsent.length > 0) await to.store.addToArchive(unsent);
  await from.store.close();
  await from.remove();
  return samePerson ? { carriedOver: unsent.length, toExport: [] } : { carriedOver: 0, toExport: unsent };
}
