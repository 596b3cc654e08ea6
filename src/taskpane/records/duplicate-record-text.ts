import { findField, type ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

/** Key fields that say where a record is: read as "in Bergen, Norway" rather than "with Location Bergen, Norway". */
const PLACE_FIELD = /^(location|city|town|country|region|place)$/i;

/**
 * What the pane says when a new record's user key is already taken:
 * "An account named BEACON AS in Bergen, Norway already exists.",
 * "A contact named Ann Lee already exists.", "A contact with E-mail ann@example.com already exists.".
 *
 * The wording is derived from the key alone, for any package: the noun is the
 * object's name lower-cased (the singular, as in recordCountText) with "a" or "an";
 * the title field, when it is part of the key, comes first as "named <value>" (a
 * last-name title with its first name when that is in the key too, as recordTitle
 * names people); a place field (Location, City, Country…) follows as "in <value>";
 * the other key fields as "<label> <value>" after "with", joined by "and". Values
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
  const value = (name: string) => show(name, fields[name] ?? null);
  const title = object.titleField;
  const firstName = /lastname$/i.test(title) ? title.replace(/last(name)$/i, 'First$1') : null;
  const withFirst = firstName !== null && key.includes(title) && key.includes(firstName);
  const named = key.includes(title) ? ` named ${withFirst ? `${value(firstName)} ` : ''}${value(title)}` : '';
  const described = new Set([title, ...(withFirst ? [firstName] : [])]);
  const isPlace = (name: string) => PLACE_FIELD.test(name) || PLACE_FIELD.test(findField(object, name)?.label ?? '');
  const places = key.filter((name) => !described.has(name) && isPlace(name)).map((name) => ` in ${value(name)}`);
  const others = key
    .filter((name) => !described.has(name) && !isPlace(name))
    .map((name) => `${findField(object, name)?.label ?? name} ${value(name)}`);
  const rest = others.length > 0 ? ` with ${others.join(' and ')}` : '';
  return `${article} ${noun}${named}${places.join('')}${rest} already exists.`;
}
