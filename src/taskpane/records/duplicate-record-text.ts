import { findField, type ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

/**
 * What the form says when a new record's user key is already on the device:
 * "An account named Beacon AS with Location Bergen, Norway already exists.",
 * "A contact with E-mail ann@example.com already exists.".
 *
 * The wording is derived from the key alone, for any package: the noun is the
 * object's name lower-cased (the singular, as in recordCountText) with "a" or "an";
 * the title field, when it is part of the key, comes first as "named <value>"; the
 * other key fields follow as "<label> <value>" after "with", joined by "and". Values
 * are shown as the existing record holds them; `show` turns one into text (the pane
 * passes a reference's title instead of its id).
 */
export function duplicateRecordText(
  object: ObjectDefinition,
  key: readonly string[],
  fields: Readonly<Record<string, FieldValue>>,
  show: (field: string, value: FieldValue) => string = (_, value) => String(value ?? ''),
): string {
  const noun = object.name.toLocaleLowerCase();
  const article = /^[aeiou]/i.test(noun) ? 'An' : 'A';
  const named = key.includes(object.titleField) ? ` named ${show(object.titleField, fields[object.titleField] ?? null)}` : '';
  const others = key
    .filter((name) => name !== object.titleField)
    .map((name) => `${findField(object, name)?.label ?? name} ${show(name, fields[name] ?? null)}`);
  const rest = others.length > 0 ? ` with ${others.join(' and ')}` : '';
  return `${article} ${noun}${named}${rest} already exists.`;
}
