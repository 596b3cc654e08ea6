import type { ObjectDefinition } from '../../src/metadata/index.js';
import { recordTitle } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { demoObject, FORM_OPPORTUNITY as OPPORTUNITY } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';

const CONTACT = demoObject('Contact');
const record = (fields: Record<string, FieldValue>, { localId, ...patch }: Partial<LocalRecord> & { localId: string }): LocalRecord =>
  localRecord('Contact', localId, patch, fields);

const NOTE: ObjectDefinition = {
  name: 'Note',
  titleField: 'Heading',
  userKeys: [],
  fields: [
    { name: 'Heading', type: 'text' },
    { name: 'Body', type: 'text' },
    { name: 'Big', type: 'text', bulk: true },
  ],
};

describe('recordTitle', () => {
  test.each([
    ['the title field', OPPORTUNITY, { Name: 'Big deal' }, null, 'Big deal'],
    ['a last-name title is preceded by the first name', CONTACT, { FirstName: 'Ada', LastName: 'Lovelace' }, null, 'Ada Lovelace'],
    ['a last name alone', CONTACT, { LastName: 'Lovelace' }, null, 'Lovelace'],
    ['surrounding spaces are trimmed', OPPORTUNITY, { Name: '  Big deal ' }, null, 'Big deal'],
    ['a number title', OPPORTUNITY, { Name: 42 }, null, '42'],
    ['empty title falls back to a usual name field', NOTE, { Heading: '', Subject: 'Call back' }, null, 'Call back'],
    ['then to the first text field with a value', NOTE, { Body: 'Some text' }, null, 'Some text'],
    ['bulk fields are not used', NOTE, { Big: 'long body' }, 'ROW-9', 'ROW-9'],
    ['then to the row id', OPPORTUNITY, {}, 'ROW-1', 'ROW-1'],
    ['then to the local id', OPPORTUNITY, { Name: null }, null, 'L-abc'],
    ['without an object definition, the usual name fields', undefined, { Name: 'Acme' }, null, 'Acme'],
  ])('%s', (_name, object, fields, rowId, expected) => {
    expect(recordTitle(record(fields, { localId: rowId ?? 'L-abc', rowId }), object)).toBe(expected);
  });
});
