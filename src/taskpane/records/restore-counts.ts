import type { ObjectDefinition } from '../../metadata/index.js';
import type { RestoreTypeProgress } from '../../sync/index.js';
import { formatCount } from '../format/display-format.js';

/** One object type's bar while a replacement restore writes the extract. */
export interface RestoreTypeRow {
  readonly objectType: string;
  readonly label: string;
  readonly done: number;
  readonly total: number;
}

/** One object type's line in the summary after a replacement restore. */
export interface RestoreSummaryRow {
  readonly objectType: string;
  readonly label: string;
  readonly count: number;
}

export interface RestoreSummary {
  readonly rows: readonly RestoreSummaryRow[];
  /** Exactly the sum of the rows' counts: the number the success message states. */
  readonly total: number;
}

/**
 * The per-type bars under "Records restored N of M", in extract order (the order
 * they fill). A type with nothing to restore is left out, as in the summary
 * (`restoreSummary`). When the types do not add up to the overall total (a
 * gateway that sends no per-type counts) there are no rows rather than rows
 * that contradict the overall bar.
 */
export function restoreTypeRows(
  perType: readonly RestoreTypeProgress[],
  total: number,
  labelOf: (objectType: string) => string,
): RestoreTypeRow[] {
  if (perType.reduce((sum, type) => sum + type.total, 0) !== total) return [];
  return perType.filter((type) => type.total > 0).map((type) => ({ ...type, label: labelOf(type.objectType) }));
}

/**
 * What is on the device once the restore is done, per object type in package
 * order, from the store's counts; a type with no records is left out (they add
 * nothing to the total). The total is the sum of the listed counts, so the
 * message and the list can never disagree.
 */
export function restoreSummary(
  objects: ReadonlyArray<Pick<ObjectDefinition, 'name' | 'label'>>,
  counts: ReadonlyMap<string, number>,
): RestoreSummary {
  const rows = objects
    .map((o) => ({ objectType: o.name, label: o.label ?? o.name, count: counts.get(o.name) ?? 0 }))
    .filter((row) => row.count > 0);
  return { rows, total: rows.reduce((sum, row) => sum + row.count, 0) };
}

/** "682 records are now available offline on this device" (digits grouped in the display language, as the pane's other counts). */
export function restoredRecordsText(total: number): string {
  return total === 1
    ? '1 record is now available offline on this device.'
    : `${formatCount(total)} records are now available offline on this device.`;
}

/** The label a type's bar and summary line use: the package's label, else the type's name. */
export function objectLabeller(objects: ReadonlyArray<Pick<ObjectDefinition, 'name' | 'label'>> | null): (objectType: string) => string {
  return (objectType) => objects?.find((o) => o.name === objectType)?.label ?? objectType;
}
