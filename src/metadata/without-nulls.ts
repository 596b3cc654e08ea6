import type { FieldValue } from '../protocol/index.js';

/** Stored records leave empty fields out: one way to say "no value", in every write path. */
export function withoutNulls(fields: Readonly<Record<string, FieldValue>>): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== null) out[name] = value;
  return out;
}
