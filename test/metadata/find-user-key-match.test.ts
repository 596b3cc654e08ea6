import { findUserKeyMatch, normalizeUserKeyValue, type ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import { demoObject } from '../support/demo-package.js';

type Fields = Record<string, FieldValue>;
const named = (id: string, fields: Fields) => ({ id, fields });

describe('findUserKeyMatch', () => {
  const beacon = named('beacon', { Name: 'Beacon AS', Location: 'Bergen, Norway', Phone: '1' });
  const ann = named('ann', { FirstName: 'Ann', LastName: 'Lee', Email: 'ann.lee@example.com' });
  const bob = named('bob', { FirstName: 'Bob', LastName: 'Lee' });
  const cases: Array<[string, string, Fields, Array<{ id: string; fields: Fields }>, { id: string; key: string[] } | null]> = [
    [
      'the same name and location',
      'Account',
      { Name: 'Beacon AS', Location: 'Bergen, Norway' },
      [beacon],
      { id: 'beacon', key: ['Name', 'Location'] },
    ],
    [
      'case and spacing do not count',
      'Account',
      { Name: ' BEACON   as', Location: 'bergen,  NORWAY ' },
      [beacon],
      { id: 'beacon', key: ['Name', 'Location'] },
    ],
    ['the same name elsewhere is no duplicate', 'Account', { Name: 'Beacon AS', Location: 'Oslo, Norway' }, [beacon], null],
    ['a key with an empty field defines nothing', 'Account', { Name: 'Beacon AS', Location: null }, [beacon], null],
    ['a key field missing defines nothing', 'Account', { Name: 'Beacon AS' }, [beacon], null],
    [
      'a candidate lacking a key field holds no key',
      'Account',
      { Name: 'Beacon AS', Location: 'Bergen, Norway' },
      [named('x', { Name: 'Beacon AS' })],
      null,
    ],
    ['no candidates', 'Account', { Name: 'Beacon AS', Location: 'Bergen, Norway' }, [], null],
    [
      'the second key of a contact matches alone',
      'Contact',
      { FirstName: 'Anna', LastName: 'Berg', Email: 'ANN.LEE@example.com' },
      [ann],
      { id: 'ann', key: ['Email'] },
    ],
    [
      'the first key wins when both match',
      'Contact',
      { FirstName: 'ann', LastName: 'lee', Email: 'ann.lee@example.com' },
      [ann],
      { id: 'ann', key: ['FirstName', 'LastName'] },
    ],
    [
      'the name key against the one that matches',
      'Contact',
      { FirstName: 'Bob', LastName: 'LEE' },
      [ann, bob],
      { id: 'bob', key: ['FirstName', 'LastName'] },
    ],
    ['two contacts without e-mail do not clash on it', 'Contact', { FirstName: 'Cy', LastName: 'Lee' }, [bob], null],
    [
      'a reference in a key compares its id',
      'Opportunity',
      { Name: 'Deal', AccountId: '1-ABC' },
      [named('d', { Name: 'deal', AccountId: '1-abc' })],
      { id: 'd', key: ['Name', 'AccountId'] },
    ],
    [
      'an object without user keys has no duplicates',
      'Activity',
      { Type: 'Call', Subject: 'Hello' },
      [named('a', { Type: 'Call', Subject: 'Hello' })],
      null,
    ],
  ];
  test.each(cases)('%s', (_, objectName, fields, candidates, expected) => {
    const match = findUserKeyMatch(demoObject(objectName), fields, candidates);
    expect(match && { id: match.record.id, key: [...match.key] }).toEqual(expected);
  });

  test('a number in a key does not match its text', () => {
    const part: ObjectDefinition = { name: 'Part', titleField: 'No', userKeys: [['No']], fields: [{ name: 'No', type: 'number' }] };
    expect(findUserKeyMatch(part, { No: 7 }, [named('t', { No: '7' })])).toBeNull();
    expect(findUserKeyMatch(part, { No: 7 }, [named('n', { No: 7 })])?.record.id).toBe('n');
  });
});

describe('normalizeUserKeyValue', () => {
  test.each<[FieldValue, FieldValue]>([
    ['  Beacon\t  AS ', 'beacon as'],
    ['MALMÖ', 'malmö'],
    [7, 7],
    [true, true],
    [null, null],
  ])('%p → %p', (value, expected) => expect(normalizeUserKeyValue(value)).toEqual(expected));
});
