import { ProtocolError, type FieldValue } from '../protocol/index.js';
import type { FieldRule } from './check-field-value.js';
import { coerceFieldValue } from './coerce-field-value.js';
import { findField, type ObjectDefinition } from './object-definition.js';

/**
 * Checks the fields of an insert or update against the object definition — the
 * same rules on the gateway (every request) and in the pane (every offline edit,
 * so a rep sees a problem while typing, not at the next sync) — and
 * returns them in stored form. All problems are reported together; an unknown
 * field is refused rather than dropped, so a client bug cannot lose data silently.
 * `complete` says whether `fields` is the whole record (insert, or an update
 * merged with the stored record): only then are required fields enforced.
 */
export function normalizeFields(
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  complete: boolean,
): Record<string, FieldValue> {
  const problems: string[] = [];
  /** The first problem that is a field's rule, for the details (what a client keys on, as for checkFieldValue's rules). */
  let first: { field: string; rule: FieldRule } | undefined;
  const out: Record<string, FieldValue> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const field = findField(object, name);
    if (!field) {
      problems.push(`${object.name} has no field "${name}"`);
      continue;
    }
    const coerced = coerceFieldValue(field, raw);
    if (coerced.ok) out[name] = coerced.value;
    else {
      problems.push(coerced.reason);
      first ??= { field: name, rule: coerced.rule };
    }
  }
  if (complete) {
    for (const field of object.fields) {
      if (field.required && (out[field.name] === undefined || out[field.name] === null)) {
        problems.push(`${field.name} is required`);
        first ??= { field: field.name, rule: 'required' };
      }
    }
  }
  if (problems.length > 0) {
    throw new ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, {
      objectType: object.name,
      ...first,
      problems,
    });
  }
  return out;
}
