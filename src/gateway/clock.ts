/** The gateway's only source of time, so tests can move it (session expiry, lockouts, DB_LAST_UPD). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
