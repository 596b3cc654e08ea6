import type { FieldValue } from '../../src/protocol/index.js';
import { duplicateRecordText } from '../../src/taskpane/records/duplicate-record-text.js';
import { demoObject } from '../support/demo-package.js';

describe('duplicateRecordText', () => {
  test.each<[string, string, string[], Record<string, FieldValue>, string]>([
    [
      'title field first as "named", the others by label after "with"',
      'Account',
      ['Name', 'Location'],
      { Name: 'BEACON AS', Location: 'Bergen, Norway' },
      'An account named BEACON AS with Location Bergen, Norway already exists.',
    ],
    ['a key without the title field', 'Contact', ['Email'], { Email: 'x@y.com' }, 'A contact with E-mail x@y.com already exists.'],
    [
      'the title field is named first wherever it sits in the key',
      'Contact',
      ['FirstName', 'LastName'],
      { FirstName: 'Ann', LastName: 'Lee' },
      'A contact named Lee with First name Ann already exists.',
    ],
    [
      'a reference shown as it is given',
      'Opportunity',
      ['Name', 'AccountId'],
      { Name: 'Deal', AccountId: '1-ABC' },
      'An opportunity named Deal with Account 1-ABC already exists.',
    ],
  ])('%s', (_, objectName, key, fields, expected) => {
    expect(duplicateRecordText(demoObject(objectName), key, fields)).toBe(expected);
  });

  test('`show` turns a value into text (a reference into its title)', () => {
    const text = duplicateRecordText(
      demoObject('Opportunity'),
      ['Name', 'AccountId'],
      { Name: 'Deal', AccountId: '1-ABC' },
      (field, value) => (field === 'AccountId' ? 'Acme Corp' : String(value)),
    );
    expect(text).toBe('An opportunity named Deal with Account Acme Corp already exists.');
  });
});
