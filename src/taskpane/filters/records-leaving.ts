import {
  evaluateFilter,
  objectSyncScope,
  type CustomizationPackage,
  type FilterContext,
  type ObjectSyncScope,
} from '../../metadata/index.js';
import type { LocalRecord, StoreSettings } from '../../store/index.js';

/** What applying new filters does to the records on this device (the Filter Records confirmation). */
export interface RecordsLeaving {
  /** Synced records the sync's clean-up removes. */
  readonly removed: number;
  /** Records outside the filters that stay, read-only, because a record kept on the device refers to them. */
  readonly keptReadOnly: number;
}

/**
 * Which synced records fall outside `settings`, decided as the sync's clean-up
 * (sync/cleanup-step.ts) decides: a clean record outside the filters (read-only ones
 * included) is removed unless a record that stays refers to it by row id or local id —
 * then it stays read-only. Records with unsent changes never leave and keep what they
 * refer to. A filter this device cannot evaluate keeps the record, as the sync does.
 * Counted first, so the number named is the number removed (not an upper bound).
 */
export function recordsLeaving(
  pkg: CustomizationPackage,
  settings: StoreSettings,
  recordsByType: ReadonlyMap<string, readonly LocalRecord[]>,
  me: string,
  today: string,
): RecordsLeaving {
  const referenced = new Map<string, Set<string>>();
  const candidates: Array<{ readonly objectType: string; readonly record: LocalRecord }> = [];
  for (const object of pkg.objects) {
    const scope = objectSyncScope(pkg, settings, object.name);
    const refFields = object.fields.filter((f) => f.type === 'reference' && f.references);
    for (const record of recordsByType.get(object.name) ?? []) {
      const mayLeave = record.state === 'clean' && record.pending === null && record.rowId !== null;
      if (mayLeave && !inside(scope, record, { object, today, me })) {
        candidates.push({ objectType: object.name, record });
        continue; // a record that leaves (or stays only read-only) keeps nothing else on the device
      }
      for (const f of refFields) {
        const value = record.fields[f.name];
        if (typeof value !== 'string' || value === '') continue;
        const target = f.references as string;
        const set = referenced.get(target) ?? new Set<string>();
        set.add(value);
        referenced.set(target, set);
      }
    }
  }
  let keptReadOnly = 0;
  for (const { objectType, record } of candidates) {
    const refs = referenced.get(objectType);
    if (refs && (refs.has(record.rowId as string) || refs.has(record.localId))) keptReadOnly += 1;
  }
  return { removed: candidates.length - keptReadOnly, keptReadOnly };
}

function inside(scope: ObjectSyncScope, record: LocalRecord, context: FilterContext): boolean {
  if (!scope.enabled) return false;
  if (scope.filter === undefined) return true;
  try {
    return evaluateFilter(scope.filter, record, context);
  } catch {
    return true;
  }
}
