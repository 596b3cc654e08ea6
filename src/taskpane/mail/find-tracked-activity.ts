import type { FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import type { ActivityRole } from './mail-object-roles.js';
import { refersTo } from './reference-id.js';

/**
 * The activity that already tracks a message for `contact`, if any: one linked to the
 * contact (by ROW_ID or local id) with the same subject and the same start instant
 * (field names from the package's role; a package without a start field compares the
 * subject only). Deleted activities do not count, so a rep can track a message again
 * after deleting its activity.
 */
export function findTrackedActivity(
  activities: readonly LocalRecord[],
  role: Pick<ActivityRole, 'subject' | 'start' | 'contact'>,
  contact: Pick<LocalRecord, 'rowId' | 'localId'>,
  expected: Readonly<Record<string, FieldValue>>,
): LocalRecord | null {
  const { contact: contactField, start: startField } = role;
  if (contactField === null) return null;
  const start = startField === null ? null : instant(expected[startField]);
  return (
    activities.find(
      (a) =>
        a.state !== 'deleted' &&
        refersTo(a.fields[contactField], contact) &&
        a.fields[role.subject] === expected[role.subject] &&
        (startField === null || (start !== null && instant(a.fields[startField]) === start)),
    ) ?? null
  );
}

function instant(value: FieldValue | undefined): number | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}
