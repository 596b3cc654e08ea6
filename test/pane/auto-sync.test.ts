import { AutoSync } from '../../src/taskpane/services/auto-sync.js';
import { manualOnline } from '../support/manual-online.js';
import { manualTimers } from '../support/manual-timers.js';

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
    const auto = new AutoSync({
      run: async () => void (count += 1),
      online: manualOnline(online),
      isBusy: () => busy,
      timers: clock.timers,
    });
    auto.setInterval(minutes);
    await clock.advance(advanceMinutes * 60_000);
    expect(count).toBe(runs);
    auto.stop();
  });

  it('missed runs are not caught up: back online, the interval runs once', async () => {
    const clock = manualTimers();
    const online = manualOnline(false);
    let count = 0;
    const auto = new AutoSync({ run: async () => void (count += 1), online, isBusy: () => false, timers: clock.timers });
    auto.setInterval(30);
    await clock.advance(5 * 30 * 60_000);
    online.set(true);
    await clock.advance(30 * 60_000);
    expect(count).toBe(1);
    auto.stop();
  });

  it('keeps its schedule when a run fails, and stops for good on stop()', async () => {
    const clock = manualTimers();
    const online = manualOnline(true);
    let count = 0;
    const auto = new AutoSync({
      run: async () => {
        count += 1;
        throw new Error('gateway down');
      },
      online,
      isBusy: () => false,
      isOwed: async () => true,
      timers: clock.timers,
    });
    auto.setInterval(10);
    await clock.advance(20 * 60_000);
    expect(count).toBe(2);
    auto.stop();
    expect(clock.pendingCount()).toBe(0);
    expect(online.listeners()).toBe(0);
    await clock.advance(60 * 60_000);
    online.set(false);
    online.set(true);
    await auto.resume();
    expect(count).toBe(2);
  });

  it('restarts the countdown when the interval changes', async () => {
    const clock = manualTimers();
    let count = 0;
    const auto = new AutoSync({
      run: async () => void (count += 1),
      online: manualOnline(true),
      isBusy: () => false,
      timers: clock.timers,
    });
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

describe('AutoSync resumes by itself', () => {
  function setUp(options: { online: boolean; owed: boolean; busy?: boolean }) {
    const clock = manualTimers();
    const online = manualOnline(options.online);
    const runs: number[] = [];
    let owed = options.owed;
    const auto = new AutoSync({
      run: async () => {
        runs.push(runs.length + 1);
        owed = false; // a finished sync is owed no more
      },
      online,
      isBusy: () => options.busy ?? false,
      isOwed: async () => owed,
      timers: clock.timers,
    });
    return { clock, online, runs, auto, setOwed: (value: boolean) => (owed = value) };
  }

  it('at start, a sync that is owed (interrupted, or due) runs at once, and the countdown starts after it', async () => {
    const { clock, runs, auto } = setUp({ online: true, owed: true });
    auto.setInterval(30);
    await auto.resume();
    expect(runs).toHaveLength(1);
    await clock.advance(29 * 60_000);
    expect(runs).toHaveLength(1);
    await clock.advance(60_000);
    expect(runs).toHaveLength(2);
    auto.stop();
  });

  it('at start, nothing owed: nothing runs until the interval is over', async () => {
    const { clock, runs, auto } = setUp({ online: true, owed: false });
    auto.setInterval(30);
    await auto.resume();
    expect(runs).toHaveLength(0);
    await clock.advance(30 * 60_000);
    expect(runs).toHaveLength(1);
    auto.stop();
  });

  it('offline at start: the owed sync waits, and runs as soon as the browser is back online', async () => {
    const { clock, online, runs, auto } = setUp({ online: false, owed: true });
    auto.setInterval(0);
    await auto.resume();
    await clock.advance(120 * 60_000);
    expect(runs).toHaveLength(0);
    online.set(true);
    await clock.advance(0);
    expect(runs).toHaveLength(1);
    auto.stop();
  });

  it('a sync that becomes owed while offline (interrupted by the drop) runs when the connection returns, once', async () => {
    const { clock, online, runs, auto, setOwed } = setUp({ online: true, owed: false });
    auto.setInterval(60);
    online.set(false);
    setOwed(true);
    online.set(true);
    online.set(false);
    online.set(true);
    await clock.advance(0);
    expect(runs).toHaveLength(1);
    auto.stop();
  });

  it('back online with nothing owed, or with a sync already running: nothing extra runs', async () => {
    for (const situation of [
      { owed: false, busy: false },
      { owed: true, busy: true },
    ]) {
      const { clock, online, runs, auto } = setUp({ online: false, ...situation });
      auto.setInterval(60);
      online.set(true);
      await clock.advance(0);
      expect({ situation, runs: runs.length }).toEqual({ situation, runs: 0 });
      auto.stop();
    }
  });
});
