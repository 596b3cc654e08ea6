import { evaluateFilter, objectSyncScope, type CustomizationPackage } from '../../metadata/index.js';
import type { LocalRecord, StoreSettings } from '../../store/index.js';

/**
 * How many synced records on this device fall outside `settings` (the Filter
 * Records tab's confirmation names the number before anything is removed).
 * Records with unsent changes never leave; records another kept record refers to
 * stay read-only — the sync decides those, so this is the upper bound.
 */
export function recordsLeaving(
  pkg: CustomizationPackage,
  settings: StoreSettings,
  recordsByType: ReadonlyMap<string, readonly LocalRecord[]>,
  me: string,
  today: string,
): number {
  let leaving = 0;
  for (const object of pkg.objects) {
    const scope = objectSyncScope(pkg, settings, object.name);
    for (const record of recordsByType.get(object.name) ?? []) {
      if (record.state !== 'clean' || record.pending !== null || record.origin !== 'crm' || record.readOnly) continue;
      const inside = scope.enabled && (scope.filter === undefined || evaluateFilter(scope.filter, record, { object, today, me }));
      if (!inside) leaving += 1;
    }
  }
  return leaving;
}
