import type { ObjectDefinition } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';

const QUARTER_HOUR_MS = 15 * 60_000;

/** The next quarter hour after `now` (epoch ms), as the ISO text a datetime field stores: 09:07 → 09:15, 09:15 → 09:30. */
export function nextQuarterHour(now: number): string {
  return new Date((Math.floor(now / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS).toISOString();
}

/**
 * The field a new record of `object` starts with a time in (an activity's Start): its
 * first date-time field named Start…, unless the record is given one already. Null
 * when it has none, so other types start empty.
 */
export function defaultStartField(object: ObjectDefinition, initial: Readonly<Record<string, FieldValue>> | undefined): string | null {
  const field = object.fields.find((f) => f.type === 'datetime' && !f.readOnly && /^start/i.test(f.name));
  if (!field) return null;
  const given = initial?.[field.name];
  return given === undefined || given === null || given === '' ? field.name : null;
}
