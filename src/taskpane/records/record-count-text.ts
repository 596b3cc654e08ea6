import type { ObjectDefinition } from '../../metadata/index.js';

/**
 * The count line over a record list: "1,234 accounts", "1 account", or while
 * searching "12 of 1,234 accounts". The singular is the object's name, the plural
 * its label, both lower-cased.
 */
export function recordCountText(object: Pick<ObjectDefinition, 'name' | 'label'>, shown: number, total: number, locale?: string): string {
  const format = (n: number) => n.toLocaleString(locale);
  const noun = (n: number) => (n === 1 ? object.name : (object.label ?? object.name)).toLocaleLowerCase(locale);
  return shown === total ? `${format(total)} ${noun(total)}` : `${format(shown)} of ${format(total)} ${noun(total)}`;
}
