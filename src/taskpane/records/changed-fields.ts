import type { FieldValue } from '../../protocol/index.js';

/**
 * The entries of `values` that differ from the stored `current` fields (a missing
 * stored field is null): what an update sends, so saving an untouched form
 * changes nothing and a sync uploads only what the rep changed.
 */
export function changedFields(
  current: Readonly<Record<string, FieldValue>>,
  values: Readonly<Record<string, FieldValue>>,
): Record<string, FieldValue> {
  const changes: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if ((current[name] ?? null) !== value) changes[name] = value;
  }
  return changes;
}
