/**
 * DB_LAST_UPD for a write at `now`: at least one millisecond after the previous
 * value, so every write changes the change key even when two writes fall in the
 * same millisecond or the clock steps back.
 */
export function nextLastUpd(now: number, previous?: number): number {
  return previous === undefined ? now : Math.max(now, previous + 1);
}
