import { compareVersions, parseVersion, parseVersionRanges, versionInRanges } from '../../src/metadata/package-version.js';

describe('parseVersion', () => {
  const rows: [string, string, readonly [number, number, number, number] | null][] = [
    ['the reference example', '3.05.15.00', [3, 5, 15, 0]],
    ['no leading zeros', '3.5.15.0', [3, 5, 15, 0]],
    ['all zeros', '0.00.00.00', [0, 0, 0, 0]],
    ['four digits in every part', '9999.9999.9999.9999', [9999, 9999, 9999, 9999]],
    ['spaces around', '  3.05.15.00 ', [3, 5, 15, 0]],
    ['three parts', '3.05.15', null],
    ['five parts', '3.05.15.00.01', null],
    ['a part over 9999', '3.05.15.10000', null],
    ['a part of five digits, even with a leading zero', '3.05.15.09999', null],
    ['letters', '3.05.15.a0', null],
    ['a letter prefix', 'v3.05.15.00', null],
    ['an empty part', '3..15.00', null],
    ['a negative part', '3.-5.15.00', null],
    ['a space inside', '3.05. 15.00', null],
    ['a trailing dot', '3.05.15.00.', null],
    ['non-ASCII digits', '3.05.15.٠٠', null],
    ['empty', '', null],
  ];
  test.each(rows)('%s: %j', (_name, text, expected) => {
    expect(parseVersion(text)).toEqual(expected);
  });
});

describe('compareVersions', () => {
  // sign: -1 when a is before b, 0 when equal, 1 when after.
  const rows: [string, string, string, -1 | 0 | 1][] = [
    ['equal', '3.05.15.00', '3.05.15.00', 0],
    ['leading zeros are equal', '3.05.15.00', '3.5.15.0', 0],
    ['leading zeros in every part', '0003.0005.0015.0000', '3.5.15.0', 0],
    ['numbers, not text: 3.10 after 3.9', '3.10.00.00', '3.9.00.00', 1],
    ['numbers, not text: 3.9 before 3.10', '3.9.00.00', '3.10.00.00', -1],
    ['numbers, not text, in the last part', '3.05.15.100', '3.05.15.99', 1],
    ['numbers, not text, in the third part', '3.05.100.00', '3.05.99.9999', 1],
    ['the first part decides', '4.00.00.00', '3.9999.9999.9999', 1],
    ['the second part decides', '3.06.00.00', '3.05.9999.9999', 1],
    ['the third part decides', '3.05.16.00', '3.05.15.9999', 1],
    ['the fourth part decides', '3.05.15.01', '3.05.15.00', 1],
    ['the fourth part decides, before', '3.05.15.00', '3.05.15.01', -1],
    ['the highest versions', '9999.9999.9999.9999', '9999.9999.9999.9998', 1],
    ['the lowest versions', '0.0.0.0', '0.0.0.1', -1],
  ];
  test.each(rows)('%s: %s vs %s', (_name, a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
    expect(Math.sign(compareVersions(b, a))).toBe(sign === 0 ? 0 : -sign);
  });

  test.each(['3.05.15', '3.05.15.00.00', 'x', '', '3.05.15.10000'])('refuses %j with a RangeError', (bad) => {
    expect(() => compareVersions(bad, '3.05.15.00')).toThrow(RangeError);
    expect(() => compareVersions('3.05.15.00', bad)).toThrow(RangeError);
  });
});

describe('parseVersionRanges', () => {
  const accepted: [string, string, { from: string; to: string }[]][] = [
    ['the reference example', '3.05.15.00-3.05.30.99', [{ from: '3.05.15.00', to: '3.05.30.99' }]],
    [
      'a range and a single version',
      '3.05.15.00-3.05.30.99;3.06.00.00',
      [
        { from: '3.05.15.00', to: '3.05.30.99' },
        { from: '3.06.00.00', to: '3.06.00.00' },
      ],
    ],
    ['a single version', '3.06.00.00', [{ from: '3.06.00.00', to: '3.06.00.00' }]],
    ['a range of one version', '3.06.00.00-3.06.00.00', [{ from: '3.06.00.00', to: '3.06.00.00' }]],
    [
      'two single versions',
      '3.06.00.00;3.07.00.00',
      [
        { from: '3.06.00.00', to: '3.06.00.00' },
        { from: '3.07.00.00', to: '3.07.00.00' },
      ],
    ],
    [
      'spaces around items and bounds',
      ' 3.05.15.00 - 3.05.30.99 ; 3.06.00.00 ',
      [
        { from: '3.05.15.00', to: '3.05.30.99' },
        { from: '3.06.00.00', to: '3.06.00.00' },
      ],
    ],
    ['numbers, not text: 3.9 to 3.10', '3.9.00.00-3.10.00.00', [{ from: '3.9.00.00', to: '3.10.00.00' }]],
    ['equal bounds written differently', '3.5.0.0-3.05.00.00', [{ from: '3.5.0.0', to: '3.05.00.00' }]],
  ];
  test.each(accepted)('accepts %s: %j', (_name, text, items) => {
    const parsed = parseVersionRanges(text);
    expect(parsed).toEqual({ ok: true, items });
  });

  const refused: [string, string, string][] = [
    ['empty', '', 'empty'],
    ['only spaces', '   ', 'empty'],
    ['two semicolons', '3.05.15.00;;3.06.00.00', 'empty item'],
    ['only semicolons', ';;', 'empty item'],
    ['a trailing semicolon', '3.05.15.00;', 'empty item'],
    ['a leading semicolon', ';3.05.15.00', 'empty item'],
    ['two dashes', '3.05.15.00-3.05.20.00-3.05.30.99', 'more than one dash'],
    ['a double dash', '3.05.15.00--3.05.30.99', 'more than one dash'],
    ['a missing upper bound', '3.05.15.00-', 'is not a version'],
    ['a missing lower bound', '-3.05.30.99', 'is not a version'],
    ['a reversed range', '3.05.30.99-3.05.15.00', 'starts after it ends'],
    ['a reversed range by one in the last part', '3.05.15.01-3.05.15.00', 'starts after it ends'],
    ['a reversed range, numbers not text', '3.10.00.00-3.9.00.00', 'starts after it ends'],
    ['a three-part version', '3.05.15', 'is not a version'],
    ['a three-part bound', '3.05.15.00-3.05.30', 'is not a version'],
    ['a five-part version', '3.05.15.00.00', 'is not a version'],
    ['a five-part bound in a later item', '3.05.15.00;3.06.00.00.00', 'is not a version'],
    ['letters', '3.05.15.00-latest', 'is not a version'],
    ['a letter inside a version', '3.05.1a.00', 'is not a version'],
    ['a part over 9999', '3.05.15.00-3.05.10000.00', 'is not a version'],
    ['a comma instead of a semicolon', '3.05.15.00,3.06.00.00', 'is not a version'],
  ];
  test.each(refused)('refuses %s: %j', (_name, text, reason) => {
    const parsed = parseVersionRanges(text);
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('versionInRanges', () => {
  const REFERENCE = '3.05.15.00-3.05.30.99';
  // Every bound has a non-zero part everywhere, so one below / above exists in each part.
  const NON_ZERO = '1.02.03.04-5.06.07.08';
  const SINGLE = '3.06.00.00';
  const TWO_ITEMS = '3.05.15.00-3.05.30.99;3.06.00.00';
  const GAP = '1.00.00.10-1.00.00.20;1.00.00.30-1.00.00.40';

  const rows: [string, string, string, boolean][] = [
    // The reference example.
    ['first', '3.05.15.00', REFERENCE, true],
    ['first, written without leading zeros', '3.5.15.0', REFERENCE, true],
    ['last', '3.05.30.99', REFERENCE, true],
    ['one after first, fourth part', '3.05.15.01', REFERENCE, true],
    ['one before last, fourth part', '3.05.30.98', REFERENCE, true],
    ['inside, numbers not text in the third part', '3.05.20.00', REFERENCE, true],
    ['just before first (carry from the fourth part)', '3.05.14.9999', REFERENCE, false],
    ['one below first, first part', '2.05.15.00', REFERENCE, false],
    ['one below first, second part', '3.04.15.00', REFERENCE, false],
    ['one below first, third part', '3.05.14.00', REFERENCE, false],
    ['one above last, first part', '4.05.30.99', REFERENCE, false],
    ['one above last, second part', '3.06.30.99', REFERENCE, false],
    ['one above last, third part', '3.05.31.99', REFERENCE, false],
    ['one above last, fourth part', '3.05.30.100', REFERENCE, false],
    ['just after last (next third part)', '3.05.31.00', REFERENCE, false],

    // Every part of both bounds, one step each way.
    ['first', '1.02.03.04', NON_ZERO, true],
    ['last', '5.06.07.08', NON_ZERO, true],
    ['one below first, first part', '0.02.03.04', NON_ZERO, false],
    ['one below first, second part', '1.01.03.04', NON_ZERO, false],
    ['one below first, third part', '1.02.02.04', NON_ZERO, false],
    ['one below first, fourth part', '1.02.03.03', NON_ZERO, false],
    ['one above first, first part', '2.02.03.04', NON_ZERO, true],
    ['one above first, second part', '1.03.03.04', NON_ZERO, true],
    ['one above first, third part', '1.02.04.04', NON_ZERO, true],
    ['one above first, fourth part', '1.02.03.05', NON_ZERO, true],
    ['one below last, first part', '4.06.07.08', NON_ZERO, true],
    ['one below last, second part', '5.05.07.08', NON_ZERO, true],
    ['one below last, third part', '5.06.06.08', NON_ZERO, true],
    ['one below last, fourth part', '5.06.07.07', NON_ZERO, true],
    ['one above last, first part', '6.06.07.08', NON_ZERO, false],
    ['one above last, second part', '5.07.07.08', NON_ZERO, false],
    ['one above last, third part', '5.06.08.08', NON_ZERO, false],
    ['one above last, fourth part', '5.06.07.09', NON_ZERO, false],
    ['inside although a later part is lower than the lower bound', '1.03.00.00', NON_ZERO, true],
    ['outside although later parts are inside', '6.00.00.00', NON_ZERO, false],

    // A single version.
    ['the single item', '3.06.00.00', SINGLE, true],
    ['the single item, written without leading zeros', '3.6.0.0', SINGLE, true],
    ['one below the single item, fourth part', '3.05.9999.9999', SINGLE, false],
    ['one above the single item, fourth part', '3.06.00.01', SINGLE, false],
    ['one below the single item, second part', '3.05.00.00', SINGLE, false],
    ['one above the single item, third part', '3.06.01.00', SINGLE, false],

    // Two items: each is inclusive, the gap between them is not.
    ['first of the first item', '3.05.15.00', TWO_ITEMS, true],
    ['last of the first item', '3.05.30.99', TWO_ITEMS, true],
    ['between the items, just after the first', '3.05.31.00', TWO_ITEMS, false],
    ['between the items, just before the second', '3.05.9999.9999', TWO_ITEMS, false],
    ['the second item', '3.06.00.00', TWO_ITEMS, true],
    ['after the second item', '3.06.00.01', TWO_ITEMS, false],
    ['before the first item', '3.05.14.99', TWO_ITEMS, false],
    ['last of the first range', '1.00.00.20', GAP, true],
    ['one past the first range', '1.00.00.21', GAP, false],
    ['one before the second range', '1.00.00.29', GAP, false],
    ['first of the second range', '1.00.00.30', GAP, true],
    ['last of the second range', '1.00.00.40', GAP, true],
    ['one past the second range', '1.00.00.41', GAP, false],

    // Numbers, not text.
    ['3.9 in 3.9–3.10', '3.9.50.00', '3.9.00.00-3.10.00.00', true],
    ['3.10 in 3.9–3.10', '3.10.00.00', '3.9.00.00-3.10.00.00', true],
    ['3.2 not in 3.9–3.10 (textually between)', '3.2.00.00', '3.9.00.00-3.10.00.00', false],
    ['3.11 not in 3.9–3.10', '3.11.00.00', '3.9.00.00-3.10.00.00', false],
    ['spaces around the version and items', ' 3.06.00.00 ', ' 3.05.15.00 - 3.05.30.99 ; 3.06.00.00 ', true],
    ['the lowest version', '0.00.00.00', '0.00.00.00-0.00.00.01', true],
    ['the highest version', '9999.9999.9999.9999', '9999.9999.9999.9998-9999.9999.9999.9999', true],
  ];
  test.each(rows)('%s: %s in %s', (_name, version, ranges, expected) => {
    expect(versionInRanges(version, ranges)).toBe(expected);
  });

  test.each([
    ['a three-part version', '3.05.15', REFERENCE],
    ['letters in the version', 'latest', REFERENCE],
    ['an empty range list', '3.05.15.00', ''],
    ['two semicolons', '3.05.15.00', '3.05.15.00;;3.06.00.00'],
    ['a reversed range', '3.05.15.00', '3.05.30.99-3.05.15.00'],
    ['a five-part bound', '3.05.15.00', '3.05.15.00-3.05.30.99.00'],
  ])('throws a RangeError on %s', (_name, version, ranges) => {
    expect(() => versionInRanges(version, ranges)).toThrow(RangeError);
  });
});
