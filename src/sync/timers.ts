/**
 * The timer port: transports (call deadlines) and the pane's automatic sync take
 * one, so tests drive time with manual timers instead of waiting.
 */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers, looked up at call time (so fake timers installed later still apply). */
export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
