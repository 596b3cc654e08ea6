import { decodeValue, filterExprSchema, filterFields, ProtocolError, type Encoding, type FilterExpr } from '../../src/protocol/index.js';

function decodeFilter(input: unknown, encoding: Encoding = 'json'): FilterExpr {
  return decodeValue(filterExprSchema, input, encoding, 'filter');
}

/** Throws unless the filter is refused; returns the problems reported. */
function problemsOf(input: unknown, encoding: Encoding = 'json'): string[] {
  try {
    decodeFilter(input, encoding);
  } catch (error) {
    if (error instanceof ProtocolError && error.code === 'INVALID_REQUEST')
      return (error.details?.['problems'] as string[] | undefined) ?? [];
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(input)}`);
}

const leaf = (i: number): FilterExpr => ({ field: `F${i}`, op: 'eq', value: i });

/** An `and` of `groups` four-leaf `or`s plus `extra` leaves: 1 + 5·groups + extra nodes. */
function sized(groups: number, extra: number): FilterExpr {
  const children: FilterExpr[] = [];
  for (let g = 0; g < groups; g++) children.push({ or: [leaf(1), leaf(2), leaf(3), leaf(4)] });
  for (let e = 0; e < extra; e++) children.push(leaf(e));
  return { and: children };
}

function nestedNot(depth: number): FilterExpr {
  let expr: FilterExpr = { mine: true };
  for (let i = 0; i < depth; i++) expr = { not: expr };
  return expr;
}

describe('every valid shape is accepted as given', () => {
  const cases: Array<[string, FilterExpr]> = [
    ['comparison on text', { field: 'Name', op: 'eq', value: 'Acme' }],
    ['comparison on a number', { field: 'Revenue', op: 'ge', value: 1000 }],
    ['comparison on a boolean', { field: 'Vip', op: 'ne', value: false }],
    ...(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'startsWith'] as const).map((op): [string, FilterExpr] => [
      `operator ${op}`,
      { field: 'Name', op, value: 'x' },
    ]),
    ['membership', { field: 'Status', in: ['Open', 'Planned', 3, true] }],
    ['is null', { field: 'Parent', isNull: true }],
    ['is not null', { field: 'Parent', isNull: false }],
    ['within days', { field: 'Due', withinDays: { from: -90, to: 0 } }],
    ['within a single day', { field: 'Due', withinDays: { from: 0, to: 0 } }],
    ['only mine', { mine: true }],
    ['and', { and: [{ mine: true }, { field: 'Name', op: 'contains', value: 'a' }] }],
    ['or with one child', { or: [{ mine: true }] }],
    ['not', { not: { field: 'Parent', isNull: true } }],
    ['field names with digits and underscores', { field: 'X_Custom_Field_2', op: 'eq', value: '' }],
    [
      'nested combination',
      { and: [{ or: [{ field: 'A', op: 'eq', value: 1 }, { not: { mine: true } }] }, { field: 'B', withinDays: { from: -7, to: 7 } }] },
    ],
    ['exactly 200 nodes', sized(39, 4)],
    ['30 levels deep', nestedNot(30)],
  ];
  test.each(cases)('%s', (_, expr) => {
    expect(decodeFilter(expr)).toEqual(expr);
  });

  test('the 200-node case really has 200 nodes', () => {
    const count = (e: FilterExpr): number =>
      1 +
      ('and' in e
        ? e.and.reduce((n, c) => n + count(c), 0)
        : 'or' in e
          ? e.or.reduce((n, c) => n + count(c), 0)
          : 'not' in e
            ? count(e.not)
            : 0);
    expect(count(sized(39, 4))).toBe(200);
    expect(count(sized(39, 5))).toBe(201);
  });
});

describe('filters from SOAP elements', () => {
  const cases: Array<[string, unknown, FilterExpr]> = [
    ['text values stay text', { field: 'Code', op: 'eq', value: '007' }, { field: 'Code', op: 'eq', value: '007' }],
    ['a single <and> child is a one-item list', { and: { mine: 'true' } }, { and: [{ mine: true }] }],
    ['repeated <in> elements', { field: 'Status', in: ['Open', 'Planned'] }, { field: 'Status', in: ['Open', 'Planned'] }],
    ['isNull as 0', { field: 'Parent', isNull: '0' }, { field: 'Parent', isNull: false }],
    ['day offsets as text', { field: 'Due', withinDays: { from: '-90', to: '0' } }, { field: 'Due', withinDays: { from: -90, to: 0 } }],
    ['pretty-printed <not>', { not: { field: 'Parent', isNull: 'true' } }, { not: { field: 'Parent', isNull: true } }],
  ];
  test.each(cases)('%s', (_, input, expected) => {
    expect(decodeFilter(input, 'xml')).toEqual(expected);
  });
});

/** One row per refusal: the input and a pattern the reported problem must match (the path is part of it). */
const REFUSALS: Array<[string, unknown, RegExp]> = [
  [
    'comparison and membership mixed',
    { field: 'A', op: 'eq', value: 1, in: [1] },
    /^filter: a filter node must be exactly one of .*; got \{field, op, value, in\}$/,
  ],
  ['and with a comparison', { and: [{ mine: true }], field: 'A', op: 'eq', value: 1 }, /^filter: a filter node must be exactly one of/],
  ['and with or', { and: [{ mine: true }], or: [{ mine: true }] }, /got \{and, or\}$/],
  ['mine with a field', { mine: true, field: 'A', isNull: true }, /got \{field, isNull, mine\}$/],
  ['comparison without value', { field: 'A', op: 'eq' }, /got \{field, op\}$/],
  ['value without field', { op: 'eq', value: 1 }, /got \{op, value\}$/],
  ['field alone', { field: 'A' }, /got \{field\}$/],
  ['empty node', {}, /got \{\}$/],
  ['empty and', { and: [] }, /^filter\.and: must hold at least 1 item\(s\)$/],
  ['empty or', { or: [] }, /^filter\.or: must hold at least 1 item\(s\)$/],
  ['empty in', { field: 'A', in: [] }, /^filter\.in: must hold at least 1 item\(s\)$/],
  [
    'and with too many children',
    { and: Array.from({ length: 51 }, () => ({ mine: true })) },
    /^filter\.and: must hold at most 50 items, got 51$/,
  ],
  ['mine false', { mine: false }, /^filter: mine must be true$/],
  ['mine false deep inside', { and: [{ or: [{ mine: false }] }] }, /^filter\.and\[0\]\.or\[0\]: mine must be true$/],
  [
    'withinDays from after to',
    { field: 'Due', withinDays: { from: 5, to: 1 } },
    /^filter\.withinDays: withinDays\.from must not be after withinDays\.to$/,
  ],
  [
    'withinDays beyond 100 years',
    { field: 'Due', withinDays: { from: -40_000, to: 0 } },
    /^filter\.withinDays\.from: must be between -36500 and 36500$/,
  ],
  ['withinDays fraction', { field: 'Due', withinDays: { from: -1.5, to: 0 } }, /^filter\.withinDays\.from: expected a whole number/],
  ['withinDays missing to', { field: 'Due', withinDays: { from: 0 } }, /^filter\.withinDays: missing required field "to"$/],
  [
    'unknown operator',
    { field: 'A', op: 'like', value: 'x' },
    /^filter\.op: expected one of eq, ne, lt, le, gt, ge, contains, startsWith, got "like"$/,
  ],
  [
    'object as value',
    { field: 'A', op: 'eq', value: { $gt: 1 } },
    /^filter\.value: expected text, a number or true\/false, got an object$/,
  ],
  // JSON null in an optional property reads as absent, which leaves an incomplete comparison.
  ['null as value', { field: 'A', op: 'eq', value: null }, /^filter: a filter node must be exactly one of .*; got \{field, op\}$/],
  ['list as value', { field: 'A', op: 'eq', value: [1] }, /^filter\.value: expected text, a number or true\/false, got a list$/],
  ['text for isNull in JSON', { field: 'A', isNull: 'true' }, /^filter\.isNull: expected true or false/],
  ['unknown key', { field: 'A', op: 'eq', value: 1, sql: '1=1' }, /^filter: unknown field "sql"$/],
  ['field name starting with a digit', { field: '1Name', op: 'eq', value: 1 }, /^filter\.field: must be a field name/],
  ['field name with a dash', { field: 'Last-Name', op: 'eq', value: 1 }, /^filter\.field: must be a field name/],
  ['field name with a space', { field: 'Last Name', op: 'eq', value: 1 }, /^filter\.field: must be a field name/],
  ['field name with SQL', { field: 'Name; DROP TABLE x', op: 'eq', value: 1 }, /^filter\.field: must be a field name/],
  ['field name with a quote', { field: 'Name"', isNull: true }, /^filter\.field: must be a field name/],
  ['field name with a dot', { field: 'a.b', isNull: true }, /^filter\.field: must be a field name/],
  ['empty field name', { field: '', isNull: true }, /^filter\.field: must not be empty$/],
  ['field name too long', { field: `A${'b'.repeat(64)}`, isNull: true }, /^filter\.field: must be at most 64 characters$/],
  [
    'bad field name deep inside',
    { not: { and: [{ mine: true }, { field: '_x', in: [1] }] } },
    /^filter\.not\.and\[1\]\.field: must be a field name/,
  ],
  ['201 nodes', sized(39, 5), /^filter: a filter may hold at most 200 nodes$/],
  ['more than 200 nodes, each list within its limit', sized(50, 0), /^filter: a filter may hold at most 200 nodes$/],
  ['60 levels deep', nestedNot(60), /: nested too deeply$/],
];

describe('bad filters are refused with INVALID_REQUEST naming the path', () => {
  test.each(REFUSALS)('%s', (_, input, problem) => {
    const problems = problemsOf(input);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems).toContainEqual(expect.stringMatching(problem));
  });

  test('a filter that is not an object is refused', () => {
    expect(problemsOf('Name = 1')).toEqual(['filter: expected an object, got "Name = 1"']);
    expect(problemsOf([{ mine: true }])).toEqual(['filter: expected an object, got a list']);
  });

  test('mixed shapes from SOAP are refused too', () => {
    expect(problemsOf({ field: 'A', op: 'eq', value: '1', isNull: 'true' }, 'xml')[0]).toMatch(/exactly one of/);
    expect(problemsOf({ mine: 'false' }, 'xml')).toEqual(['filter: mine must be true']);
  });

  test('60-deep nesting of and is refused as quickly as of not', () => {
    let expr: FilterExpr = { mine: true };
    for (let i = 0; i < 60; i++) expr = { and: [expr] };
    expect(problemsOf(expr)).toContainEqual(expect.stringMatching(/nested too deeply$/));
  });

  test('a 100 000-deep filter is refused quickly, without exhausting the stack', () => {
    expect(problemsOf(nestedNot(100_000))).toHaveLength(1);
  });
});

describe('filterFields', () => {
  const cases: Array<[string, FilterExpr, string[]]> = [
    ['a comparison', { field: 'Name', op: 'eq', value: 'x' }, ['Name']],
    ['only mine refers to no field', { mine: true }, []],
    [
      'membership, null test and day range',
      {
        and: [
          { field: 'Status', in: ['Open'] },
          { field: 'Parent', isNull: true },
          { field: 'Due', withinDays: { from: 0, to: 1 } },
        ],
      },
      ['Status', 'Parent', 'Due'],
    ],
    [
      'under not and or, in order',
      { or: [{ not: { field: 'B', op: 'lt', value: 1 } }, { and: [{ mine: true }, { field: 'A', op: 'gt', value: 2 }] }] },
      ['B', 'A'],
    ],
    [
      'a field used twice is listed twice',
      {
        and: [
          { field: 'A', op: 'ge', value: 1 },
          { field: 'A', op: 'le', value: 9 },
        ],
      },
      ['A', 'A'],
    ],
  ];
  test.each(cases)('%s', (_, expr, fields) => {
    expect(filterFields(expr)).toEqual(fields);
  });
});
