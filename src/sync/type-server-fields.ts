import { coerceFieldValue, findField, type ObjectDefinition } from '../metadata/index.js';
import type { FieldValue } from '../protocol/index.js';

/**
 * Server values in the types of the package's fields: SOAP delivers every value
 * as text, JSON numbers as numbers; after this both give the same record. Fields
 * the package does not define are dropped (the rep cannot see them anyway), and
 * a value that does not fit its type is kept as it came rather than lost.
 */
export function typeServerFields(object: ObjectDefinition, fields: Readonly<Record<string, FieldValue>>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) {
    const field = findField(object, name);
    if (!field) continue;
    const loose = { ...field, type: field.type === 'picklist' ? ('text' as const) : field.type, maxLength: undefined };
    const coerced = coerceFieldValue(loose, value);
    if (coerced.ok && coerced.value !== null) out[name] = coerced.value;
    else if (!coerced.ok) out[name] = value;
  }
  return out;
}
