import {
  decodeValue,
  FILTER_LAYER_LIMITS,
  FILTER_LIMITS,
  filterExprSchema,
  filterFields,
  measureFilter,
  ProtocolError,
  type Encoding,
  type FilterExpr,
} from '../../src/protocol/index.js';

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

/** `count` `in` conditions of `size` values each, under `or`s of at most 50 children. */
function manyLists(count: number, size: number): FilterExpr {
  const lists: FilterExpr[] = Array.from({ length: count }, (_, i) => ({
    field: `F${i}`,
    in: Array.from({ length: size }, (_, v) => `v${v}`),
  }));
  const groups: FilterExpr[] = [];
  for (let i = 0; i < lists.length; i += 50) groups.push({ or: lists.slice(i, i + 50) });
  return groups.length === 1 ? (groups[0] as FilterExpr) : { or: groups };
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
    ['16 levels deep (FILTER_LIMITS.maxDepth)', nestedNot(15)],
    ['1,000 values in all (FILTER_LIMITS.maxValues): two lists of 500', manyLists(2, 500)],
    ['999 values in lists and one compared value', { and: [manyLists(3, 333), { field: 'A', op: 'eq', value: 1 }] }],
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
  ['201 nodes', sized(39, 5), /^filter: a filter may hold at most 200 nodes \(FILTER_LIMITS\.maxNodes\), this one holds 201$/],
  [
    'more than 200 nodes, each list within its limit',
    sized(50, 0),
    /^filter: a filter may hold at most 200 nodes \(FILTER_LIMITS\.maxNodes\), this one holds 251$/,
  ],
  ['17 levels deep', nestedNot(16), /^filter: a filter may be nested at most 16 levels deep \(FILTER_LIMITS\.maxDepth\), this one is 17$/],
  ['30 levels deep: refused at the first subtree beyond the limit', nestedNot(29), /^filter(\.not)+: .*\(FILTER_LIMITS\.maxDepth\)/],
  ['60 levels deep', nestedNot(60), /: nested too deeply$/],
  [
    'an in list of 501 values',
    { field: 'A', in: Array.from({ length: 501 }, (_, i) => i) },
    /^filter\.in: must hold at most 500 items, got 501$/,
  ],
  [
    '1,001 values in all',
    { and: [manyLists(2, 500), { field: 'A', op: 'eq', value: 1 }] },
    /^filter: a filter may compare with at most 1000 values in all \(FILTER_LIMITS\.maxValues\), this one has 1001$/,
  ],
  [
    'the hostile filter of issue 11: 150 lists of 500 values under nested ors (75,000 values)',
    manyLists(150, 500),
    /\(FILTER_LIMITS\.maxValues\)/,
  ],
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

describe('measureFilter counts as FILTER_LIMITS does', () => {
  it.each<[string, FilterExpr, { nodes: number; depth: number; values: number }]>([
    ['a comparison', { field: 'A', op: 'eq', value: 1 }, { nodes: 1, depth: 1, values: 1 }],
    ['only mine', { mine: true }, { nodes: 1, depth: 1, values: 0 }],
    ['a null test', { field: 'A', isNull: true }, { nodes: 1, depth: 1, values: 0 }],
    ['a day range', { field: 'A', withinDays: { from: -1, to: 1 } }, { nodes: 1, depth: 1, values: 0 }],
    ['a list of 3', { field: 'A', in: [1, 2, 3] }, { nodes: 1, depth: 1, values: 3 }],
    ['not of a list', { not: { field: 'A', in: [1, 2] } }, { nodes: 2, depth: 2, values: 2 }],
    [
      'and of or and a comparison',
      { and: [{ or: [{ mine: true }, { field: 'A', in: [1, 2] }] }, { field: 'B', op: 'lt', value: 3 }] },
      { nodes: 5, depth: 3, values: 3 },
    ],
    ['the hostile filter of issue 11', manyLists(150, 500), { nodes: 154, depth: 3, values: 75_000 }],
  ])('%s', (_name, expr, size) => {
    expect(measureFilter(expr)).toEqual(size);
  });

  it('the limits are the documented ones', () => {
    expect(FILTER_LIMITS).toEqual({ maxNodes: 200, maxDepth: 16, maxValues: 1_000, maxInValues: 500, maxChildren: 50 });
    expect(FILTER_LAYER_LIMITS).toEqual({ maxNodes: 66, maxDepth: 15, maxValues: 333 });
  });

  it('master, preset and personal filter at their layer limits make a request within FILTER_LIMITS', () => {
    const layer = (tag: string): FilterExpr => ({
      or: [
        nestedNot(13),
        { field: 'Name', in: Array.from({ length: 333 }, (_, i) => `${tag}${i}`) },
        { and: [{ mine: true }, { mine: true }] },
        ...Array.from({ length: 47 }, (): FilterExpr => ({ mine: true })),
      ],
    });
    for (const tag of ['m', 'p', 'u']) expect(measureFilter(layer(tag))).toEqual({ nodes: 66, depth: 15, values: 333 });
    const request: FilterExpr = { and: [layer('m'), layer('p'), layer('u')] };
    expect(measureFilter(request)).toEqual({ nodes: 199, depth: 16, values: 999 });
    expect(decodeFilter(request)).toEqual(request);
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
