import { typeProgress } from '../../src/sync/index.js';
import { objectLabeller, restoredRecordsText, restoreSummary, restoreTypeRows } from '../../src/taskpane/records/restore-counts.js';
import { setDisplayLanguage } from '../../src/taskpane/format/display-format.js';

// Counts are grouped in the display language (format/display-format.ts): pinned to en-US here.
beforeAll(() => setDisplayLanguage('en-US'));

const OBJECTS = [
  { name: 'Account', label: 'Accounts' },
  { name: 'Contact', label: 'Contacts' },
  { name: 'Opportunity', label: 'Opportunities' },
  { name: 'Activity', label: 'Activities' },
  { name: 'Lead' },
];
const labelOf = objectLabeller(OBJECTS);

// The extract: 682 records, Activities last with 190.
const EXTRACT = [
  { objectType: 'Account', count: 120 },
  { objectType: 'Contact', count: 240 },
  { objectType: 'Opportunity', count: 132 },
  { objectType: 'Activity', count: 190 },
];

describe('restoreTypeRows: the per-type bars under "Records restored N of M"', () => {
  test.each<[string, ReadonlyArray<{ objectType: string; count: number }>, number, Array<[string, number, number]>]>([
    [
      'nothing written yet',
      EXTRACT,
      0,
      [
        ['Accounts', 0, 120],
        ['Contacts', 0, 240],
        ['Opportunities', 0, 132],
        ['Activities', 0, 190],
      ],
    ],
    [
      'first type half done',
      EXTRACT,
      60,
      [
        ['Accounts', 60, 120],
        ['Contacts', 0, 240],
        ['Opportunities', 0, 132],
        ['Activities', 0, 190],
      ],
    ],
    [
      'exactly at a type boundary',
      EXTRACT,
      360,
      [
        ['Accounts', 120, 120],
        ['Contacts', 240, 240],
        ['Opportunities', 0, 132],
        ['Activities', 0, 190],
      ],
    ],
    [
      'resumed in the middle of the last type',
      EXTRACT,
      630,
      [
        ['Accounts', 120, 120],
        ['Contacts', 240, 240],
        ['Opportunities', 132, 132],
        ['Activities', 138, 190],
      ],
    ],
    [
      'all written',
      EXTRACT,
      682,
      [
        ['Accounts', 120, 120],
        ['Contacts', 240, 240],
        ['Opportunities', 132, 132],
        ['Activities', 190, 190],
      ],
    ],
    [
      'a type with no records is left out',
      [
        { objectType: 'Account', count: 3 },
        { objectType: 'Lead', count: 0 },
        { objectType: 'Contact', count: 2 },
      ],
      4,
      [
        ['Accounts', 3, 3],
        ['Contacts', 1, 2],
      ],
    ],
    [
      'a type the package does not label shows its name',
      [
        { objectType: 'Lead', count: 5 },
        { objectType: 'Task', count: 1 },
      ],
      5,
      [
        ['Lead', 5, 5],
        ['Task', 0, 1],
      ],
    ],
  ])('%s', (_name, perType, done, expected) => {
    const total = perType.reduce((sum, t) => sum + t.count, 0);
    const rows = restoreTypeRows(typeProgress(perType, done), total, labelOf);
    expect(rows.map((r) => [r.label, r.done, r.total])).toEqual(expected);
    // The bars add up to the overall bar, whatever the point the restore (re)started from.
    expect(rows.reduce((sum, r) => sum + r.total, 0)).toBe(total);
    expect(rows.reduce((sum, r) => sum + r.done, 0)).toBe(Math.min(done, total));
  });

  it('every resumed point of a restore adds up', () => {
    for (let done = 0; done <= 682; done += 1) {
      const rows = restoreTypeRows(typeProgress(EXTRACT, done), 682, labelOf);
      expect(rows.reduce((sum, r) => sum + r.done, 0)).toBe(done);
      expect(rows.reduce((sum, r) => sum + r.total, 0)).toBe(682);
    }
  });

  test.each<[string, ReadonlyArray<{ objectType: string; count: number }>, number]>([
    ['no per-type counts from the gateway', [], 682],
    ['types that add up to less than the total', EXTRACT.slice(0, 3), 682],
    ['types that add up to more than the total', EXTRACT, 600],
  ])('%s: no per-type bars rather than bars that contradict the overall one', (_name, perType, total) => {
    expect(restoreTypeRows(typeProgress(perType, 10), total, labelOf)).toEqual([]);
  });

  it('without the package yet the bars show the type names', () => {
    expect(restoreTypeRows(typeProgress(EXTRACT, 0), 682, objectLabeller(null)).map((r) => r.label)).toEqual([
      'Account',
      'Contact',
      'Opportunity',
      'Activity',
    ]);
  });
});

describe('restoreSummary: what is on the device after the restore', () => {
  test.each<[string, Record<string, number>, Array<[string, number]>, number]>([
    [
      'the issue’s restore',
      { Account: 120, Contact: 240, Opportunity: 132, Activity: 190 },
      [
        ['Accounts', 120],
        ['Contacts', 240],
        ['Opportunities', 132],
        ['Activities', 190],
      ],
      682,
    ],
    [
      'package order, whatever order the counts come in',
      { Activity: 2, Account: 1 },
      [
        ['Accounts', 1],
        ['Activities', 2],
      ],
      3,
    ],
    ['a type with no records is left out', { Account: 5, Contact: 0, Lead: 0 }, [['Accounts', 5]], 5],
    [
      'an unlabelled type shows its name',
      { Lead: 7, Account: 1 },
      [
        ['Accounts', 1],
        ['Lead', 7],
      ],
      8,
    ],
    ['a type not in the package is not counted', { Account: 1, Task: 99 }, [['Accounts', 1]], 1],
    ['nothing on the device', {}, [], 0],
  ])('%s', (_name, counts, expected, total) => {
    const summary = restoreSummary(OBJECTS, new Map(Object.entries(counts)));
    expect(summary.rows.map((r) => [r.label, r.count])).toEqual(expected);
    expect(summary.total).toBe(total);
    expect(summary.rows.reduce((sum, r) => sum + r.count, 0)).toBe(summary.total);
  });
});

describe('restoredRecordsText: the success message states the summary’s total', () => {
  test.each<[number, string]>([
    [0, '0 records are now available offline on this device.'],
    [1, '1 record is now available offline on this device.'],
    [682, '682 records are now available offline on this device.'],
    [12345, '12,345 records are now available offline on this device.'],
  ])('%i', (total, text) => {
    expect(restoredRecordsText(total)).toBe(text);
  });
});
