import type { ArchiveEntry, LocalStore } from '../store/index.js';
import { archiveEntryOf } from './archive-entry-of.js';

/** Why the changes did not reach the server, in the rep's words, for each entry. */
export interface UnsentReasons {
  /** An outbox record: created, changed or deleted here and not uploaded. */
  readonly outbox: string;
  /** A change held by an unresolved issue whose record is no longer in the outbox. */
  readonly issue: (kind: string) => string;
}

/**
 * Everything this device holds that the server has not got (SAP replacement step 1,
 * the device's "outbound queue"): the archive, the outbox and the rep's side of
 * unresolved issues. What a login change warns about, what a replaced device exports,
 * and what ReportDevice counts. Only small tables are read: the outbox index, the
 * issues log and the archive.
 */
export async function unsentChanges(store: LocalStore, now: number, reasons: UnsentReasons): Promise<ArchiveEntry[]> {
  const [outbox, issues, archive] = await Promise.all([store.listOutbox(), store.listIssues(), store.listArchive()]);
  const inOutbox = new Set(outbox.map((r) => `${r.objectType}/${r.localId}`));
  const fromOutbox = outbox.map((r) => archiveEntryOf(r, reasons.outbox, now, '/unsent'));
  const fromIssues = issues
    .filter((i) => i.local !== null && !inOutbox.has(`${i.objectType}/${i.localId}`))
    .map((i): ArchiveEntry => ({
      id: `${i.objectType}/${i.localId}@${now}/unsent-issue`,
      objectType: i.objectType,
      localId: i.localId,
      rowId: i.rowId,
      state: 'updated',
      fields: i.local ?? {},
      reason: reasons.issue(i.kind),
      archivedAt: now,
    }));
  return [...archive, ...fromOutbox, ...fromIssues];
}
