import { AutoSync, type Timers } from '../../src/taskpane/services/auto-sync.js';

/** Timers under the test's control: advance() fires what is due, in order. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout(callback, ms) {
      seq += 1;
      pending.set(seq, { at: now + ms, callback });
      return seq;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    pendingCount: () => pending.size,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        // Let the run's promise and the re-scheduling settle.
        for (let i = 0; i < 5; i += 1) await Promise.resolve();
      }
      now = until;
    },
  };
}

describe('AutoSync', () => {
  const cases: { name: string; online: boolean; busy: boolean; minutes: number; advanceMinutes: number; runs: number }[] = [
    { name: 'runs once per interval while online', online: true, busy: false, minutes: 15, advanceMinutes: 45, runs: 3 },
    { name: 'does not run before the interval is over', online: true, busy: false, minutes: 15, advanceMinutes: 14, runs: 0 },
    { name: 'skips runs while offline (nothing piles up)', online: false, busy: false, minutes: 15, advanceMinutes: 120, runs: 0 },
    { name: 'skips a run while another sync is running', online: true, busy: true, minutes: 15, advanceMinutes: 60, runs: 0 },
    { name: 'never runs when the interval is manual (0)', online: true, busy: false, minutes: 0, advanceMinutes: 600, runs: 0 },
  ];
  it.each(cases)('$name', async ({ online, busy, minutes, advanceMinutes, runs }) => {
    const clock = manualTimers();
    let count = 0;
    const auto = new AutoSync({ run: async () => void (count += 1), isOnline: () => online, isBusy: () => busy, timers: clock.timers });
    auto.setInterval(minutes);
    await clock.advance(advanceMinutes * 60_000);
    expect(count).toBe(runs);
    auto.stop();
  });

  it('after coming back online, runs at the next interval only once (missed runs are not caught up)', async () => {
    const clock = manualTimers();
    let online = false;
    let count = 0;
    const auto = new AutoSync({ run: async () => void (count += 1), isOnline: () => online, isBusy: () => false, timers: clock.timers });
    auto.setInterval(30);
    await clock.advance(5 * 30 * 60_000);
    online = true;
    await clock.advance(30 * 60_000);
    expect(count).toBe(1);
    auto.stop();
  });

  it('keeps its schedule when a run fails, and stops for good on stop()', async () => {
    const clock = manualTimers();
    let count = 0;
    const auto = new AutoSync({
      run: async () => {
        count += 1;
        throw new Error('gateway down');
      },
      isOnline: () => true,
      isBusy: () => false,
      timers: clock.timers,
    });
    auto.setInterval(10);
    await clock.advance(20 * 60_000);
    expect(count).toBe(2);
    auto.stop();
    expect(clock.pendingCount()).toBe(0);
    await clock.advance(60 * 60_000);
    expect(count).toBe(2);
  });

  it('restarts the countdown when the interval changes', async () => {
    const clock = manualTimers();
    let count = 0;
    const auto = new AutoSync({ run: async () => void (count += 1), isOnline: () => true, isBusy: () => false, timers: clock.timers });
    auto.setInterval(60);
    await clock.advance(50 * 60_000);
    auto.setInterval(15);
    await clock.advance(14 * 60_000);
    expect(count).toBe(0);
    await clock.advance(60_000);
    expect(count).toBe(1);
    expect(clock.pendingCount()).toBe(1);
    auto.stop();
  });
});
