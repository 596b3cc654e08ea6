import type { FilterChoice, FilterExpr } from '../protocol/index.js';
import type { FilterSettings } from './object-sync-scope.js';

/** The filter settings of a reported filter choice (ReportDevice's wire shape), as objectSyncScope reads them. */
export function filterSettingsOf(choice: FilterChoice | null): FilterSettings {
  if (choice === null) return { presetId: null, disabledObjects: [], personalFilters: {} };
  const personalFilters: Record<string, FilterExpr> = {};
  for (const { objectType, filter } of choice.personalFilters) personalFilters[objectType] = filter;
  return { presetId: choice.presetId ?? null, disabledObjects: [...choice.disabledObjects], personalFilters };
}
