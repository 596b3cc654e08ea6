import { decodeValue, ProtocolError, s, type AnySchema, type Encoding } from '../../src/protocol/index.js';

/** One schema exercising every rule; paths in the messages start at `$`. */
const address = s.object('Address', { city: s.req(s.string({ min: 1, max: 20 })), zip: s.opt(s.string({ max: 10 })) });
const contact = s.object('Contact', {
  name: s.req(s.string({ min: 1, max: 10 })),
  code: s.opt(s.string({ min: 3, max: 5, pattern: /^[A-Z]+$/, patternName: 'capital letters' })),
  age: s.opt(s.integer({ min: 0, max: 150 })),
  active: s.opt(s.boolean()),
  kind: s.opt(s.enum('Kind', ['person', 'company'] as const)),
  value: s.opt(s.scalar()),
  tags: s.opt(s.array(s.string({ min: 1, max: 5 }), { max: 3 })),
  scores: s.req(s.array(s.integer({ min: 0, max: 100 }), { max: 3 })),
  address: s.opt(address),
  addresses: s.opt(s.array(address)),
  fields: s.opt(s.fieldValues(3)),
});

/** Throws unless `decodeValue` refuses; returns the refusal for closer checks. */
function refusal(schema: AnySchema, input: unknown, encoding: Encoding): ProtocolError {
  let result: unknown;
  try {
    result = decodeValue(schema, input, encoding);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(result)}`);
}

function problemsOf(error: ProtocolError): string[] {
  return (error.details?.['problems'] as string[] | undefined) ?? [];
}

describe('good values pass unchanged (JSON)', () => {
  const cases: Array<[string, unknown]> = [
    ['only the required fields', { name: 'Anna', scores: [] }],
    [
      'every field',
      {
        name: 'Anna',
        code: 'ABC',
        age: 0,
        active: false,
        kind: 'company',
        value: 3.5,
        tags: ['a', 'bb'],
        scores: [0, 100],
        address: { city: 'Bern', zip: '3000' },
        addresses: [{ city: 'Basel' }],
        fields: { Name: 'Acme', Employees: 12, Parent: null },
      },
    ],
    ['limits exactly reached', { name: 'x'.repeat(10), code: 'ABCDE', age: 150, tags: ['a', 'b', 'c'], scores: [1, 2, 3] }],
    ['scalar as text', { name: 'A', value: 'text', scores: [] }],
    ['scalar as boolean', { name: 'A', value: true, scores: [] }],
    ['empty field map', { name: 'A', scores: [], fields: {} }],
  ];
  test.each(cases)('%s', (_, input) => {
    expect(decodeValue(contact, input, 'json')).toEqual(input);
  });

  test('a null optional field reads as absent', () => {
    expect(decodeValue(contact, { name: 'A', scores: [], age: null }, 'json')).toEqual({ name: 'A', scores: [] });
  });
});

describe('good values from SOAP text take their schema types (XML)', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['text stays text, digits too', { name: '0123', scores: '' }, { name: '0123', scores: [] }],
    ['integers from text', { name: 'A', age: '42', scores: ['1', '2'] }, { name: 'A', age: 42, scores: [1, 2] }],
    ['leading zeros are decimal', { name: 'A', age: '007', scores: '' }, { name: 'A', age: 7, scores: [] }],
    ['surrounding whitespace around a number', { name: 'A', age: ' 42\n', scores: '' }, { name: 'A', age: 42, scores: [] }],
    ['true / false', { name: 'A', active: 'true', scores: '' }, { name: 'A', active: true, scores: [] }],
    ['1 / 0 as booleans (xsd:boolean)', { name: 'A', active: '0', scores: '' }, { name: 'A', active: false, scores: [] }],
    ['a single element is a one-item list', { name: 'A', tags: 'x', scores: '5' }, { name: 'A', tags: ['x'], scores: [5] }],
    [
      'a single object element is a one-item list',
      { name: 'A', scores: '', addresses: { city: 'Bern' } },
      { name: 'A', scores: [], addresses: [{ city: 'Bern' }] },
    ],
    ['an absent required list is empty', { name: 'A' }, { name: 'A', scores: [] }],
    ['an absent optional list stays absent', { name: 'A', scores: '' }, { name: 'A', scores: [] }],
    ['scalar stays text', { name: 'A', value: '12', scores: '' }, { name: 'A', value: '12', scores: [] }],
    ['leading and trailing spaces in text are kept', { name: '  a b  ', scores: '' }, { name: '  a b  ', scores: [] }],
  ];
  test.each(cases)('%s', (_, input, expected) => {
    expect(decodeValue(contact, input, 'xml')).toEqual(expected);
  });

  test('an empty element for an object with a required field reports that field', () => {
    expect(problemsOf(refusal(contact, { name: 'A', address: '' }, 'xml'))).toEqual(['$.address: missing required field "city"']);
  });

  test('layout whitespace inside an element-only element is ignored', () => {
    const empty = s.object('Empty', {});
    expect(decodeValue(empty, '\n    ', 'xml')).toEqual({});
    expect(decodeValue(contact, { name: 'A', fields: '\n  ' }, 'xml')).toEqual({ name: 'A', scores: [], fields: {} });
  });
});

/**
 * One row per rule: the input, the encoding, and the problem that must be reported
 * (it names the path of the bad value).
 */
const REFUSALS: Array<[string, Encoding, unknown, string]> = [
  ['not an object at all', 'json', null, '$: expected an object, got null'],
  ['a list instead of an object', 'json', [], '$: expected an object, got a list'],
  ['text where an object belongs', 'xml', 'hello', '$: expected an object, got "hello"'],
  ['missing required field', 'json', { scores: [] }, '$: missing required field "name"'],
  ['missing required list in JSON', 'json', { name: 'A' }, '$: missing required field "scores"'],
  ['unknown field', 'json', { name: 'A', scores: [], nickname: 'x' }, '$: unknown field "nickname"'],
  ['unknown element', 'xml', { name: 'A', nickname: 'x' }, '$: unknown field "nickname"'],
  ['unknown nested field', 'json', { name: 'A', scores: [], address: { city: 'B', street: 'x' } }, '$.address: unknown field "street"'],
  ['number for text', 'json', { name: 5, scores: [] }, '$.name: expected text, got number 5'],
  ['object for text', 'xml', { name: { b: 'x' }, scores: '' }, '$.name: expected text, got an object'],
  ['empty required text', 'json', { name: '', scores: [] }, '$.name: must not be empty'],
  ['text too long', 'json', { name: 'x'.repeat(11), scores: [] }, '$.name: must be at most 10 characters'],
  ['text too short', 'json', { name: 'A', scores: [], code: 'AB' }, '$.code: must be at least 3 characters'],
  ['pattern mismatch', 'json', { name: 'A', scores: [], code: 'abc' }, '$.code: must be capital letters'],
  ['pattern mismatch from XML', 'xml', { name: 'A', code: 'AB1' }, '$.code: must be capital letters'],
  ['integer above range', 'json', { name: 'A', scores: [], age: 151 }, '$.age: must be between 0 and 150'],
  ['integer below range', 'xml', { name: 'A', age: '-1' }, '$.age: must be between 0 and 150'],
  ['fraction for integer', 'json', { name: 'A', scores: [], age: 1.5 }, '$.age: expected a whole number, got number 1.5'],
  ['text for integer in JSON', 'json', { name: 'A', scores: [], age: '7' }, '$.age: expected a whole number, got "7"'],
  ['fraction text for integer', 'xml', { name: 'A', age: '1.0' }, '$.age: expected a whole number, got "1.0"'],
  ['exponent text for integer', 'xml', { name: 'A', age: '1e2' }, '$.age: expected a whole number, got "1e2"'],
  ['hex text for integer', 'xml', { name: 'A', age: '0x10' }, '$.age: expected a whole number, got "0x10"'],
  ['empty text for integer', 'xml', { name: 'A', age: '' }, '$.age: expected a whole number, got ""'],
  [
    'integer text beyond safe range',
    'xml',
    { name: 'A', age: '12345678901234567' },
    '$.age: expected a whole number, got "12345678901234567"',
  ],
  ['infinity for integer', 'json', { name: 'A', scores: [], age: Infinity }, '$.age: expected a whole number, got number Infinity'],
  ['text for boolean in JSON', 'json', { name: 'A', scores: [], active: 'true' }, '$.active: expected true or false, got "true"'],
  ['yes for boolean', 'xml', { name: 'A', active: 'yes' }, '$.active: expected true or false, got "yes"'],
  ['TRUE for boolean (xsd:boolean is lower case)', 'xml', { name: 'A', active: 'TRUE' }, '$.active: expected true or false, got "TRUE"'],
  ['number for boolean', 'json', { name: 'A', scores: [], active: 1 }, '$.active: expected true or false, got number 1'],
  ['value outside enum', 'json', { name: 'A', scores: [], kind: 'robot' }, '$.kind: expected one of person, company, got "robot"'],
  ['enum is case sensitive', 'xml', { name: 'A', kind: 'Person' }, '$.kind: expected one of person, company, got "Person"'],
  ['object for scalar', 'json', { name: 'A', scores: [], value: {} }, '$.value: expected text, a number or true/false, got an object'],
  [
    'NaN for scalar',
    'json',
    { name: 'A', scores: [], value: Number.NaN },
    '$.value: expected text, a number or true/false, got number NaN',
  ],
  ['list too long', 'json', { name: 'A', scores: [1, 2, 3, 4] }, '$.scores: must hold at most 3 items, got 4'],
  ['repeated element too often', 'xml', { name: 'A', scores: ['1', '2', '3', '4'] }, '$.scores: must hold at most 3 items, got 4'],
  ['object for list in JSON', 'json', { name: 'A', scores: { a: 1 } }, '$.scores: expected a list, got an object'],
  ['bad list item names its index', 'json', { name: 'A', scores: [1, 'x', 3] }, '$.scores[1]: expected a whole number, got "x"'],
  ['bad list item from XML', 'xml', { name: 'A', scores: ['1', '200'] }, '$.scores[1]: must be between 0 and 100'],
  [
    'bad item in a list of objects',
    'json',
    { name: 'A', scores: [], addresses: [{ city: 'B' }, { city: '' }] },
    '$.addresses[1].city: must not be empty',
  ],
  [
    'JSON field value that is an object',
    'json',
    { name: 'A', scores: [], fields: { Parent: { id: 1 } } },
    '$.fields: field "Parent" must be text, a number, true/false or null, got an object',
  ],
  [
    'JSON field value that is a list',
    'json',
    { name: 'A', scores: [], fields: { Tags: ['a'] } },
    '$.fields: field "Tags" must be text, a number, true/false or null, got a list',
  ],
  [
    'JSON field map that is a list',
    'json',
    { name: 'A', scores: [], fields: [] },
    '$.fields: expected an object of field values, got a list',
  ],
  ['too many JSON fields', 'json', { name: 'A', scores: [], fields: { a: 1, b: 2, c: 3, d: 4 } }, '$.fields: must hold at most 3 fields'],
  [
    'too many XML fields',
    'xml',
    { name: 'A', fields: { field: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] } },
    '$.fields: must hold at most 3 fields',
  ],
  ['XML field without name', 'xml', { name: 'A', fields: { field: { value: 'x' } } }, '$.fields: field[0] needs a <name>'],
  [
    'XML field with an empty name',
    'xml',
    { name: 'A', fields: { field: [{ name: 'a' }, { name: '', value: 'x' }] } },
    '$.fields: field[1] needs a <name>',
  ],
  [
    'XML field value with child elements',
    'xml',
    { name: 'A', fields: { field: { name: 'a', value: { b: 'x' } } } },
    '$.fields: field "a": <value> must be text',
  ],
  [
    'XML field with an unknown element',
    'xml',
    { name: 'A', fields: { field: { name: 'a', type: 'x' } } },
    '$.fields: field[0]: unknown element <type>',
  ],
  [
    'XML field map with an unknown element',
    'xml',
    { name: 'A', fields: { entry: { name: 'a' } } },
    '$.fields: unknown element <entry>, expected <field>',
  ],
  ['XML field map as text', 'xml', { name: 'A', fields: 'Name=x' }, '$.fields: expected <field> elements'],
];

describe('each rule refuses with INVALID_REQUEST and names the path', () => {
  test.each(REFUSALS)('%s (%s)', (_, encoding, input, problem) => {
    const error = refusal(contact, input, encoding);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(problemsOf(error)).toContain(problem);
    expect(error.message).toContain(problemsOf(error)[0]);
  });

  test('null for a scalar is refused (only field maps carry null)', () => {
    expect(problemsOf(refusal(s.object('S', { v: s.req(s.scalar()) }), { v: null }, 'json'))).toEqual([
      '$.v: expected text, a number or true/false, got null',
    ]);
  });

  test('a long text is described by its length, not echoed', () => {
    const problems = problemsOf(refusal(contact, { name: 'x'.repeat(500), scores: [], age: 'y'.repeat(500) }, 'xml'));
    expect(problems).toContain('$.age: expected a whole number, got text of 500 characters');
  });

  test('the root name given by the caller starts every path', () => {
    const error = refusal(contact, { scores: [] }, 'json');
    expect(problemsOf(error)[0]?.startsWith('$:')).toBe(true);
    let named: unknown;
    try {
      decodeValue(contact, { name: 5, scores: [] }, 'json', 'InsertRecord');
    } catch (e) {
      named = e;
    }
    expect((named as ProtocolError).details).toEqual({ problems: ['InsertRecord.name: expected text, got number 5'] });
  });
});

describe('field values in both encodings', () => {
  const fieldsOnly = s.object('F', { fields: s.req(s.fieldValues()) });
  const cases: Array<[string, Encoding, unknown, unknown]> = [
    [
      'JSON map as is',
      'json',
      { fields: { Name: 'Acme', Count: 3, Vip: false, Parent: null } },
      { Name: 'Acme', Count: 3, Vip: false, Parent: null },
    ],
    [
      'XML list of name/value',
      'xml',
      {
        fields: {
          field: [
            { name: 'Name', value: 'Acme' },
            { name: 'Count', value: '3' },
          ],
        },
      },
      { Name: 'Acme', Count: '3' },
    ],
    ['XML single field', 'xml', { fields: { field: { name: 'Name', value: 'Acme' } } }, { Name: 'Acme' }],
    ['XML missing <value> is null', 'xml', { fields: { field: { name: 'Parent' } } }, { Parent: null }],
    ['XML empty <value/> is empty text', 'xml', { fields: { field: { name: 'Note', value: '' } } }, { Note: '' }],
    ['XML empty <fields/>', 'xml', { fields: '' }, {}],
    [
      'XML later duplicate wins',
      'xml',
      {
        fields: {
          field: [
            { name: 'A', value: '1' },
            { name: 'A', value: '2' },
          ],
        },
      },
      { A: '2' },
    ],
  ];
  test.each(cases)('%s', (_, encoding, input, expected) => {
    expect(decodeValue(fieldsOnly, input, encoding).fields).toEqual(expected);
  });

  test('a field named __proto__ is an ordinary field, not a prototype change', () => {
    const input = JSON.parse('{"fields":{"__proto__":"x","Name":"A"}}') as unknown;
    const { fields } = decodeValue(fieldsOnly, input, 'json');
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
    expect(Object.hasOwn(fields, '__proto__')).toBe(true);
    expect(fields['Name']).toBe('A');
  });
});

describe('several problems are reported at once', () => {
  test('every bad value is listed in details.problems, the message names the first and counts the rest', () => {
    const error = refusal(contact, { name: 5, age: 'old', extra: true, scores: [1, 'x'], fields: { a: {} } }, 'json');
    expect(error.code).toBe('INVALID_REQUEST');
    expect(problemsOf(error)).toEqual([
      '$: unknown field "extra"',
      '$.name: expected text, got number 5',
      '$.age: expected a whole number, got "old"',
      '$.scores[1]: expected a whole number, got "x"',
      '$.fields: field "a" must be text, a number, true/false or null, got an object',
    ]);
    expect(error.message).toBe('Invalid request: $: unknown field "extra" (and 4 more)');
  });

  test('the list is capped so a huge bad request cannot make a huge error', () => {
    const input: Record<string, unknown> = { name: 'A', scores: [] };
    for (let i = 0; i < 100; i++) input[`x${i}`] = i;
    const problems = problemsOf(refusal(contact, input, 'json'));
    expect(problems).toHaveLength(20);
    expect(problems[0]).toBe('$: unknown field "x0"');
  });

  test('the object check runs only when its properties are valid', () => {
    const range = s.object('Range', { from: s.req(s.integer()), to: s.req(s.integer()) }, (r) =>
      r.from <= r.to ? null : 'from must not be after to',
    );
    expect(problemsOf(refusal(range, { from: 5, to: 1 }, 'json'))).toEqual(['$: from must not be after to']);
    expect(problemsOf(refusal(range, { from: 'a', to: 1 }, 'json'))).toEqual(['$.from: expected a whole number, got "a"']);
  });
});

describe('nesting depth', () => {
  interface Node {
    child?: Node;
  }
  const node: AnySchema = s.object('Node', { child: s.opt(s.lazy<Node>(() => node)) });
  const nest = (depth: number): Node => {
    let n: Node = {};
    for (let i = 0; i < depth; i++) n = { child: n };
    return n;
  };
  test('a moderately nested value passes', () => {
    expect(decodeValue(node, nest(30), 'json')).toEqual(nest(30));
  });
  test('a very deep value is refused without walking all of it', () => {
    const problems = problemsOf(refusal(node, nest(10_000), 'json'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\$(\.child){41}: nested too deeply$/);
  });
});

describe('an open JSON object (error details): itself in JSON, its JSON text in SOAP', () => {
  const schema = s.object('Refusal', { details: s.req(s.jsonObject()) });
  test.each<[string, Encoding, unknown, unknown]>([
    ['JSON: an object as it is', 'json', { details: { rowId: '1-A', problems: ['x'] } }, { details: { rowId: '1-A', problems: ['x'] } }],
    [
      'SOAP: the JSON text of an object',
      'xml',
      { details: '{"rowId":"1-A","serverModNum":9}' },
      { details: { rowId: '1-A', serverModNum: 9 } },
    ],
  ])('%s', (_, encoding, input, expected) => {
    expect(decodeValue(schema, input, encoding)).toEqual(expected);
  });
  test.each<[string, Encoding, unknown, string]>([
    ['JSON: a list', 'json', { details: [1] }, '$.details: expected an object, got a list'],
    ['JSON: text', 'json', { details: '{}' }, '$.details: expected an object, got "{}"'],
    ['SOAP: text that is not JSON', 'xml', { details: '{rowId' }, '$.details: expected the JSON text of an object'],
    ['SOAP: JSON text of a list', 'xml', { details: '[1]' }, '$.details: expected an object, got "[1]"'],
  ])('%s is refused', (_, encoding, input, problem) => {
    expect(refusal(schema, input, encoding).details).toEqual({ problems: [problem] });
  });
});
