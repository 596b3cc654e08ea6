import type { ObjectDefinition } from '../../src/metadata/index.js';
import { recordTitle } from '../../src/taskpane/records/record-title.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';

// The demo package's objects (trimmed), and a record builder.
const CONTACT: ObjectDefinition = {
  name: 'Contact',
  label: 'Contacts',
  titleField: 'LastName',
  userKeys: [],
  fields: [
    { name: 'FirstName', type: 'text', required: true, maxLength: 50, label: 'First name' },
    { name: 'LastName', type: 'text', required: true, maxLength: 50, label: 'Last name' },
    { name: 'Email', type: 'text', maxLength: 120, label: 'E-mail' },
    { name: 'Phone', type: 'text', maxLength: 40, label: 'Phone' },
    { name: 'JobTitle', type: 'text', maxLength: 80, label: 'Job title' },
    { name: 'AccountId', type: 'reference', references: 'Account', label: 'Account' },
  ],
};

const OPPORTUNITY: ObjectDefinition = {
  name: 'Opportunity',
  label: 'Opportunities',
  titleField: 'Name',
  userKeys: [],
  fields: [
    { name: 'Name', type: 'text', required: true, maxLength: 12, label: 'Name' },
    { name: 'AccountId', type: 'reference', references: 'Account', required: true, label: 'Account' },
    { name: 'Stage', type: 'picklist', required: true, maxLength: 30, values: ['Prospecting', 'Proposal', 'Closed Won'], label: 'Stage' },
    { name: 'Revenue', type: 'number', label: 'Revenue' },
    { name: 'CloseDate', type: 'date', label: 'Close date' },
    { name: 'Start', type: 'datetime', label: 'Start' },
    { name: 'Hot', type: 'boolean', label: 'Hot' },
    { name: 'Score', type: 'number', readOnly: true, label: 'Score' },
    { name: 'Notes', type: 'text', bulk: true, maxLength: 1000, label: 'Notes' },
  ],
};

let seq = 0;
function record(fields: Record<string, FieldValue>, patch: Partial<LocalRecord> = {}): LocalRecord {
  seq += 1;
  const localId = patch.localId ?? `ROW-${String(seq).padStart(4, '0')}`;
  return {
    localId,
    objectType: 'Contact',
    rowId: localId.startsWith('L-') ? null : localId,
    lastUpd: null,
    modNum: 1,
    owner: 'ada',
    updatedBy: 'ada',
    fields,
    base: null,
    state: 'clean',
    origin: 'crm',
    readOnly: false,
    changedAt: null,
    pending: null,
    ...patch,
  };
}

const NOTE: ObjectDefinition = { name: 'Note', titleField: 'Heading', userKeys: [], fields: [{ name: 'Heading', type: 'text' }, { name: 'Body', type: 'text' }, { name: 'Big', type: 'text', bulk: true }] };

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
