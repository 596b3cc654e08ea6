import type { FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import { refersTo } from './reference-id.js';

/**
 * The Activity that already tracks a message for `contact`, if any: one linked to
 * the contact (by ROW_ID or local id) with the same Subject and the same Start
 * instant. Deleted activities do not count, so a rep can track a message again
 * after deleting its activity.
 */
export function findTrackedActivity(
  activities: readonly LocalRecord[],
  contact: Pick<LocalRecord, 'rowId' | 'localId'>,
  expected: Readonly<Record<string, FieldValue>>,
): LocalRecord | null {
  const start = instant(expected['Start']);
  return (
    activities.find(
      (a) =>
        a.state !== 'deleted' &&
        refersTo(a.fields['ContactId'], contact) &&
        a.fields['Subject'] === expected['Subject'] &&
        start !== null &&
        instant(a.fields['Start']) === start,
    ) ?? null
  );
}

function instant(value: FieldValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
