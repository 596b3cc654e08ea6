import type { CustomizationPackage, ObjectDefinition } from '../../metadata/index.js';
import type { FilterExpr } from '../../protocol/index.js';
import type { StoreSettings } from '../../store/index.js';

/** A day range relative to today on one date field (the assistant's "date range" personal filter). */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/**
 * What the rep chooses in the first-run assistant and the Filter Records tab, in
 * the terms the screens use. `filterSettings` turns it into the store's settings
 * (preset id, switched-off types, personal filters), which the engine applies.
 */
export interface FilterChoice {
  readonly presetId: string;
  readonly disabledObjects: readonly string[];
  /** "Only records I own", on every object type. */
  readonly onlyMine: boolean;
  /** Per object type: a day range on its date field, or none. */
  readonly dayRanges: Readonly<Record<string, DayRange | null>>;
}

/** The choices a date-range select offers (days relative to today). */
export const DAY_RANGE_CHOICES: readonly { readonly label: string; readonly range: DayRange | null }[] = [
  { label: 'Any time', range: null },
  { label: 'Last 30 days', range: { from: -30, to: 0 } },
  { label: 'Last 90 days', range: { from: -90, to: 0 } },
  { label: 'Last 365 days', range: { from: -365, to: 0 } },
  { label: 'Next 90 days', range: { from: 0, to: 90 } },
  { label: 'Last 90 to next 90 days', range: { from: -90, to: 90 } },
];

/** The field a day range applies to: the object's first date or date-time field (none: no range offered). */
export function dateFieldOf(object: ObjectDefinition): string | null {
  return object.fields.find((f) => f.type === 'date' || f.type === 'datetime')?.name ?? null;
}

export function defaultPresetId(pkg: CustomizationPackage): string {
  return (pkg.filters.presets.find((p) => p.isDefault) ?? pkg.filters.presets[0])?.id ?? '';
}

/** Whether the rep may switch `objectType` off, and whether the chosen preset already does. */
export function objectSwitch(
  pkg: CustomizationPackage,
  presetId: string,
  objectType: string,
): { canDisable: boolean; offInPreset: boolean } {
  const object = pkg.objects.find((o) => o.name === objectType);
  const preset = pkg.filters.presets.find((p) => p.id === presetId);
  const offInPreset = preset?.objects.find((o) => o.objectType === objectType)?.enabled === false;
  return { canDisable: object?.canDisable !== false && !offInPreset, offInPreset };
}

/** The store settings a choice stands for (types the package does not let the rep switch off stay on). */
export function filterSettings(
  pkg: CustomizationPackage,
  choice: FilterChoice,
): Pick<StoreSettings, 'presetId' | 'disabledObjects' | 'personalFilters'> {
  const personalFilters: Record<string, FilterExpr> = {};
  for (const object of pkg.objects) {
    const parts: FilterExpr[] = [];
    if (choice.onlyMine) parts.push({ mine: true });
    const range = choice.dayRanges[object.name];
    const field = dateFieldOf(object);
    if (range && field) parts.push({ field, withinDays: { from: range.from, to: range.to } });
    if (parts.length === 1) personalFilters[object.name] = parts[0] as FilterExpr;
    else if (parts.length > 1) personalFilters[object.name] = { and: parts };
  }
  const disabledObjects = choice.disabledObjects.filter((name) => objectSwitch(pkg, choice.presetId, name).canDisable);
  return { presetId: choice.presetId, disabledObjects, personalFilters };
}

/** The choice that the stored settings stand for (the inverse of filterSettings for what it writes). */
export function filterChoiceOf(
  pkg: CustomizationPackage,
  settings: Pick<StoreSettings, 'presetId' | 'disabledObjects' | 'personalFilters'>,
): FilterChoice {
  const presetId =
    settings.presetId && pkg.filters.presets.some((p) => p.id === settings.presetId) ? settings.presetId : defaultPresetId(pkg);
  const dayRanges: Record<string, DayRange | null> = {};
  let onlyMine = false;
  for (const [objectType, filter] of Object.entries(settings.personalFilters)) {
    const parts = 'and' in filter ? filter.and : [filter];
    for (const part of parts) {
      if ('mine' in part) onlyMine = true;
      if ('withinDays' in part) dayRanges[objectType] = { from: part.withinDays.from, to: part.withinDays.to };
    }
  }
  return { presetId, disabledObjects: [...settings.disabledObjects], onlyMine, dayRanges };
}
