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

/** Counts RecordsLeaving one record at a time, so a device of 100,000 records is read a page at a time. */
export interface RecordsLeavingCounter {
  visit(objectType: string, record: LocalRecord): void;
  /** The counts once every record of every type was visited. */
  result(): RecordsLeaving;
}

/**
 * Which synced records fall outside `settings`, decided as the sync's clean-up
 * (sync/cleanup-step.ts) decides: a clean record outside the filters (read-only ones
 * included) is removed unless a record that stays refers to it by row id or local id —
 * then it stays read-only. Records with unsent changes never leave and keep what they
 * refer to. A filter this device cannot evaluate keeps the record, as the sync does.
 * Counted once every record was seen, so the number named is the number removed (not
 * an upper bound); only ids are kept meanwhile, never the records.
 */
export function recordsLeavingCounter(
  pkg: CustomizationPackage,
  settings: StoreSettings,
  me: string,
  today: string,
): RecordsLeavingCounter {
  const referenced = new Map<string, Set<string>>();
  const candidates: Array<{ readonly objectType: string; readonly rowId: string; readonly localId: string }> = [];
  const objects = new Map(
    pkg.objects.map((object) => [
      object.name,
      {
        object,
        scope: objectSyncScope(pkg, settings, object.name),
        refFields: object.fields.filter((f) => f.type === 'reference' && f.references),
      },
    ]),
  );
  return {
    visit(objectType, record) {
      const known = objects.get(objectType);
      if (known === undefined) return;
      const { object, scope, refFields } = known;
      const mayLeave = record.state === 'clean' && record.pending === null && record.rowId !== null;
      if (mayLeave && record.rowId !== null && !inside(scope, record, { object, today, me })) {
        candidates.push({ objectType, rowId: record.rowId, localId: record.localId });
        return; // a record that leaves (or stays only read-only) keeps nothing else on the device
      }
      for (const f of refFields) {
        const value = record.fields[f.name];
        if (typeof value !== 'string' || value === '') continue;
        const target = f.references as string;
        const set = referenced.get(target) ?? new Set<string>();
        set.add(value);
        referenced.set(target, set);
      }
    },
    result() {
      let keptReadOnly = 0;
      for (const { objectType, rowId, localId } of candidates) {
        const refs = referenced.get(objectType);
        if (refs && (refs.has(rowId) || refs.has(localId))) keptReadOnly += 1;
      }
      return { removed: candidates.length - keptReadOnly, keptReadOnly };
    },
  };
}

/** RecordsLeaving of records held in memory, by type (recordsLeavingCounter over them). */
export function recordsLeaving(
  pkg: CustomizationPackage,
  settings: StoreSettings,
  recordsByType: ReadonlyMap<string, readonly LocalRecord[]>,
  me: string,
  today: string,
): RecordsLeaving {
  const counter = recordsLeavingCounter(pkg, settings, me, today);
  for (const [objectType, records] of recordsByType) for (const record of records) counter.visit(objectType, record);
  return counter.result();
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
