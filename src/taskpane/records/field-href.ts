import type { FieldDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

/**
 * The link a field's value opens, so a rep can write or call from the record: an
 * e-mail field (kind `email`) as `mailto:`, a phone field (kind `phone`) as `tel:`
 * with only the digits and a leading +. Null for other fields and for values that are
 * no address or number (no @, fewer than three digits): those stay plain text.
 */
export function fieldHref(field: Pick<FieldDefinition, 'kind'>, value: FieldValue | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (field.kind === 'email') return /^[^\s@]+@[^\s@]+$/.test(text) ? `mailto:${text}` : null;
  if (field.kind === 'phone') {
    const digits = text.replace(/\D/g, '');
    return digits.length >= 3 ? `tel:${text.startsWith('+') ? '+' : ''}${digits}` : null;
  }
  return null;
}
