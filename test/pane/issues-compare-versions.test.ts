import type { ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import { compareVersions, type VersionRow } from '../../src/taskpane/issues/compare-versions.js';
import { createPaneFormat } from '../../src/taskpane/format/pane-format.js';
import { EMPTY_VALUE, formatFieldValue } from '../../src/taskpane/issues/format-field-value.js';
import { demoObject } from '../support/demo-package.js';

/** The demo's Contact with other fields: one of each kind the comparison formats. */
const CONTACT: ObjectDefinition = {
  ...demoObject('Contact'),
  userKeys: [],
  fields: [
    { name: 'LastName', type: 'text', label: 'Last name' },
    { name: 'Phone', type: 'text', label: 'Phone' },
    { name: 'Active', type: 'boolean', label: 'Active' },
    { name: 'Visits', type: 'number' },
    { name: 'MetAt', type: 'datetime', label: 'Met at' },
  ],
};

type Fields = Record<string, FieldValue>;
const server = (fields: Fields) => ({ fields });
const byField = (rows: VersionRow[]) => Object.fromEntries(rows.map((r) => [r.field, r]));
/** The pane's format pinned to one language and zone (ICU's narrow no-break space before AM/PM read as a space). */
const format = createPaneFormat('en-US', { timeZone: 'UTC' });
const plain = (text: string | undefined) => text?.replace(/\u202f/g, ' ');

describe('formatFieldValue', () => {
  it.each<[string, FieldValue | undefined, { type: 'text' | 'boolean' | 'datetime' | 'date' | 'number' } | undefined, string]>([
    ['true as Yes', true, undefined, 'Yes'],
    ['false as No', false, undefined, 'No'],
    ['"true" text of a boolean field', 'true', { type: 'boolean' }, 'Yes'],
    ['"false" text of a boolean field', 'false', { type: 'boolean' }, 'No'],
    ['"true" text of a text field stays', 'true', { type: 'text' }, 'true'],
    ['null as a dash', null, undefined, EMPTY_VALUE],
    ['missing as a dash', undefined, undefined, EMPTY_VALUE],
    ['blank text as a dash', '   ', { type: 'text' }, EMPTY_VALUE],
    ['zero is a value', 0, { type: 'number' }, '0'],
    ['a decimal', 12.5, { type: 'number' }, '12.5'],
    ['a number grouped', 4242, { type: 'number' }, '4,242'],
    ['text as it is', 'Ann & Bob', { type: 'text' }, 'Ann & Bob'],
    ['a datetime to the minute, in the pane format', '2026-11-22T14:05:09.123Z', { type: 'datetime' }, 'Nov 22, 2026, 2:05 PM'],
    ['text that looks like a date stays in a text field', '2026-11-22', undefined, '2026-11-22'],
    ['a date field in the pane format', '2026-11-22', { type: 'date' }, 'Nov 22, 2026'],
  ])('%s', (_name, value, field, expected) => {
    expect(plain(formatFieldValue(value, field, { format }))).toBe(expected);
  });

  it('uses the given datetime formatter', () => {
    expect(formatFieldValue('2026-11-22T14:05:00.000Z', { type: 'datetime' }, { formatDateTime: (iso) => `at ${iso.slice(11, 16)}` })).toBe(
      'at 14:05',
    );
  });
});

describe('compareVersions', () => {
  it('lists every field of the object in package order, with labels (name when no label)', () => {
    const rows = compareVersions({ local: { LastName: 'Ng' }, server: server({ LastName: 'Ng' }) }, CONTACT);
    expect(rows.map((r) => [r.field, r.label])).toEqual([
      ['LastName', 'Last name'],
      ['Phone', 'Phone'],
      ['Active', 'Active'],
      ['Visits', 'Visits'],
      ['MetAt', 'Met at'],
    ]);
  });

  it.each<[string, Fields | null, Fields | null, Record<string, boolean>]>([
    ['equal values do not differ', { Phone: '1' }, { Phone: '1' }, { Phone: false }],
    ['other text differs', { Phone: '1' }, { Phone: '2' }, { Phone: true }],
    ['null and missing are the same', { Phone: null }, {}, { Phone: false }],
    ['blank text and missing are the same', { Phone: '' }, {}, { Phone: false }],
    ['a value against missing differs', { Phone: '1' }, {}, { Phone: true }],
    ['true against false differs', { Active: true }, { Active: false }, { Active: true }],
    ['a number and its text differ by type', { Visits: 5 }, { Visits: '5' }, { Visits: true }],
    ['deleted here: every server value differs', null, { Phone: '1', Active: false }, { Phone: true, Active: true, Visits: false }],
    ['deleted on the server: every local value differs', { Phone: '1' }, null, { Phone: true, LastName: false }],
  ])('%s', (_name, local, theirs, expected) => {
    const rows = byField(compareVersions({ local, server: theirs === null ? null : server(theirs) }, CONTACT));
    for (const [field, differs] of Object.entries(expected)) expect(rows[field]?.differs).toBe(differs);
  });

  it('formats both sides for people', () => {
    const rows = byField(
      compareVersions(
        { local: { Active: true, Phone: null }, server: server({ Active: false, MetAt: '2026-01-02T03:04:00.000Z' }) },
        CONTACT,
        { format },
      ),
    );
    expect(rows['Active']).toMatchObject({ mine: 'Yes', theirs: 'No' });
    expect(rows['Phone']).toMatchObject({ mine: EMPTY_VALUE, theirs: EMPTY_VALUE });
    expect(rows['MetAt']?.mine).toBe(EMPTY_VALUE);
    expect(plain(rows['MetAt']?.theirs)).toBe('Jan 2, 2026, 3:04 AM');
  });

  it('appends fields only the data has, labelled by name, local ones first', () => {
    const rows = compareVersions({ local: { Extra: 'x', LastName: 'A' }, server: server({ Other: 1, Extra: 'y' }) }, CONTACT);
    expect(rows.slice(5).map((r) => [r.field, r.label, r.mine, r.theirs, r.differs])).toEqual([
      ['Extra', 'Extra', 'x', 'y', true],
      ['Other', 'Other', EMPTY_VALUE, '1', true],
    ]);
  });

  it('without an object definition compares the fields of both sides', () => {
    const rows = compareVersions({ local: { A: 1 }, server: server({ B: 2, A: 1 }) }, undefined);
    expect(rows).toEqual([
      { field: 'A', label: 'A', mine: '1', theirs: '1', differs: false, changedHere: false, changedThere: false },
      { field: 'B', label: 'B', mine: EMPTY_VALUE, theirs: '2', differs: true, changedHere: false, changedThere: false },
    ]);
  });

  it('with neither side, lists the fields as empty and equal', () => {
    const rows = compareVersions({ local: null, server: null }, CONTACT);
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => !r.differs && r.mine === EMPTY_VALUE && r.theirs === EMPTY_VALUE)).toBe(true);
  });
});
