import type { CustomizationPackage } from '../metadata/index.js';
import type { FilterExpr } from '../protocol/index.js';
import type { StoreSettings } from '../store/index.js';

export interface ObjectSyncScope {
  /** Whether the server's records of this type are downloaded (local changes upload either way). */
  readonly enabled: boolean;
  /** Master filter AND preset filter AND personal filter, as sent with GetChangeKeys. */
  readonly filter: FilterExpr | undefined;
}

/**
 * The filter layers of Siebel's "How Filters Reduce the Data": the server applies
 * visibility; on top come the package's master filter, the chosen preset's filter
 * and the rep's personal filter. A type is disabled by the preset or by the rep,
 * the latter only where the package allows it.
 */
export function objectSyncScope(pkg: CustomizationPackage, settings: StoreSettings, objectType: string): ObjectSyncScope {
  const preset = pkg.filters.presets.find((p) => p.id === settings.presetId) ?? pkg.filters.presets.find((p) => p.isDefault);
  const presetObject = preset?.objects.find((o) => o.objectType === objectType);
  const object = pkg.objects.find((o) => o.name === objectType);
  const repDisabled = settings.disabledObjects.includes(objectType) && object?.canDisable !== false;
  const enabled = (presetObject?.enabled ?? true) && !repDisabled;
  const parts: FilterExpr[] = [];
  for (const m of pkg.filters.master) if (m.objectType === objectType) parts.push(m.filter);
  if (presetObject?.filter) parts.push(presetObject.filter);
  const personal = settings.personalFilters[objectType];
  if (personal) parts.push(personal);
  return { enabled, filter: parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts } };
}
