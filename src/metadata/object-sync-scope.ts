import type { FilterExpr } from '../protocol/index.js';
import type { CustomizationPackage } from './customization-package.js';

/** The rep's filter choice as a device keeps it (the store's settings) and the gateway's extract reads it. */
export interface FilterSettings {
  /** The package preset the rep picked (the package's default when null or unknown). */
  readonly presetId: string | null;
  /** Object types the rep switched off (only those the package allows count). */
  readonly disabledObjects: readonly string[];
  /** The rep's own filters per object type. */
  readonly personalFilters: Readonly<Record<string, FilterExpr>>;
}

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
 * the latter only where the package allows it. One function for the device's sync
 * and the gateway's replacement extract, so both hold the same records.
 */
export function objectSyncScope(pkg: CustomizationPackage, settings: FilterSettings, objectType: string): ObjectSyncScope {
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
