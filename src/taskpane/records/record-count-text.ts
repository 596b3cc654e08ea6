import type { ObjectDefinition } from '../../metadata/index.js';
import { displayFormat } from '../format/display-format.js';
import type { PaneFormat } from '../format/pane-format.js';

/**
 * The count line over a record list: "1,234 accounts", "1 account", or while
 * searching "12 of 1,234 accounts" (digits grouped in the display language). The
 * singular is the object's name, the plural its label, both lower-cased (English words).
 */
export function recordCountText(
  object: Pick<ObjectDefinition, 'name' | 'label'>,
  shown: number,
  total: number,
  format: PaneFormat = displayFormat(),
): string {
  const noun = (n: number) => (n === 1 ? object.name : (object.label ?? object.name)).toLocaleLowerCase('en-US');
  return shown === total ? `${format.number(total)} ${noun(total)}` : `${format.number(shown)} of ${format.number(total)} ${noun(total)}`;
}
