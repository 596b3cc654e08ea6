/**
 * An `<input type="datetime-local">` speaks wall-clock time without a zone
 * ("2026-03-05T14:30"); datetime fields are stored as ISO 8601 with a zone. These
 * two convert between them in the device's time zone.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The control's value for a stored ISO date-time; '' for no value or text that is not a date-time. */
export function toDatetimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const base = `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const seconds = date.getSeconds();
  const ms = date.getMilliseconds();
  if (seconds === 0 && ms === 0) return base;
  return ms === 0 ? `${base}:${pad(seconds)}` : `${base}:${pad(seconds)}.${pad(ms, 3)}`;
}

/**
 * The ISO date-time (UTC, with Z) for the control's value; null when the value is
 * not a date-time or names a day that does not exist (31 April).
 */
export function fromDatetimeLocal(value: string): string | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const part = (index: number) => Number(match[index] ?? 0);
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const ms = match[7] === undefined ? 0 : Number(match[7].padEnd(3, '0'));
  if (hour > 23 || minute > 59 || second > 59) return null;
  const date = new Date(year, month - 1, day, hour, minute, second, ms);
  // The Date constructor rolls 31 April over to 1 May instead of refusing it.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return null;
  return date.toISOString();
}
