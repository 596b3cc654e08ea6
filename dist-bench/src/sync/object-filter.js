"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.objectSyncScope = objectSyncScope;
/**
 * The filter layers of Siebel's "How Filters Reduce the Data": the server applies
 * visibility; on top come the package's master filter, the chosen preset's filter
 * and the rep's personal filter. A type is disabled by the preset or by the rep,
 * the latter only where the package allows it.
 */
function objectSyncScope(pkg, settings, objectType) {
    const preset = pkg.filters.presets.find((p) => p.id === settings.presetId) ?? pkg.filters.presets.find((p) => p.isDefault);
    const presetObject = preset?.objects.find((o) => o.objectType === objectType);
    const object = pkg.objects.find((o) => o.name === objectType);
    const repDisabled = settings.disabledObjects.includes(objectType) && object?.canDisable !== false;
    const enabled = (presetObject?.enabled ?? true) && !repDisabled;
    const parts = [];
    for (const m of pkg.filters.master)
        if (m.objectType === objectType)
            parts.push(m.filter);
    if (presetObject?.filter)
        parts.push(presetObject.filter);
    const personal = settings.personalFilters[objectType];
    if (personal)
        parts.push(personal);
    return { enabled, filter: parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts } };
}
//# sourceMappingURL=object-filter.js.map