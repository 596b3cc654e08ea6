import { evaluateFilter, type FilterContext, type ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue, FilterExpr } from '../../src/protocol/index.js';

const DEAL: ObjectDefinition = {
  name: 'Deal',
  titleField: 'Name',
  userKeys: [['Name']],
  fields: [
    { name: 'Name', type: 'text', maxLength: 100 },
    { name: 'Stage', type: 'picklist', values: ['Open', 'Won', 'Lost'], maxLength: 10 },
    { name: 'Revenue', type: 'number' },
    { name: 'CloseDate', type: 'date' },
    { name: 'Start', type: 'datetime' },
    { name: 'Vip', type: 'boolean' },
    { name: 'AccountId', type: 'reference', references: 'Account' },
  ],
};

const ctx: FilterContext = { object: DEAL, today: '2026-11-21', me: 'alice' };

type Fields = Record<string, FieldValue>;
/** A record owned by alice with the given fields; `by` changes the owner. */
const rec = (fields: Fields, by = 'alice') => ({ owner: by, fields });

const NAMED_ACME = rec({ Name: 'Acme' });
const NO_FIELDS = rec({});

type Row = [string, FilterExpr, ReturnType<typeof rec>, boolean];

const comparisons: Row[] = [
  // eq
  ['eq text, same text', { field: 'Name', op: 'eq', value: 'Acme' }, NAMED_ACME, true],
  ['eq text is case-sensitive', { field: 'Name', op: 'eq', value: 'acme' }, NAMED_ACME, false],
  ['eq on a record without the field', { field: 'Name', op: 'eq', value: 'Acme' }, NO_FIELDS, false],
  ['eq number', { field: 'Revenue', op: 'eq', value: 5000 }, rec({ Revenue: 5000 }), true],
  ['eq number given as text (SOAP)', { field: 'Revenue', op: 'eq', value: '5000' }, rec({ Revenue: 5000 }), true],
  ['eq number, other number', { field: 'Revenue', op: 'eq', value: 5000 }, rec({ Revenue: 5001 }), false],
  ['eq boolean', { field: 'Vip', op: 'eq', value: true }, rec({ Vip: true }), true],
  ["eq boolean given as 'false'", { field: 'Vip', op: 'eq', value: 'false' }, rec({ Vip: false }), true],
  ['eq boolean, other value', { field: 'Vip', op: 'eq', value: true }, rec({ Vip: false }), false],
  [
    'eq datetime compares instants, whatever the offset',
    { field: 'Start', op: 'eq', value: '2026-11-21T10:00:00+01:00' },
    rec({ Start: '2026-11-21T09:00:00.000Z' }),
    true,
  ],
  ['eq reference', { field: 'AccountId', op: 'eq', value: '1-ABC' }, rec({ AccountId: '1-ABC' }), true],
  // ne selects records without a value: "not Won" includes "no stage yet".
  ['ne, other value', { field: 'Stage', op: 'ne', value: 'Won' }, rec({ Stage: 'Open' }), true],
  ['ne, same value', { field: 'Stage', op: 'ne', value: 'Won' }, rec({ Stage: 'Won' }), false],
  ['ne, no value', { field: 'Stage', op: 'ne', value: 'Won' }, NO_FIELDS, true],
  ['ne number, explicit null', { field: 'Revenue', op: 'ne', value: 0 }, rec({ Revenue: null }), true],
  ['ne number, zero', { field: 'Revenue', op: 'ne', value: 0 }, rec({ Revenue: 0 }), false],
  // lt / le / gt / ge on numbers (numeric order, not text order: 200 < 1000)
  ['lt number, below', { field: 'Revenue', op: 'lt', value: 1000 }, rec({ Revenue: 200 }), true],
  ['lt number, equal', { field: 'Revenue', op: 'lt', value: 100 }, rec({ Revenue: 100 }), false],
  ['lt number, no value', { field: 'Revenue', op: 'lt', value: 100 }, NO_FIELDS, false],
  ['le number, equal', { field: 'Revenue', op: 'le', value: 100 }, rec({ Revenue: 100 }), true],
  ['le number, above', { field: 'Revenue', op: 'le', value: 100 }, rec({ Revenue: 101 }), false],
  ['gt number, negative vs zero', { field: 'Revenue', op: 'gt', value: 0 }, rec({ Revenue: -5 }), false],
  ['gt number, equal', { field: 'Revenue', op: 'gt', value: 0 }, rec({ Revenue: 0 }), false],
  ['gt number, fraction above', { field: 'Revenue', op: 'gt', value: 0 }, rec({ Revenue: 0.5 }), true],
  ['gt number, no value', { field: 'Revenue', op: 'gt', value: -1e9 }, NO_FIELDS, false],
  ['ge number, equal negative', { field: 'Revenue', op: 'ge', value: -10 }, rec({ Revenue: -10 }), true],
  ['ge number, below', { field: 'Revenue', op: 'ge', value: -10 }, rec({ Revenue: -11 }), false],
  // … on text (by code point, as SQLite compares UTF-8: capitals before small letters, accents after both)
  ['lt text, before', { field: 'Name', op: 'lt', value: 'B' }, NAMED_ACME, true],
  ['lt text, equal', { field: 'Name', op: 'lt', value: 'B' }, rec({ Name: 'B' }), false],
  ['le text, equal', { field: 'Name', op: 'le', value: 'B' }, rec({ Name: 'B' }), true],
  ['gt text, capital is before small', { field: 'Name', op: 'gt', value: 'a' }, rec({ Name: 'B' }), false],
  ['ge text, accented capital is after Z', { field: 'Name', op: 'ge', value: 'Z' }, rec({ Name: 'École' }), true],
  // U+1D49C is one code point above U+FF21, though its first UTF-16 unit (D835) is below FF21.
  ['gt text, astral character is after the BMP', { field: 'Name', op: 'gt', value: '\uFF21' }, rec({ Name: '\u{1D49C}lpha' }), true],
  ['lt text, astral character is after the BMP', { field: 'Name', op: 'lt', value: '\uFF21' }, rec({ Name: '\u{1D49C}lpha' }), false],
  ['gt text, longer with same prefix', { field: 'Name', op: 'gt', value: 'Acme' }, rec({ Name: 'Acme Corp' }), true],
  // … on dates
  ['lt date, day before', { field: 'CloseDate', op: 'lt', value: '2026-11-21' }, rec({ CloseDate: '2026-11-20' }), true],
  ['lt date, same day', { field: 'CloseDate', op: 'lt', value: '2026-11-21' }, rec({ CloseDate: '2026-11-21' }), false],
  ['le date, same day', { field: 'CloseDate', op: 'le', value: '2026-11-21' }, rec({ CloseDate: '2026-11-21' }), true],
  ['gt date, next month', { field: 'CloseDate', op: 'gt', value: '2026-11-21' }, rec({ CloseDate: '2026-12-01' }), true],
  ['ge date, same day', { field: 'CloseDate', op: 'ge', value: '2026-11-21' }, rec({ CloseDate: '2026-11-21' }), true],
  ['ge date, day before', { field: 'CloseDate', op: 'ge', value: '2026-11-21' }, rec({ CloseDate: '2026-11-20' }), false],
  [
    'gt datetime, one millisecond later',
    { field: 'Start', op: 'gt', value: '2026-11-21T10:00:00+01:00' },
    rec({ Start: '2026-11-21T09:00:00.001Z' }),
    true,
  ],
  [
    'gt datetime, same instant',
    { field: 'Start', op: 'gt', value: '2026-11-21T10:00:00+01:00' },
    rec({ Start: '2026-11-21T09:00:00.000Z' }),
    false,
  ],
  // contains / startsWith ignore case, in all of Unicode
  ['contains, small needle in capitals', { field: 'Name', op: 'contains', value: 'acme' }, rec({ Name: 'ACME Corp' }), true],
  ['contains, capital needle in small letters', { field: 'Name', op: 'contains', value: 'CORP' }, rec({ Name: 'acme corp' }), true],
  ["contains 'éco' in 'ÉCOLE'", { field: 'Name', op: 'contains', value: 'éco' }, rec({ Name: 'ÉCOLE Polytechnique' }), true],
  ["contains 'ÉCO' in 'école'", { field: 'Name', op: 'contains', value: 'ÉCO' }, rec({ Name: 'école' }), true],
  ['contains does not ignore accents', { field: 'Name', op: 'contains', value: 'eco' }, rec({ Name: 'École' }), false],
  ['contains, absent text', { field: 'Name', op: 'contains', value: 'xyz' }, NAMED_ACME, false],
  ['contains, no value', { field: 'Name', op: 'contains', value: 'a' }, NO_FIELDS, false],
  ['contains on a reference', { field: 'AccountId', op: 'contains', value: '1-a' }, rec({ AccountId: '1-ABC' }), true],
  ["startsWith 'éc' on 'ÉCOLE'", { field: 'Name', op: 'startsWith', value: 'éc' }, rec({ Name: 'ÉCOLE' }), true],
  ["startsWith 'ÅS' on 'åsa'", { field: 'Name', op: 'startsWith', value: 'ÅS' }, rec({ Name: 'åsa' }), true],
  ['startsWith, text further in', { field: 'Name', op: 'startsWith', value: 'poly' }, rec({ Name: 'École Polytechnique' }), false],
  ['startsWith, no value', { field: 'Name', op: 'startsWith', value: 'a' }, NO_FIELDS, false],
  ['startsWith on a picklist', { field: 'Stage', op: 'startsWith', value: 'w' }, rec({ Stage: 'Won' }), true],
];

const membership: Row[] = [
  ['in, listed', { field: 'Stage', in: ['Open', 'Won'] }, rec({ Stage: 'Won' }), true],
  ['in, not listed', { field: 'Stage', in: ['Open', 'Won'] }, rec({ Stage: 'Lost' }), false],
  ['in is case-sensitive', { field: 'Stage', in: ['open'] }, rec({ Stage: 'Open' }), false],
  ['in, no value', { field: 'Stage', in: ['Open', 'Won'] }, NO_FIELDS, false],
  ['in numbers, one given as text', { field: 'Revenue', in: [100, '200'] }, rec({ Revenue: 200 }), true],
  ['in numbers, not listed', { field: 'Revenue', in: [100, 200] }, rec({ Revenue: 300 }), false],
  ['isNull true, field absent', { field: 'Revenue', isNull: true }, NO_FIELDS, true],
  ['isNull true, explicit null', { field: 'Revenue', isNull: true }, rec({ Revenue: null }), true],
  ['isNull true, zero is a value', { field: 'Revenue', isNull: true }, rec({ Revenue: 0 }), false],
  ['isNull false, zero', { field: 'Revenue', isNull: false }, rec({ Revenue: 0 }), true],
  ['isNull false, false is a value', { field: 'Vip', isNull: false }, rec({ Vip: false }), true],
  ['isNull false, field absent', { field: 'Revenue', isNull: false }, NO_FIELDS, false],
];

// Today is 2026-11-21: the last 90 days are 2026-08-23 … 2026-11-21, both included.
const LAST_90 = { from: -90, to: 0 };
const dayRanges: Row[] = [
  ['date, first day', { field: 'CloseDate', withinDays: LAST_90 }, rec({ CloseDate: '2026-08-23' }), true],
  ['date, day before the first', { field: 'CloseDate', withinDays: LAST_90 }, rec({ CloseDate: '2026-08-22' }), false],
  ['date, last day (today)', { field: 'CloseDate', withinDays: LAST_90 }, rec({ CloseDate: '2026-11-21' }), true],
  ['date, day after the last', { field: 'CloseDate', withinDays: LAST_90 }, rec({ CloseDate: '2026-11-22' }), false],
  ['date, no value', { field: 'CloseDate', withinDays: LAST_90 }, NO_FIELDS, false],
  ['date, next 30 days, last day', { field: 'CloseDate', withinDays: { from: 0, to: 30 } }, rec({ CloseDate: '2026-12-21' }), true],
  ['date, next 30 days, day after', { field: 'CloseDate', withinDays: { from: 0, to: 30 } }, rec({ CloseDate: '2026-12-22' }), false],
  ['date, range across the new year', { field: 'CloseDate', withinDays: { from: 41, to: 45 } }, rec({ CloseDate: '2027-01-05' }), true],
  ['date, a single day', { field: 'CloseDate', withinDays: { from: 0, to: 0 } }, rec({ CloseDate: '2026-11-21' }), true],
  ['datetime, first instant of the first day', { field: 'Start', withinDays: LAST_90 }, rec({ Start: '2026-08-23T00:00:00.000Z' }), true],
  ['datetime, last instant of the day before', { field: 'Start', withinDays: LAST_90 }, rec({ Start: '2026-08-22T23:59:59.999Z' }), false],
  ['datetime, last instant of the last day', { field: 'Start', withinDays: LAST_90 }, rec({ Start: '2026-11-21T23:59:59.999Z' }), true],
  ['datetime, midnight after the last day', { field: 'Start', withinDays: LAST_90 }, rec({ Start: '2026-11-22T00:00:00.000Z' }), false],
  ['datetime, no value', { field: 'Start', withinDays: LAST_90 }, NO_FIELDS, false],
];

const ACME_LOW: ReturnType<typeof rec> = rec({ Name: 'Acme', Stage: 'Open', Revenue: 100 });
const composition: Row[] = [
  ['mine, own record', { mine: true }, NAMED_ACME, true],
  ["mine, someone else's record", { mine: true }, rec({ Name: 'Acme' }, 'bob'), false],
  ['not mine', { not: { mine: true } }, rec({}, 'bob'), true],
  ['and, both true', { and: [{ mine: true }, { field: 'Stage', op: 'eq', value: 'Open' }] }, ACME_LOW, true],
  ['and, one false', { and: [{ mine: true }, { field: 'Stage', op: 'eq', value: 'Won' }] }, ACME_LOW, false],
  [
    'or, one true',
    {
      or: [
        { field: 'Stage', op: 'eq', value: 'Won' },
        { field: 'Revenue', op: 'lt', value: 1000 },
      ],
    },
    ACME_LOW,
    true,
  ],
  [
    'or, none true',
    {
      or: [
        { field: 'Stage', op: 'eq', value: 'Won' },
        { field: 'Revenue', op: 'gt', value: 1000 },
      ],
    },
    ACME_LOW,
    false,
  ],
  ['not, of false', { not: { field: 'Stage', op: 'eq', value: 'Won' } }, ACME_LOW, true],
  ['not, of true', { not: { field: 'Stage', op: 'eq', value: 'Open' } }, ACME_LOW, false],
  // Two-valued logic: a comparison with no value is false, so its negation is true.
  ['not of a comparison with no value', { not: { field: 'Revenue', op: 'gt', value: 1000 } }, NO_FIELDS, true],
  ['not of in, no value', { not: { field: 'Stage', in: ['Won'] } }, NO_FIELDS, true],
  ['not not', { not: { not: { mine: true } } }, NAMED_ACME, true],
  [
    'and of or and not, true',
    {
      and: [
        {
          or: [
            { field: 'Stage', op: 'eq', value: 'Won' },
            { field: 'Name', op: 'startsWith', value: 'ac' },
          ],
        },
        { not: { field: 'Revenue', op: 'ge', value: 500 } },
      ],
    },
    ACME_LOW,
    true,
  ],
  [
    'and of or and not, false through the not',
    {
      and: [
        {
          or: [
            { field: 'Stage', op: 'eq', value: 'Won' },
            { field: 'Name', op: 'startsWith', value: 'ac' },
          ],
        },
        { not: { field: 'Revenue', op: 'ge', value: 50 } },
      ],
    },
    ACME_LOW,
    false,
  ],
  [
    'or of and, false through the inner and',
    { or: [{ and: [{ mine: true }, { field: 'Revenue', isNull: true }] }, { not: { mine: true } }] },
    ACME_LOW,
    false,
  ],
];

describe('evaluateFilter', () => {
  describe.each([
    ['comparison', comparisons],
    ['membership and emptiness', membership],
    ['withinDays (today 2026-11-21)', dayRanges],
    ['mine and composition', composition],
  ] as const)('%s', (_, rows) => {
    test.each(rows)('%s', (_label, filter, record, expected) => {
      expect(evaluateFilter(filter, record, ctx)).toBe(expected);
    });
  });
});

describe('filters the gateway refuses throw a RangeError', () => {
  const cases: Array<[string, FilterExpr, RegExp]> = [
    ['an unknown field', { field: 'Colour', op: 'eq', value: 'red' }, /Deal has no field "Colour"/],
    ['an unknown field in isNull', { field: 'Colour', isNull: true }, /no field "Colour"/],
    ["'abc' for a number", { field: 'Revenue', op: 'gt', value: 'abc' }, /Revenue must be a number/],
    ['a number for text', { field: 'Name', op: 'eq', value: 5 }, /Name must be text/],
    ["'yes' for a boolean", { field: 'Vip', op: 'eq', value: 'yes' }, /Vip must be true or false/],
    ['an impossible date', { field: 'CloseDate', op: 'lt', value: '2026-02-30' }, /real calendar date/],
    ['a datetime without a zone', { field: 'Start', op: 'gt', value: '2026-11-21T10:00' }, /Start must be an ISO 8601/],
    ['a bad value in a membership list', { field: 'Revenue', in: [1, 'many'] }, /Revenue must be a number/],
    ['a bad row id', { field: 'AccountId', op: 'eq', value: '1 ABC' }, /row id/],
    // The gateway refuses these too ("compare with isNull instead", "needs a text field", "needs a date field").
    ['an empty comparison value', { field: 'Name', op: 'ne', value: '' }, /isNull/],
    ['contains on a number', { field: 'Revenue', op: 'contains', value: 5 }, /needs a text field/],
    ['startsWith on a date', { field: 'CloseDate', op: 'startsWith', value: '2026-11-21' }, /needs a text field/],
    ['withinDays on text', { field: 'Name', withinDays: { from: 0, to: 1 } }, /needs a date field/],
    // Refused whatever the record holds, as the gateway refuses the whole filter before reading any record.
    [
      'an unknown field behind a false sibling of and',
      {
        and: [
          { field: 'Name', op: 'eq', value: 'nobody' },
          { field: 'Colour', isNull: true },
        ],
      },
      /no field "Colour"/,
    ],
    ['an unknown field behind a true sibling of or', { or: [{ mine: true }, { field: 'Colour', isNull: true }] }, /no field "Colour"/],
  ];
  test.each(cases)('%s', (_, filter, message) => {
    expect(() => evaluateFilter(filter, ACME_LOW, ctx)).toThrow(RangeError);
    expect(() => evaluateFilter(filter, ACME_LOW, ctx)).toThrow(message);
  });
});
