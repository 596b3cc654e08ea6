import type { FieldValue } from '../protocol/index.js';
import type { ArchiveEntry, LocalRecord, ReinstallPlan, SyncIssue, UnsentWork } from '../store/index.js';
import { archiveEntryOf } from './archive-entry-of.js';

export interface ReinstallRules {
  /** Object types whose unsent records are kept (they upload after the reinstall); the others' are archived. */
  readonly keepTypes: ReadonlySet<string>;
  readonly now: number;
  /** Why an unsent record was archived, in the rep's words. */
  readonly reason: (record: LocalRecord) => string;
}

/**
 * What a reinstall does with the unsent work it finds (Siebel "Situations Where
 * Siebel CRM Desktop Reinstalls the Data Structure": never dropped). Unsent records
 * of a kept type stay; the others go to the archive, and so does the rep's version
 * of every open issue whose record is not kept or archived already. Pure: the store
 * calls it inside the reinstall's transaction with what is stored at that moment.
 */
export function planReinstall(unsent: UnsentWork, rules: ReinstallRules): ReinstallPlan {
  const keep = unsent.outbox.filter((r) => rules.keepTypes.has(r.objectType));
  const archived = unsent.outbox.filter((r) => !rules.keepTypes.has(r.objectType));
  const covered = new Set(unsent.outbox.map((r) => `${r.objectType}/${r.localId}`));
  const unresolved = unsent.issues.filter((i) => i.local !== null && !covered.has(`${i.objectType}/${i.localId}`));
  return {
    keep,
    archive: [...archived.map((r) => recordEntry(r, rules)), ...unresolved.map((i) => issueEntry(i, rules.now))],
  };
}

function recordEntry(r: LocalRecord, rules: ReinstallRules): ArchiveEntry {
  return archiveEntryOf(r, rules.reason(r), rules.now, '');
}

function issueEntry(i: SyncIssue, now: number): ArchiveEntry {
  return {
    id: `${i.objectType}/${i.localId}@${now}/issue`,
    objectType: i.objectType,
    localId: i.localId,
    rowId: i.rowId,
    state: 'updated',
    fields: i.local as Record<string, FieldValue>,
    reason: `An unresolved ${i.kind} issue when the data structure was reinstalled.`,
    archivedAt: now,
  };
}
