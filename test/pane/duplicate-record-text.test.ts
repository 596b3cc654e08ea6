import type { FieldValue } from '../../src/protocol/index.js';
import { duplicateRecordText } from '../../src/taskpane/records/duplicate-record-text.js';
import { demoObject } from '../support/demo-package.js';

describe('duplicateRecordText', () => {
  test.each<[string, string, string[], Record<string, FieldValue>, string]>([
    [
      'title field first as "named", a place as "in"',
      'Account',
      ['Name', 'Location'],
      { Name: 'BEACON AS', Location: 'Bergen, Norway' },
      'An account named BEACON AS in Bergen, Norway already exists.',
    ],
    [
      'a place, then the others by label after "with"',
      'Account',
      ['Name', 'Location', 'Phone'],
      { Name: 'Beacon AS', Location: 'Bergen', Phone: '+47 5' },
      'An account named Beacon AS in Bergen with Phone +47 5 already exists.',
    ],
    ['a key without the title field', 'Contact', ['Email'], { Email: 'x@y.com' }, 'A contact with E-mail x@y.com already exists.'],
    [
      'a last-name title with the first name in the key: the full name',
      'Contact',
      ['FirstName', 'LastName'],
      { FirstName: 'Ann', LastName: 'Lee' },
      'A contact named Ann Lee already exists.',
    ],
    [
      'a last-name title without the first name in the key: the last name alone',
      'Contact',
      ['LastName', 'Email'],
      { LastName: 'Lee', Email: 'ann@lee.no' },
      'A contact named Lee with E-mail ann@lee.no already exists.',
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
