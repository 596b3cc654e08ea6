/** Below these, the throughput measured so far says too little to promise a time. */
export const TIME_LEFT_MIN_ELAPSED_MS = 3_000;
export const TIME_LEFT_MIN_SHARE = 0.05;

/**
 * How long the rest of a download should take at the pace measured so far (records
 * per millisecond over the whole elapsed time, so one slow or fast page does not make
 * the estimate jump), in ms. Null while it would be a guess: before 3 s, before 5 %
 * of the records arrived, without a known total, or once nothing is left.
 */
export function timeLeftMs(progress: { readonly done: number; readonly total: number | null; readonly elapsedMs: number }): number | null {
  const { done, total, elapsedMs } = progress;
  if (total === null || done <= 0 || done >= total) return null;
  if (elapsedMs < TIME_LEFT_MIN_ELAPSED_MS || done < total * TIME_LEFT_MIN_SHARE) return null;
  return ((total - done) * elapsedMs) / done;
}

/** The estimate in words, rounded as a person would say it: "About 3 minutes left". */
export function timeLeftWords(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`timeLeftWords: expected a duration in ms, got ${ms}`);
  if (ms < 10_000) return 'A few seconds left';
  if (ms < 60_000) return 'Less than a minute left';
  // From an hour and a half on, in hours (which then round to 2 or more).
  if (ms >= 90 * 60_000) return `About ${Math.round(ms / 3_600_000)} hours left`;
  const minutes = Math.round(ms / 60_000);
  return minutes === 1 ? 'About 1 minute left' : `About ${minutes} minutes left`;
}
