import type { ObjectDefinition } from '../../metadata/index.js';
import { displayFormat } from '../format/display-format.js';
import type { PaneFormat } from '../format/pane-format.js';

/** An estimate shown with two significant digits (7,684 → 7,700): it is not known closer than that. */
function rounded(estimate: number): number {
  if (estimate < 100) return Math.round(estimate);
  const unit = 10 ** (Math.floor(Math.log10(estimate)) - 1);
  return Math.round(estimate / unit) * unit;
}

/**
 * The count line over a record list: "1,234 accounts", "1 account", or while
 * searching "12 of 1,234 accounts" (digits grouped in the display language); with
 * `estimated`, a search's first answer before its matches are counted: "About 7,700
 * of 35,000 contacts". The singular is the object's name, the plural its label, both
 * lower-cased (English words).
 */
export function recordCountText(
  object: Pick<ObjectDefinition, 'name' | 'label'>,
  shown: number,
  total: number,
  format: PaneFormat = displayFormat(),
  estimated = false,
): string {
  const noun = (n: number) => (n === 1 ? object.name : (object.label ?? object.name)).toLocaleLowerCase('en-US');
  if (estimated) return `About ${format.number(Math.min(rounded(shown), total))} of ${format.number(total)} ${noun(total)}`;
  return shown === total ? `${format.number(total)} ${noun(total)}` : `${format.number(shown)} of ${format.number(total)} ${noun(total)}`;
}
