const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment (epoch ms) as people read it, in the device's language and time zone. */
export function formatTime(epochMs: number): string {
  return Number.isFinite(epochMs) ? DATE_TIME.format(epochMs) : 'an unknown time';
}
