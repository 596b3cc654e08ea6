import { fromDatetimeLocal, toDatetimeLocal } from '../../src/taskpane/records/datetime-local.js';

// Expectations are built with the local-time Date constructor, so the tests hold in any time zone.
const local = (...parts: [number, number, number, number, number, number?, number?]) =>
  new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5] ?? 0, parts[6] ?? 0);

describe('fromDatetimeLocal', () => {
  test.each<[string, string | null]>([
    ['2026-03-05T14:30', local(2026, 3, 5, 14, 30).toISOString()],
    ['2026-03-05T14:30:15', local(2026, 3, 5, 14, 30, 15).toISOString()],
    ['2026-03-05T14:30:15.5', local(2026, 3, 5, 14, 30, 15, 500).toISOString()],
    [' 2026-12-31T23:59 ', local(2026, 12, 31, 23, 59).toISOString()],
    ['2028-02-29T08:00', local(2028, 2, 29, 8, 0).toISOString()],
    ['2026-02-29T08:00', null],
    ['2026-04-31T08:00', null],
    ['2026-03-05T24:00', null],
    ['2026-03-05T12:60', null],
    ['2026-03-05', null],
    ['2026-03-05T14:30Z', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(fromDatetimeLocal(input)).toBe(expected);
  });
});

describe('toDatetimeLocal', () => {
  test.each<[string | null, string]>([
    [local(2026, 3, 5, 14, 30).toISOString(), '2026-03-05T14:30'],
    [local(2026, 3, 5, 14, 30, 15).toISOString(), '2026-03-05T14:30:15'],
    [local(2026, 3, 5, 14, 30, 15, 250).toISOString(), '2026-03-05T14:30:15.250'],
    [local(2026, 1, 9, 4, 5).toISOString(), '2026-01-09T04:05'],
    [null, ''],
    ['', ''],
    ['not a date', ''],
  ])('%j → %j', (input, expected) => {
    expect(toDatetimeLocal(input)).toBe(expected);
  });

  test('round-trips stored values', () => {
    for (const iso of ['2026-03-05T13:30:00.000Z', '2026-10-25T01:15:00.000Z', '1999-12-31T23:59:59.999Z']) {
      expect(fromDatetimeLocal(toDatetimeLocal(iso))).toBe(iso);
    }
  });
});
