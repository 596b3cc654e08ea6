import { timeLeftMs, timeLeftWords } from '../../src/taskpane/records/time-left.js';

describe('timeLeftMs: the rest at the pace measured so far', () => {
  test.each<[string, number, number | null, number, number | null]>([
    // name, done, total, elapsed ms, expected ms left
    ['half done in 10 s: 10 s more', 500, 1000, 10_000, 10_000],
    ['a quarter in 30 s: 90 s more', 250, 1000, 30_000, 90_000],
    ['exactly 5 % after exactly 3 s: just enough to say', 50, 1000, 3_000, 57_000],
    ['too early (under 3 s), however much is done', 900, 1000, 2_999, null],
    ['too little done (under 5 %), however long it took', 49, 1000, 60_000, null],
    ['nothing received yet', 0, 1000, 60_000, null],
    ['all received: nothing to announce', 1000, 1000, 60_000, null],
    ['more received than counted', 1010, 1000, 60_000, null],
    ['no total known', 500, null, 60_000, null],
  ])('%s', (_name, done, total, elapsedMs, left) => {
    expect(timeLeftMs({ done, total, elapsedMs })).toBe(left);
  });
});

describe('timeLeftWords', () => {
  test.each<[number, string]>([
    [0, 'A few seconds left'],
    [9_999, 'A few seconds left'],
    [10_000, 'Less than a minute left'],
    [59_999, 'Less than a minute left'],
    [60_000, 'About 1 minute left'],
    [89_999, 'About 1 minute left'],
    [90_000, 'About 2 minutes left'],
    [89 * 60_000, 'About 89 minutes left'],
    [90 * 60_000, 'About 2 hours left'],
    [5 * 3_600_000, 'About 5 hours left'],
  ])('%d ms: %s', (ms, words) => {
    expect(timeLeftWords(ms)).toBe(words);
  });

  test.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d, naming what it got', (ms) => {
    expect(() => timeLeftWords(ms)).toThrow(`timeLeftWords: expected a duration in ms, got ${ms}`);
  });
});
