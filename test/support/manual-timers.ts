import type { Timers } from '../../src/sync/index.js';

export interface ManualTimers {
  readonly timers: Timers;
  /** Timers set and not yet fired or cleared. */
  pendingCount(): number;
  /** Moves time on by `ms`, firing what falls due in order and letting the promises they start settle. */
  advance(ms: number): Promise<void>;
}

/** Timers under the test's control: nothing fires until the test moves time on. */
export function manualTimers(): ManualTimers {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const settle = async () => {
    // Promise chains started by a callback (a rejected call, the engine's catch, a re-schedule) run on microtasks and I/O.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    timers: {
      setTimeout(callback, ms) {
        seq += 1;
        pending.set(seq, { at: now + ms, callback });
        return seq;
      },
      clearTimeout(handle) {
        pending.delete(handle as number);
      },
    },
    pendingCount: () => pending.size,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await settle();
      }
      now = until;
      await settle();
    },
  };
}
