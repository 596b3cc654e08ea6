import type { FieldDefinition } from '../../src/metadata/index.js';
import {
  displayFormat,
  formatCount,
  formatDateTime,
  formatTimeOfDay,
  setDisplayLanguage,
} from '../../src/taskpane/format/display-format.js';
import { createPaneFormat, UNKNOWN_TIME } from '../../src/taskpane/format/pane-format.js';
import { formatFieldValue as issueValue } from '../../src/taskpane/issues/format-field-value.js';
import { formatFieldValue as recordValue } from '../../src/taskpane/records/format-field-value.js';

/** ICU separates with no-break spaces (U+00A0, U+202F): compared as plain spaces so the table reads. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

const AT = Date.parse('2026-12-01T14:05:09Z');

describe('createPaneFormat: one date and number format, in the display language', () => {
  test.each<[string, string, string, string, string, string]>([
    // language, dateTime, day (2026-03-01), time, number (1234567.5), resolved locale
    ['en-US', 'Dec 1, 2026, 2:05 PM', 'Mar 1, 2026', '2:05 PM', '1,234,567.5', 'en-US'],
    ['de-DE', '01.12.2026, 14:05', '01.03.2026', '14:05', '1.234.567,5', 'de-DE'],
    ['nb-NO', '1. des. 2026, 14:05', '1. mars 2026', '14:05', '1 234 567,5', 'nb'],
  ])('%s', (language, dateTime, day, time, number, locale) => {
    const format = createPaneFormat(language, { timeZone: 'UTC' });
    expect(plain(format.dateTime(AT))).toBe(dateTime);
    expect(plain(format.isoDateTime('2026-12-01T14:05:09.000Z'))).toBe(dateTime);
    expect(plain(format.day('2026-03-01'))).toBe(day);
    expect(plain(format.time(AT))).toBe(time);
    expect(plain(format.number(1234567.5))).toBe(number);
    expect(format.locale).toBe(locale);
  });

  test.each<[string, string | undefined]>([
    ['a malformed tag', 'not a language'],
    ['an empty one', ''],
    ['none', undefined],
  ])('%s falls back to the runtime default instead of failing', (_name, language) => {
    const format = createPaneFormat(language, { timeZone: 'UTC' });
    expect(format.locale).toBe(new Intl.DateTimeFormat().resolvedOptions().locale);
    expect(format.number(1)).toBe('1');
  });

  test('a language tag in odd case is still read', () => {
    expect(createPaneFormat('DE-de').locale).toBe('de-DE');
  });

  test('moments are shown in the given time zone, calendar days never move', () => {
    const berlin = createPaneFormat('en-US', { timeZone: 'Europe/Berlin' });
    const losAngeles = createPaneFormat('en-US', { timeZone: 'America/Los_Angeles' });
    expect(plain(berlin.isoDateTime('2026-03-01T23:30:00.000Z'))).toBe('Mar 2, 2026, 12:30 AM');
    expect(plain(losAngeles.isoDateTime('2026-03-01T23:30:00.000Z'))).toBe('Mar 1, 2026, 3:30 PM');
    expect(berlin.day('2026-03-01')).toBe('Mar 1, 2026');
    expect(losAngeles.day('2026-03-01')).toBe('Mar 1, 2026');
  });

  test.each<[string, (f: ReturnType<typeof createPaneFormat>) => string, string]>([
    ['an unreadable moment', (f) => f.dateTime(NaN), UNKNOWN_TIME],
    ['an unreadable time of day', (f) => f.time(Number.POSITIVE_INFINITY), UNKNOWN_TIME],
    ['stored text that is no date-time', (f) => f.isoDateTime('soon'), 'soon'],
    ['stored text that is no day', (f) => f.day('next week'), 'next week'],
    ['a day with a time is not a calendar day', (f) => f.day('2026-03-01T10:00:00Z'), '2026-03-01T10:00:00Z'],
    ['zero', (f) => f.number(0), '0'],
    ['a small decimal keeps its digits', (f) => f.number(0.125), '0.125'],
  ])('%s', (_name, run, expected) => {
    expect(run(createPaneFormat('en-US', { timeZone: 'UTC' }))).toBe(expected);
  });
});

describe('the display format every view uses', () => {
  afterEach(() => setDisplayLanguage(undefined));

  test('follows the display language set at start-up', () => {
    setDisplayLanguage('de-DE');
    expect(displayFormat().locale).toBe('de-DE');
    expect(formatCount(1234)).toBe('1.234');
    expect(plain(formatDateTime(AT))).toMatch(/^\d\d\.12\.2026, \d\d:\d\d$/);
    expect(formatTimeOfDay(AT)).toMatch(/^\d\d:\d\d$/);
    setDisplayLanguage('en-US');
    expect(formatCount(1234)).toBe('1,234');
  });

  test("the records list and the issues' comparison write values in it", () => {
    setDisplayLanguage('de-DE');
    const field = (type: FieldDefinition['type']): FieldDefinition => ({ name: 'F', type });
    expect(recordValue(field('number'), 4242.5)).toBe('4.242,5');
    expect(recordValue(field('date'), '2026-03-01')).toBe('01.03.2026');
    expect(issueValue(4242.5, field('number'))).toBe('4.242,5');
    expect(issueValue('2026-03-01', field('date'))).toBe('01.03.2026');
    expect(plain(issueValue('2026-12-01T14:05:00.000Z', field('datetime')))).toMatch(/^\d\d\.12\.2026, \d\d:\d\d$/);
  });
});
