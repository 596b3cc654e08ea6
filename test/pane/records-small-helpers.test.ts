import { changedFields } from '../../src/taskpane/records/changed-fields.js';
import { createPaneFormat } from '../../src/taskpane/format/pane-format.js';
import { formatFieldValue } from '../../src/taskpane/records/format-field-value.js';
import { recordCountText } from '../../src/taskpane/records/record-count-text.js';
import { recordTags } from '../../src/taskpane/records/record-tags.js';
import { summaryFields } from '../../src/taskpane/records/summary-fields.js';
import type { FieldDefinition, ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { demoObject, FORM_OPPORTUNITY as OPPORTUNITY } from '../support/demo-package.js';

const CONTACT = demoObject('Contact');

describe('changedFields', () => {
  test.each<[string, Record<string, FieldValue>, Record<string, FieldValue>, Record<string, FieldValue>]>([
    ['nothing changed', { A: 'x', N: 1 }, { A: 'x', N: 1 }, {}],
    ['a changed value', { A: 'x' }, { A: 'y' }, { A: 'y' }],
    ['a cleared value', { A: 'x' }, { A: null }, { A: null }],
    ['a missing stored field counts as null', {}, { A: null, B: 'b' }, { B: 'b' }],
    ['number vs text of the same digits differ', { N: 1 }, { N: '1' }, { N: '1' }],
    ['false is a value, unlike null', {}, { F: false }, { F: false }],
  ])('%s', (_name, current, values, expected) => {
    expect(changedFields(current, values)).toEqual(expected);
  });
});

describe('summaryFields', () => {
  const ACTIVITY: ObjectDefinition = {
    name: 'Activity',
    titleField: 'Subject',
    userKeys: [],
    fields: [
      { name: 'Subject', type: 'text' },
      { name: 'Description', type: 'text', bulk: true },
      { name: 'ContactId', type: 'reference', references: 'Contact' },
      { name: 'Start', type: 'datetime' },
      { name: 'Type', type: 'picklist' },
    ],
  };
  const PLAIN: ObjectDefinition = {
    name: 'X',
    titleField: 'A',
    userKeys: [],
    fields: [
      { name: 'A', type: 'text' },
      { name: 'Flag', type: 'boolean' },
      { name: 'B', type: 'text' },
      { name: 'C', type: 'number' },
      { name: 'D', type: 'text' },
    ],
  };
  test.each<[string, ObjectDefinition, number, string[]]>([
    ['Contact: e-mail and job title, not the name parts', CONTACT, 2, ['Email', 'JobTitle']],
    ['Opportunity: stage and close date', OPPORTUNITY, 2, ['Stage', 'CloseDate']],
    ['no bulk or reference fields', ACTIVITY, 5, ['Type', 'Start']],
    ['unknown names: the package order, booleans left out', PLAIN, 2, ['B', 'C']],
    ['count 0', CONTACT, 0, []],
  ])('%s', (_name, object, count, expected) => {
    expect(summaryFields(object, count).map((f) => f.name)).toEqual(expected);
  });
});

describe('formatFieldValue', () => {
  const f = (type: FieldDefinition['type']): FieldDefinition => ({ name: 'F', type });
  test.each<[string, FieldDefinition, FieldValue | undefined, string]>([
    ['no value', f('text'), null, ''],
    ['missing', f('number'), undefined, ''],
    ['text as is', f('text'), 'Hello', 'Hello'],
    ['grouped number', f('number'), 1234567.5, '1,234,567.5'],
    ['yes', f('boolean'), true, 'Yes'],
    ['no', f('boolean'), false, 'No'],
    ['a date stays on its day', f('date'), '2026-03-01', 'Mar 1, 2026'],
    ['a date-time in the given zone', f('datetime'), '2026-03-01T23:30:00.000Z', 'Mar 2, 2026, 12:30 AM'],
    ['an unreadable date is shown as stored', f('date'), 'soon', 'soon'],
    ['a reference id as is', f('reference'), 'ROW-1', 'ROW-1'],
  ])('%s', (_name, field, value, expected) => {
    expect(
      formatFieldValue(field, value, { format: createPaneFormat('en-US', { timeZone: 'Europe/Berlin' }) }).replace(/\u202f/g, ' '),
    ).toBe(expected);
  });
});

describe('recordCountText', () => {
  test.each<[number, number, string]>([
    [1234, 1234, '1,234 accounts'],
    [1, 1, '1 account'],
    [0, 0, '0 accounts'],
    [12, 1234, '12 of 1,234 accounts'],
    [1, 5, '1 of 5 accounts'],
  ])('%d of %d', (shown, total, expected) => {
    expect(recordCountText({ name: 'Account', label: 'Accounts' }, shown, total, createPaneFormat('en-US'))).toBe(expected);
  });

  test.each<[number, number, string]>([
    [7684, 35000, 'About 7,700 of 35,000 accounts'],
    [7649, 35000, 'About 7,600 of 35,000 accounts'],
    [41, 35000, 'About 41 of 35,000 accounts'],
    [999, 35000, 'About 1,000 of 35,000 accounts'],
    [34980, 35000, 'About 35,000 of 35,000 accounts'],
    [1238, 1240, 'About 1,200 of 1,240 accounts'],
    [996, 998, 'About 998 of 998 accounts'],
  ])('estimated %d of %d', (shown, total, expected) => {
    expect(recordCountText({ name: 'Account', label: 'Accounts' }, shown, total, createPaneFormat('en-US'), true)).toBe(expected);
  });
});

describe('recordTags', () => {
  const pending: LocalRecord['pending'] = { kind: 'update', operationId: 'op', fields: {}, modNum: 1 };
  test.each<[string, Pick<LocalRecord, 'state' | 'pending' | 'readOnly'>, boolean, string[]]>([
    ['clean', { state: 'clean', pending: null, readOnly: false }, false, []],
    ['created here', { state: 'created', pending: null, readOnly: false }, false, ['unsynced']],
    ['updated here', { state: 'updated', pending: null, readOnly: false }, false, ['unsynced']],
    ['clean but an upload in flight', { state: 'clean', pending, readOnly: false }, false, ['unsynced']],
    ['read-only', { state: 'clean', pending: null, readOnly: true }, false, ['readonly']],
    ['in an open issue', { state: 'updated', pending: null, readOnly: false }, true, ['unsynced', 'conflict']],
  ])('%s', (_name, rec, issue, expected) => {
    expect(recordTags(rec, issue)).toEqual(expected);
  });
});
