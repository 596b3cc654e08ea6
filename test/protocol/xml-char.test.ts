import {
  decodeSoapRequest,
  decodeValue,
  firstNonXmlChar,
  firstNonXmlCharInMarkup,
  isXmlChar,
  OPERATIONS,
  ProtocolError,
  replaceNonXmlChars,
  SOAP_ENV_NS,
  FIELDBOOK_NS,
} from '../../src/protocol/index.js';

/** XML 1.0 §2.2 `Char`, written out from the specification as the oracle. */
const CHAR_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x9, 0x9],
  [0xa, 0xa],
  [0xd, 0xd],
  [0x20, 0xd7ff],
  [0xe000, 0xfffd],
  [0x10000, 0x10ffff],
];
const hex = (cp: number) => (cp < 0 ? String(cp) : cp.toString(16).toUpperCase().padStart(4, '0'));
const inSpec = (cp: number) => CHAR_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);

describe('isXmlChar is XML 1.0 Char', () => {
  it.each(
    [
      [0x0, false],
      [0x7, false],
      [0x8, false],
      [0x9, true],
      [0xa, true],
      [0xb, false],
      [0xc, false],
      [0xd, true],
      [0x1f, false],
      [0x20, true],
      [0x7f, true],
      [0x85, true],
      [0xd7ff, true],
      [0xd800, false],
      [0xdfff, false],
      [0xe000, true],
      [0xfffd, true],
      [0xfffe, false],
      [0xffff, false],
      [0x10000, true],
      [0x10ffff, true],
      [0x110000, false],
      [-1, false],
    ].map(([cp, allowed]) => [hex(cp as number), allowed as boolean, cp as number] as const),
  )('U+%s → %s', (_hex, allowed, cp) => {
    expect(isXmlChar(cp)).toBe(allowed);
  });

  it('agrees with the specification on every code point', () => {
    for (let cp = 0; cp <= 0x110000; cp++) if (isXmlChar(cp) !== inSpec(cp)) throw new Error(`disagrees at ${cp.toString(16)}`);
  });
});

describe('firstNonXmlChar', () => {
  it.each<[string, string, { index: number; codePoint: number } | undefined]>([
    ['plain text', 'Müller & Söhne', undefined],
    ['tab, CR, LF', 'a\tb\r\nc', undefined],
    ['a surrogate pair (an emoji)', 'a\u{1F600}b', undefined],
    ['the replacement character', '\uFFFD', undefined],
    ['NUL', 'al\u0000ice', { index: 2, codePoint: 0 }],
    ['BEL', 'a\u0007b', { index: 1, codePoint: 7 }],
    ['U+FFFF', 'a\uffffb', { index: 1, codePoint: 0xffff }],
    ['U+FFFE', '\ufffe', { index: 0, codePoint: 0xfffe }],
    ['a lone high surrogate', 'a\ud800b', { index: 1, codePoint: 0xd800 }],
    ['a lone low surrogate', 'ab\udc00', { index: 2, codePoint: 0xdc00 }],
    ['a reversed pair', '\ude00\ud83d', { index: 0, codePoint: 0xde00 }],
  ])('%s', (_name, text, found) => {
    expect(firstNonXmlChar(text)).toEqual(found);
  });
});

describe('firstNonXmlCharInMarkup: raw characters and character references', () => {
  it.each<[string, string, { codePoint: number; reference?: string } | undefined]>([
    ['references to allowed characters', '<a>&#x41;&#97;&#xD;&#9;&#x1F600;&#xFFFD;&amp;</a>', undefined],
    ['&#0;', '<a>al&#0;ice</a>', { codePoint: 0, reference: '&#0;' }],
    ['&#x7;', '<a>&#x7;</a>', { codePoint: 7, reference: '&#x7;' }],
    ['&#xD800; (a surrogate)', '<a>&#xD800;</a>', { codePoint: 0xd800, reference: '&#xD800;' }],
    ['&#xFFFE;', '<a>&#xFFFE;</a>', { codePoint: 0xfffe, reference: '&#xFFFE;' }],
    ['&#x110000; (beyond Unicode)', '<a>&#x110000;</a>', { codePoint: 0x110000, reference: '&#x110000;' }],
    ['leading zeros do not hide it', '<a>&#x0000000;</a>', { codePoint: 0, reference: '&#x0000000;' }],
    ['a huge decimal', '<a>&#99999999999999999999999;</a>', { codePoint: 1e23, reference: '&#99999999999999999999999;' }],
    ['a raw NUL', '<a>a\u0000b</a>', { codePoint: 0 }],
    ['a raw BEL in an attribute', '<a x="\u0007"/>', { codePoint: 7 }],
  ])('%s', (_name, xml, found) => {
    const result = firstNonXmlCharInMarkup(xml);
    if (found === undefined) expect(result).toBeUndefined();
    else expect(result).toMatchObject(found);
  });
});

describe('replaceNonXmlChars', () => {
  it.each([
    ['plain', 'plain'],
    ['a\u0000b\u0007c', 'a\uFFFDb\uFFFDc'],
    ['\ud800x\udfff', '\uFFFDx\uFFFD'],
    ['\u{1F600}', '\u{1F600}'],
    ['\uffff\ufffe', '\uFFFD\uFFFD'],
  ])('%j → %j', (text, replaced) => {
    expect(replaceNonXmlChars(text)).toBe(replaced);
  });
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ProtocolError && error.code === 'INVALID_REQUEST') return (error.details?.['problems'] as string[]) ?? [];
    throw error;
  }
  throw new Error('accepted');
}

describe('one text rule for both encodings, naming the field', () => {
  const BAD = ['\u0000', '\u0007', '\ud800', '\uffff', '\ufffe', '\u001f'];
  it.each(BAD.map((c) => [hex(c.codePointAt(0) as number), c]))(
    'JSON: U+%s in a text, a scalar, a field name and a field value',
    (_hex, c) => {
      expect(problemsOf(() => decodeValue(OPERATIONS.Login.request, { userName: `al${c}ice`, password: 'demo' }, 'json', 'Login'))).toEqual(
        [expect.stringMatching(/^Login\.userName: must hold only XML 1\.0 characters .*found U\+/)],
      );
      expect(
        problemsOf(() =>
          decodeValue(
            OPERATIONS.EstimateCount.request,
            { objectType: 'Account', filter: { field: 'Name', op: 'eq', value: `a${c}` } },
            'json',
            'EstimateCount',
          ),
        ),
      ).toEqual([expect.stringMatching(/^EstimateCount\.filter\.value: must hold only XML 1\.0 characters/)]);
      const insert = (fields: Record<string, string>) =>
        problemsOf(() =>
          decodeValue(OPERATIONS.InsertRecord.request, { operationId: 'op-000001', objectType: 'Account', fields }, 'json', 'I'),
        );
      expect(insert({ Name: `x${c}` })).toEqual([expect.stringMatching(/^I\.fields: field "Name" must hold only XML 1\.0 characters/)]);
      expect(insert({ [`Na${c}me`]: 'x' })).toEqual([expect.stringMatching(/^I\.fields: a field name must hold only XML 1\.0 characters/)]);
    },
  );

  const soap = (body: string, header = '') =>
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:fb="${FIELDBOOK_NS}"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
  it.each<[string, string, RegExp]>([
    [
      '&#0; in a user name',
      soap('<fb:Login><userName>al&#0;ice</userName><password>demo</password></fb:Login>'),
      /^Login\.userName: .*U\+0000 as the character reference &#0;/,
    ],
    [
      '&#x7; in an object type',
      soap('<fb:EstimateCount><objectType>Acc&#x7;ount</objectType></fb:EstimateCount>'),
      /^EstimateCount\.objectType: .*U\+0007/,
    ],
    [
      '&#xD800; in a field value',
      soap(
        '<fb:InsertRecord><operationId>op-000001</operationId><objectType>Account</objectType><fields><field><name>Name</name><value>a&#xD800;</value></field></fields></fb:InsertRecord>',
      ),
      /^InsertRecord\.fields\.field\.value: .*U\+D800/,
    ],
    [
      '&#xFFFE; in the session token',
      soap('<fb:Logout/>', '<fb:SessionToken>tok&#xFFFE;</fb:SessionToken>'),
      /^Header\.SessionToken: .*U\+FFFE/,
    ],
    [
      '&#x110000; in the database id',
      soap('<fb:Logout/>', '<fb:DatabaseId>&#x110000;</fb:DatabaseId>'),
      /^Header\.DatabaseId: .*U\+110000/,
    ],
    [
      'a raw NUL in a session token',
      soap('<fb:Logout/>', '<fb:SessionToken>t\u0000k</fb:SessionToken>'),
      /^Header\.SessionToken: .*U\+0000 \(line 1/,
    ],
    [
      'a raw BEL in an object type',
      soap('<fb:EstimateCount><objectType>A\u0007</objectType></fb:EstimateCount>'),
      /^EstimateCount\.objectType: .*U\+0007/,
    ],
  ])('SOAP: %s', (_name, xml, problem) => {
    expect(problemsOf(() => decodeSoapRequest(xml, undefined))).toEqual([expect.stringMatching(problem)]);
  });
});
