import { formatCount } from '../format/display-format.js';
/**
 * The first run's last words: how many records are on the device, and how many of
 * them only because a record of the rep's refers to them (fetched read-only by the
 * clean-up, outside the filters, so no bar counted them): the bars then add up to the
 * rest, and nobody wonders where the difference came from.
 */
export function dataReadyText(total: number, readOnly: number): string {
  if (!Number.isInteger(total) || !Number.isInteger(readOnly) || total < 0 || readOnly < 0 || readOnly > total)
    throw new Error(`dataReadyText: expected 0 ≤ read-only ≤ total, got ${readOnly} of ${total}`);
  const records = `${formatCount(total)} record${total === 1 ? ' is' : 's are'} now available offline.`;
  if (readOnly === 0) return records;
  return `${records} ${formatCount(readOnly)} of them ${readOnly === 1 ? 'is' : 'are'} read-only: outside your filters, kept because your records refer to ${readOnly === 1 ? 'it' : 'them'}.`;
}
