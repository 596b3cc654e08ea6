import type { FieldValue } from '../../protocol/index.js';

/**
 * Whether two field values are the same as the gateway stores them: null, missing
 * and blank text are one value (it drops nulls); otherwise value and type count.
 */
export function sameFieldValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return comparable(a) === comparable(b);
}

function comparable(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return value.trim() === '' ? 'empty' : `s:${value}`;
  return `${typeof value}:${String(value)}`;
}
