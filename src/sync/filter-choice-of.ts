import type { FilterExpr, FilterChoice, PersonalFilterChoice } from '../protocol/index.js';
import type { StoreSettings } from '../store/index.js';

/** The rep's filter settings in ReportDevice's wire shape (personal filters as a list). */
export function filterChoiceOf(settings: StoreSettings): FilterChoice {
  return {
    ...(settings.presetId !== null ? { presetId: settings.presetId } : {}),
    disabledObjects: [...settings.disabledObjects],
    personalFilters: filterList(settings.personalFilters),
    personalPresets: settings.personalPresets.map((p) => ({
      id: p.id,
      name: p.name,
      basePresetId: p.basePresetId,
      disabledObjects: [...p.disabledObjects],
      personalFilters: filterList(p.personalFilters),
    })),
  };
}

/** The settings a restored device takes over from the filter choice its extract was built with. */
export function settingsOfFilterChoice(
  choice: FilterChoice,
): Pick<StoreSettings, 'presetId' | 'disabledObjects' | 'personalFilters' | 'personalPresets'> {
  return {
    presetId: choice.presetId ?? null,
    disabledObjects: [...choice.disabledObjects],
    personalFilters: filterRecord(choice.personalFilters),
    personalPresets: choice.personalPresets.map((p) => ({
      id: p.id,
      name: p.name,
      basePresetId: p.basePresetId,
      disabledObjects: [...p.disabledObjects],
      personalFilters: filterRecord(p.personalFilters),
    })),
  };
}

function filterList(filters: Readonly<Record<string, FilterExpr>>): PersonalFilterChoice[] {
  return Object.entries(filters).map(([objectType, filter]) => ({ objectType, filter }));
}

function filterRecord(filters: readonly PersonalFilterChoice[]): Record<string, FilterExpr> {
  const out: Record<string, FilterExpr> = {};
  for (const { objectType, filter } of filters) out[objectType] = filter;
  return out;
}
