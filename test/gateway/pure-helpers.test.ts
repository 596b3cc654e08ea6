import { DEMO_CATALOG } from '../../src/gateway/catalog/demo-catalog.js';
import { canonicalJson } from '../../src/gateway/operations/canonical-json.js';
import { nextLastUpd } from '../../src/gateway/records/next-last-upd.js';
import { decodePageToken, encodePageToken } from '../../src/gateway/records/page-token.js';
import { findObject, userKeyEntries, type ObjectDefinition } from '../../src/metadata/index.js';
import { ProtocolError, type FieldValue, type FilterExpr } from '../../src/protocol/index.js';

function object(name: string): ObjectDefinition {
  const found = findObject(DEMO_CATALOG, name);
  if (!found) throw new Error(`no ${name} in the demo catalog`);
  return found;
}

describe('userKeyEntries', () => {
  const cases: Array<[string, string, Record<string, FieldValue>, Array<[string, unknown[]]>]> = [
    ['both key fields', 'Account', { Name: 'Acme', Location: 'Oslo, Norway', Phone: '1' }, [['Name+Location', ['acme', 'oslo, norway']]]],
    ['a key with one field missing defines nothing', 'Account', { Name: 'Acme' }, []],
    ['a key with one field null defines nothing', 'Account', { Name: 'Acme', Location: null }, []],
    ['case is folded, also beyond ASCII', 'Account', { Name: 'ÉCOLE', Location: 'MALMÖ' }, [['Name+Location', ['école', 'malmö']]]],
    ['surrounding whitespace is trimmed', 'Account', { Name: '  Acme\t', Location: '\nOslo ' }, [['Name+Location', ['acme', 'oslo']]]],
    [
      'inner whitespace collapses to one space',
      'Account',
      { Name: 'Acme   Corp', Location: 'Oslo,\t \tNorway' },
      [['Name+Location', ['acme corp', 'oslo, norway']]],
    ],
    [
      'Contact has two alternative keys',
      'Contact',
      { FirstName: 'Ann', LastName: 'Lee', Email: 'Ann.Lee@Example.com' },
      [
        ['FirstName+LastName', ['ann', 'lee']],
        ['Email', ['ann.lee@example.com']],
      ],
    ],
    [
      'a contact without e-mail has only the name key',
      'Contact',
      { FirstName: 'Ann', LastName: 'Lee' },
      [['FirstName+LastName', ['ann', 'lee']]],
    ],
    ['a contact with only an e-mail has only the e-mail key', 'Contact', { LastName: 'Lee', Email: 'a@b.c' }, [['Email', ['a@b.c']]]],
    [
      'a reference in a key keeps its value (row ids fold too)',
      'Opportunity',
      { Name: 'Deal', AccountId: '1-ABC' },
      [['Name+AccountId', ['deal', '1-abc']]],
    ],
    ['Activity has no user key', 'Activity', { Type: 'Call', Subject: 'Hello', Start: '2026-11-21T09:00:00.000Z' }, []],
  ];
  test.each(cases)('%s', (_, objectName, fields, expected) => {
    const entries = userKeyEntries(object(objectName), fields);
    expect(entries.map((e) => [e.keyName, JSON.parse(e.keyValue) as unknown[]])).toEqual(expected);
    for (const entry of entries) expect(entry.keyName).toBe(entry.fields.join('+'));
  });

  test('records differing only in case and spacing have the same key value', () => {
    const a = userKeyEntries(object('Account'), { Name: 'Duplicate Check', Location: 'Lyon, France' });
    const b = userKeyEntries(object('Account'), { Name: '  DUPLICATE   check ', Location: 'lyon,  france' });
    expect(b).toEqual(a);
    expect(a).toHaveLength(1);
  });

  test('a number in a key stays a number, distinct from its text', () => {
    const numbered: ObjectDefinition = { name: 'Part', titleField: 'No', userKeys: [['No']], fields: [{ name: 'No', type: 'number' }] };
    expect(userKeyEntries(numbered, { No: 7 })[0]?.keyValue).toBe('[7]');
    expect(userKeyEntries(numbered, { No: '7' })[0]?.keyValue).toBe('["7"]');
  });
});

describe('nextLastUpd', () => {
  const cases: Array<[string, number, number | undefined, number]> = [
    ['first write: now', 1_000, undefined, 1_000],
    ['same millisecond as the previous write: one more', 1_000, 1_000, 1_001],
    ['clock behind the previous write: previous + 1', 900, 1_000, 1_001],
    ['clock far behind (stepped back an hour)', 1_000 - 3_600_000, 1_000, 1_001],
    ['clock ahead: now', 5_000, 1_000, 5_000],
    ['clock exactly one ahead: now', 1_001, 1_000, 1_001],
  ];
  test.each(cases)('%s', (_, now, previous, expected) => {
    expect(nextLastUpd(now, previous)).toBe(expected);
  });

  test('a burst of writes in one millisecond gets strictly increasing values', () => {
    let last: number | undefined;
    const values: number[] = [];
    for (let i = 0; i < 5; i++) values.push((last = nextLastUpd(2_000, last)));
    expect(values).toEqual([2_000, 2_001, 2_002, 2_003, 2_004]);
  });
});

describe('canonicalJson', () => {
  const equal: Array<[string, unknown, unknown]> = [
    ['key order does not matter', { b: 1, a: 2 }, { a: 2, b: 1 }],
    ['nested key order does not matter', { x: { d: [1, { f: 1, e: 2 }], c: null } }, { x: { c: null, d: [1, { e: 2, f: 1 }] } }],
    ['an undefined member is dropped', { a: 1, b: undefined }, { a: 1 }],
  ];
  test.each(equal)('%s', (_, left, right) => {
    expect(canonicalJson(left)).toBe(canonicalJson(right));
  });

  const different: Array<[string, unknown, unknown]> = [
    ['arrays keep their order', [1, 2], [2, 1]],
    ['null is not dropped', { a: null }, {}],
    ['a number is not its text', { a: 1 }, { a: '1' }],
    ['a key differs from another key with the same value', { a: 1 }, { b: 1 }],
  ];
  test.each(different)('%s', (_, left, right) => {
    expect(canonicalJson(left)).not.toBe(canonicalJson(right));
  });

  test('the output is sorted, compact JSON that parses back to the value', () => {
    const value = { z: 'ü"\\', a: [true, null, 1.5], m: { y: 1, b: 2 } };
    const text = canonicalJson(value);
    expect(text).toBe('{"a":[true,null,1.5],"m":{"b":2,"y":1},"z":"ü\\"\\\\"}');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('page tokens', () => {
  const filter: FilterExpr = { field: 'Stage', op: 'ne', value: 'Closed Won' };

  function refusal(run: () => unknown): ProtocolError {
    try {
      run();
    } catch (error) {
      if (error instanceof ProtocolError) return error;
      throw error;
    }
    throw new Error('the token was accepted');
  }

  test.each([
    ['with a filter', filter],
    ['without a filter', undefined],
  ] as const)('round trip %s', (_, f) => {
    const token = encodePageToken('Opportunity', f, '1-ABC');
    expect(decodePageToken(token, 'Opportunity', f)).toBe('1-ABC');
    // The token travels in JSON and in XML: base64url needs no escaping in either.
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  const refused: Array<[string, () => unknown, RegExp]> = [
    [
      'a token for another object type',
      () => decodePageToken(encodePageToken('Opportunity', filter, '1-ABC'), 'Account', filter),
      /different object type or filter/,
    ],
    [
      'a token for another filter',
      () => decodePageToken(encodePageToken('Opportunity', filter, '1-ABC'), 'Opportunity', { ...filter, value: 'Closed Lost' }),
      /different object type or filter/,
    ],
    [
      'a filtered token used without the filter',
      () => decodePageToken(encodePageToken('Opportunity', filter, '1-ABC'), 'Opportunity', undefined),
      /different object type or filter/,
    ],
    [
      'an unfiltered token used with a filter',
      () => decodePageToken(encodePageToken('Opportunity', undefined, '1-ABC'), 'Opportunity', filter),
      /different object type or filter/,
    ],
    ['garbage', () => decodePageToken('not-a-token', 'Opportunity', filter), /not a token this gateway issued/],
    [
      'JSON of another shape',
      () => decodePageToken(Buffer.from('{"a":1}').toString('base64url'), 'Opportunity', filter),
      /not a token this gateway issued/,
    ],
    [
      'JSON null',
      () => decodePageToken(Buffer.from('null').toString('base64url'), 'Opportunity', filter),
      /not a token this gateway issued/,
    ],
  ];
  test.each(refused)('%s is refused with INVALID_REQUEST', (_, run, message) => {
    const error = refusal(run);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(message);
  });
});
