import type { LocalRecord } from '../../store/index.js';
import type { ActivityRole } from '../mail/mail-object-roles.js';

/**
 * The activities of an account or contact as a timeline: newest start first, those
 * without a (readable) start after the dated ones, deleted ones left out, each once
 * (an activity can refer to the record through two fields). Ties keep a stable order
 * by local id.
 */
export function activityTimeline(activities: readonly LocalRecord[], role: Pick<ActivityRole, 'start'>): LocalRecord[] {
  const time = (record: LocalRecord): number | null => {
    const value = role.start === null ? undefined : record.fields[role.start];
    if (typeof value !== 'string') return null;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  };
  const once = new Map<string, LocalRecord>();
  for (const activity of activities) if (activity.state !== 'deleted' && !once.has(activity.localId)) once.set(activity.localId, activity);
  return [...once.values()]
    .map((record) => ({ record, at: time(record) }))
    .sort((a, b) => {
      if (a.at === null || b.at === null) return a.at === null ? (b.at === null ? compareIds(a.record, b.record) : 1) : -1;
      return b.at - a.at || compareIds(a.record, b.record);
    })
    .map(({ record }) => record);
}

function compareIds(a: LocalRecord, b: LocalRecord): number {
  return a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0;
}
