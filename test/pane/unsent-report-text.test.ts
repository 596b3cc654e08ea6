import {
  hasUnsentChanges,
  unsentReplacementWarning,
  unsentReportText,
  type UnsentReportSite,
} from '../../src/taskpane/admin/unsent-report-text.js';

const alice = { displayName: 'Alice Bennett', deviceName: 'Browser (Chromium)' };
const options = { now: new Date('2025-12-01T08:00:00Z'), timeZone: 'UTC', locale: 'en-GB' };
const EXPORT_HINT =
  'Ask Alice Bennett to sync it first if it still works; otherwise they can export them on that device ' +
  '(Export my changes, shown once it is replaced) and import them on the new one (Issues → Archive → Import changes).';

describe('unsentReportText: what a site last reported, in the sites list', () => {
  test.each<[string, UnsentReportSite, string]>([
    [
      'several unsent changes',
      { ...alice, unsentChanges: 3, unsentReportedAt: '2025-11-30T10:42:00Z' },
      '3 unsent changes\u00a0· reported 30 Nov, 10:42',
    ],
    [
      'one unsent change, singular',
      { ...alice, unsentChanges: 1, unsentReportedAt: '2025-11-30T10:42:00Z' },
      '1 unsent change\u00a0· reported 30 Nov, 10:42',
    ],
    [
      'nothing unsent',
      { ...alice, unsentChanges: 0, unsentReportedAt: '2025-11-30T09:05:00Z' },
      'No unsent changes\u00a0· reported 30 Nov, 09:05',
    ],
    ['never reported', { ...alice }, 'Never reported'],
    [
      'a report from another year names the year',
      { ...alice, unsentChanges: 2, unsentReportedAt: '2024-03-04T17:30:00Z' },
      '2 unsent changes\u00a0· reported 4 Mar 2024, 17:30',
    ],
    ['a count without a readable time still says the count', { ...alice, unsentChanges: 4 }, '4 unsent changes'],
  ])('%s', (_, site, expected) => {
    expect(unsentReportText(site, options)).toBe(expected);
  });

  test('without `now` the year is always shown (no clock is read)', () => {
    expect(
      unsentReportText({ ...alice, unsentChanges: 3, unsentReportedAt: '2025-11-30T10:42:00Z' }, { timeZone: 'UTC', locale: 'en-GB' }),
    ).toBe('3 unsent changes\u00a0· reported 30 Nov 2025, 10:42');
  });

  test.each<[string, string]>([
    ['en-US', '3 unsent changes\u00a0· reported Nov 30, 10:42 AM'],
    ['de-DE', '3 unsent changes\u00a0· reported 30. Nov., 10:42'],
  ])('written in the display language: %s', (locale, expected) => {
    const site = { ...alice, unsentChanges: 3, unsentReportedAt: '2025-11-30T10:42:00Z' };
    // ICU puts a narrow no-break space (U+202F) before AM in some versions, a plain one in others.
    expect(unsentReportText(site, { ...options, locale }).replace(/\u202f/g, ' ')).toBe(expected);
  });

  test('times are read in the given time zone, 24-hour', () => {
    const site = { ...alice, unsentChanges: 3, unsentReportedAt: '2025-11-30T23:42:00Z' };
    expect(unsentReportText(site, { ...options, timeZone: 'Europe/Berlin' })).toBe('3 unsent changes\u00a0· reported 1 Dec, 00:42');
  });
});

describe('unsentReplacementWarning: the replacement confirmation’s warning per site', () => {
  test.each<[string, UnsentReportSite, string | null]>([
    [
      'unsent changes: when, how many, and how not to lose them',
      { ...alice, unsentChanges: 3, unsentReportedAt: '2025-11-30T10:42:00Z' },
      `Alice Bennett's device "Browser (Chromium)" last reported 3 unsent changes at 10:42 on 30 Nov. ${EXPORT_HINT}`,
    ],
    [
      'one unsent change, singular',
      { ...alice, unsentChanges: 1, unsentReportedAt: '2025-11-30T10:42:00Z' },
      `Alice Bennett's device "Browser (Chromium)" last reported 1 unsent change at 10:42 on 30 Nov. ${EXPORT_HINT}`,
    ],
    [
      'another year',
      { ...alice, unsentChanges: 2, unsentReportedAt: '2024-03-04T17:30:00Z' },
      `Alice Bennett's device "Browser (Chromium)" last reported 2 unsent changes at 17:30 on 4 Mar 2024. ${EXPORT_HINT}`,
    ],
    [
      'never reported: a softer note',
      { ...alice },
      `Alice Bennett's device "Browser (Chromium)" never reported its unsent changes. If it still works, ask Alice Bennett to sync it first.`,
    ],
    ['nothing unsent: no warning', { ...alice, unsentChanges: 0, unsentReportedAt: '2025-11-30T10:42:00Z' }, null],
  ])('%s', (_, site, expected) => {
    expect(unsentReplacementWarning(site, options)).toBe(expected);
  });
});

describe('hasUnsentChanges: which sites the list flags', () => {
  test.each<[number | undefined, boolean]>([
    [3, true],
    [1, true],
    [0, false],
    [undefined, false],
  ])('%s unsent changes → %s', (unsentChanges, expected) => {
    expect(hasUnsentChanges(unsentChanges === undefined ? {} : { unsentChanges })).toBe(expected);
  });
});
