import {
  encodeSoapRequest,
  LIMITS,
  measureFilter,
  OPERATION_NAMES,
  OPERATIONS,
  resolve,
  SOAP_ENV_NS,
  type FilterExpr,
  type OperationName,
} from '../../src/protocol/index.js';
import { ENCODINGS, GatewayClient, postRaw, type CallFailure, type Encoding } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { tableCounts } from '../support/table-counts.js';

let gw: TestGateway;
let token: string;
beforeAll(async () => {
  gw = await startTestGateway({ demoRecords: 60 });
  const c = new GatewayClient(gw.url, 'json');
  token = (await c.login('alice')).sessionToken;
});
afterAll(async () => {
  expect(gw.internalErrors).toEqual([]);
  await gw.stop();
});

/** Row counts of every table a request could write to. */
function snapshot(): Promise<Record<string, number>> {
  return tableCounts(gw, [
    'records',
    'record_user_keys',
    'operation_log',
    'sites',
    'sessions',
    'login_throttle',
    'claim_throttle',
    'replacement_jobs',
  ]);
}

const json = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra });
const xml = (action: string) => ({ 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` });
const validInsert = { operationId: 'bad-input-never', objectType: 'Account', fields: { Name: 'Never', Location: 'Nowhere' } };
const envelope = (body: string, header = `<fb:SessionToken>TOKEN</fb:SessionToken>`) =>
  `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:fb="urn:fieldbook:gateway:1"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Login><userName>&lol9;</userName><password>x</password></Login></soap:Body></soap:Envelope>`;

const XXE = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Login><userName>&xxe;</userName><password>x</password></Login></soap:Body></soap:Envelope>`;

type Case = [
  name: string,
  path: string,
  body: () => string,
  headers: () => Record<string, string>,
  code: string,
  status: number,
  message: string,
];

const cases: Case[] = [
  ['malformed JSON', '/api/InsertRecord', () => '{"operationId": "x",', () => json(), 'INVALID_REQUEST', 400, ''],
  ['a JSON list instead of an object', '/api/InsertRecord', () => '[1,2]', () => json(), 'INVALID_REQUEST', 400, 'expected an object'],
  [
    'a wrong type',
    '/api/InsertRecord',
    () => JSON.stringify({ ...validInsert, objectType: 7 }),
    () => json(),
    'INVALID_REQUEST',
    400,
    'InsertRecord.objectType: expected text',
  ],
  [
    'an unknown request field',
    '/api/InsertRecord',
    () => JSON.stringify({ ...validInsert, owner: 'bob' }),
    () => json(),
    'INVALID_REQUEST',
    400,
    'unknown field "owner"',
  ],
  ['an unknown operation', '/api/DropDatabase', () => '{}', () => json(), 'INVALID_REQUEST', 400, 'Unknown operation "DropDatabase"'],
  [
    'an unknown object type',
    '/api/InsertRecord',
    () => JSON.stringify({ ...validInsert, objectType: 'Spaceship' }),
    () => json(),
    'INVALID_REQUEST',
    400,
    'Unknown object type',
  ],
  [
    'an unknown record field',
    '/api/InsertRecord',
    () => JSON.stringify({ ...validInsert, fields: { ...validInsert.fields, Colour: 'red' } }),
    () => json(),
    'INVALID_REQUEST',
    400,
    'no field "Colour"',
  ],
  [
    'a prototype-poisoning body',
    '/api/InsertRecord',
    () => '{"__proto__": {"admin": true}, "operationId": "x"}',
    () => json(),
    'INVALID_REQUEST',
    400,
    '',
  ],
  [
    'a body over the size limit',
    '/api/InsertRecord',
    () => JSON.stringify({ ...validInsert, fields: { Name: 'x'.repeat(LIMITS.maxBodyBytes) } }),
    () => json(),
    'PAYLOAD_TOO_LARGE',
    413,
    '',
  ],
  [
    'a missing token',
    '/api/InsertRecord',
    () => JSON.stringify(validInsert),
    () => ({ 'content-type': 'application/json' }),
    'UNAUTHENTICATED',
    401,
    '',
  ],
  [
    'a made-up token',
    '/api/InsertRecord',
    () => JSON.stringify(validInsert),
    () => json({ authorization: 'Bearer abc' }),
    'UNAUTHENTICATED',
    401,
    '',
  ],
  [
    'an unsupported content type',
    '/api/InsertRecord',
    () => 'Name=x',
    () => json({ 'content-type': 'application/x-www-form-urlencoded' }),
    'INVALID_REQUEST',
    400,
    'Unsupported Media Type',
  ],
  [
    'malformed XML',
    '/soap',
    () => envelope('<InsertRecord><operationId>x</InsertRecord>'),
    () => xml('InsertRecord'),
    'INVALID_REQUEST',
    500,
    'Malformed XML',
  ],
  ['an entity bomb', '/soap', () => BILLION_LAUGHS, () => xml('Login'), 'INVALID_REQUEST', 500, 'document type declaration'],
  ['an external entity', '/soap', () => XXE, () => xml('Login'), 'INVALID_REQUEST', 500, 'document type declaration'],
  [
    'a wrong type in SOAP',
    '/soap',
    () => envelope('<fb:GetChangeKeys><objectType>Account</objectType><pageSize>lots</pageSize></fb:GetChangeKeys>'),
    () => xml('GetChangeKeys'),
    'INVALID_REQUEST',
    500,
    'expected a whole number',
  ],
  [
    'an unknown element',
    '/soap',
    () => envelope('<fb:GetChangeKeys><objectType>Account</objectType><owner>bob</owner></fb:GetChangeKeys>'),
    () => xml('GetChangeKeys'),
    'INVALID_REQUEST',
    500,
    'unknown field "owner"',
  ],
  [
    'an unknown SOAP operation',
    '/soap',
    () => envelope('<fb:DropDatabase/>'),
    () => xml('DropDatabase'),
    'INVALID_REQUEST',
    500,
    'Unknown operation',
  ],
  ['a mismatched SOAPAction', '/soap', () => envelope('<fb:Logout/>'), () => xml('InsertRecord'), 'INVALID_REQUEST', 500, 'does not match'],
  [
    'an unknown object type in SOAP',
    '/soap',
    () => envelope('<fb:EstimateCount><objectType>Spaceship</objectType></fb:EstimateCount>'),
    () => xml('EstimateCount'),
    'INVALID_REQUEST',
    500,
    'Unknown object type',
  ],
  [
    'an unknown record field in SOAP',
    '/soap',
    () =>
      envelope(
        '<fb:InsertRecord><operationId>soap-bad-field-1</operationId><objectType>Account</objectType><fields><field><name>Colour</name><value>red</value></field></fields></fb:InsertRecord>',
      ),
    () => xml('InsertRecord'),
    'INVALID_REQUEST',
    500,
    'no field "Colour"',
  ],
  [
    'a SOAP body over the size limit',
    '/soap',
    () => envelope(`<fb:Login><userName>${'x'.repeat(LIMITS.maxBodyBytes)}</userName><password>p</password></fb:Login>`),
    () => xml('Login'),
    'PAYLOAD_TOO_LARGE',
    500,
    '',
  ],
  [
    'a missing SOAP token',
    '/soap',
    () => envelope('<fb:EstimateCount><objectType>Account</objectType></fb:EstimateCount>', ''),
    () => xml('EstimateCount'),
    'UNAUTHENTICATED',
    500,
    '',
  ],
  [
    'a deeply nested SOAP body',
    '/soap',
    () =>
      envelope(
        `<fb:EstimateCount><objectType>Account</objectType><filter>${'<not>'.repeat(5000)}<mine>true</mine>${'</not>'.repeat(5000)}</filter></fb:EstimateCount>`,
      ),
    () => xml('EstimateCount'),
    'INVALID_REQUEST',
    500,
    'nested',
  ],
  [
    'a SOAP request sent as JSON',
    '/soap',
    () => '{}',
    () => ({ 'content-type': 'application/json' }),
    'INVALID_REQUEST',
    500,
    'must be sent as text/xml',
  ],
  [
    'not a SOAP envelope',
    '/soap',
    () => '<Login><userName>a</userName><password>b</password></Login>',
    () => xml('Login'),
    'INVALID_REQUEST',
    500,
    'soap:Envelope',
  ],
];

describe('bad input is refused with its error code and writes nothing', () => {
  test.each(cases)('%s', async (_name, path, body, headers, code, status, message) => {
    const before = await snapshot();
    const text = body().replace('TOKEN', token);
    const failure = await postRaw(`${gw.url}${path}`, text, headers());
    expect(failure.error.code).toBe(code);
    expect(failure.httpStatus).toBe(status);
    if (message) expect(failure.error.message).toContain(message);
    expect(await snapshot()).toEqual(before);
  });

  test('an expired token is refused in both encodings', async () => {
    const c = new GatewayClient(gw.url, 'json');
    const { sessionToken } = await c.login('bob');
    gw.clock.advance(13 * 3600 * 1000);
    const before = await snapshot();
    const viaJson = await postRaw(
      `${gw.url}/api/InsertRecord`,
      JSON.stringify(validInsert),
      json({ authorization: `Bearer ${sessionToken}` }),
    );
    const viaSoap = await postRaw(`${gw.url}/soap`, encodeSoapRequest('InsertRecord', validInsert, { sessionToken }), xml('InsertRecord'));
    for (const f of [viaJson, viaSoap]) {
      expect(f.error.code).toBe('UNAUTHENTICATED');
      expect(f.error.message).toContain('expired');
    }
    expect(viaJson.httpStatus).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  test('an unknown URL answers a JSON error', async () => {
    const res = await fetch(`${gw.url}/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
  });
});

// Issue 11, part 3: hostile input that got through. Each row runs in both encodings
// (where the encoding has the weakness) and asserts the code and that nothing was written.

const SOAP_12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const FB_NS = 'urn:fieldbook:gateway:1';
const soapBody = (body: string, header = '') =>
  `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:fb="${FB_NS}"><soap:Header>${header}</soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;

/** A session of alice's that has not expired (the test above moves the clock by 13 hours). */
async function renewToken(): Promise<void> {
  token = (await new GatewayClient(gw.url, 'json').login('alice')).sessionToken;
}

/** Sends `request` in one encoding with alice's session and answers the refusal. */
async function refusalOf(encoding: Encoding, operation: OperationName, request: Record<string, unknown>): Promise<CallFailure> {
  return encoding === 'json'
    ? postRaw(`${gw.url}/api/${operation}`, JSON.stringify(request), json())
    : postRaw(`${gw.url}/soap`, encodeSoapRequest(operation, request as never, { sessionToken: token }), xml(operation));
}

/** The problems a refusal lists (both encodings carry them in the details), or its message. */
const problemsIn = (failure: CallFailure): string[] => {
  const problems = failure.error.details?.['problems'];
  return Array.isArray(problems) ? problems.map(String) : [failure.error.message];
};

/** `count` `in` lists of `size` values on Name, under `or`s of at most 50 children. */
function nameLists(count: number, size: number, field = 'Name'): FilterExpr {
  const lists: FilterExpr[] = Array.from({ length: count }, (_, i) => ({
    field,
    in: Array.from({ length: size }, (_, v) => `v${i}-${v}`),
  }));
  const groups: FilterExpr[] = [];
  for (let i = 0; i < lists.length; i += 50) groups.push({ or: lists.slice(i, i + 50) });
  return groups.length === 1 ? (groups[0] as FilterExpr) : { or: groups };
}
const nestedNot = (levels: number): FilterExpr => {
  let expr: FilterExpr = { mine: true };
  for (let i = 1; i < levels; i++) expr = { not: expr };
  return expr;
};

describe('1. a filter is bounded (nodes, depth, values) before it reaches the database', () => {
  beforeAll(renewToken);

  const rows: Array<[string, OperationName, FilterExpr, RegExp]> = [
    ['75,000 values in nested ors (150 lists of 500)', 'GetChangeKeys', nameLists(150, 500), /FILTER_LIMITS\.maxValues/],
    ['75,000 values in nested ors (150 lists of 500)', 'EstimateCount', nameLists(150, 500), /FILTER_LIMITS\.maxValues/],
    ['1,001 values', 'GetChangeKeys', { and: [nameLists(2, 500), { field: 'Name', op: 'eq', value: 'x' }] }, /FILTER_LIMITS\.maxValues/],
    ['17 levels deep', 'EstimateCount', nestedNot(17), /FILTER_LIMITS\.maxDepth/],
    [
      '201 nodes',
      'GetChangeKeys',
      { or: [nameLists(50, 1), nameLists(50, 1), nameLists(50, 1), nameLists(47, 1)] },
      /FILTER_LIMITS\.maxNodes/,
    ],
  ];
  test.each(rows.flatMap(([name, op, filter, limit]) => ENCODINGS.map((e) => [`${op} ${e}: ${name}`, e, op, filter, limit] as const)))(
    '%s',
    async (_name, encoding, operation, filter, limit) => {
      const before = await snapshot();
      const failure = await refusalOf(encoding, operation, { objectType: 'Account', filter });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect(failure.httpStatus).toBe(encoding === 'json' ? 400 : 500);
      expect(problemsIn(failure)).toContainEqual(expect.stringMatching(limit));
      expect(await snapshot()).toEqual(before);
    },
  );

  /** 200 nodes, 16 levels, 1,000 values, and as many bound parameters per node as a filter can have. */
  const largest: FilterExpr = {
    and: [
      nestedNot(15),
      {
        or: [
          { field: 'Name', in: Array.from({ length: 500 }, (_, i) => `n${i}`) },
          { field: 'Stage', in: Array.from({ length: 499 }, (_, i) => `s${i}`) },
        ],
      },
      { field: 'Name', op: 'ne', value: 'z' },
      ...[50, 50, 50, 26].map((n) => ({
        or: Array.from({ length: n }, (_, i) => ({ field: 'CloseDate', withinDays: { from: -i, to: i } })),
      })),
    ],
  };
  test('the largest filter the limits allow is answered in both encodings', async () => {
    expect(measureFilter(largest)).toEqual({ nodes: 200, depth: 16, values: 1000 });
    for (const encoding of ENCODINGS) {
      const c = new GatewayClient(gw.url, encoding, { sessionToken: token });
      await expect(c.call('EstimateCount', { objectType: 'Opportunity', filter: largest })).resolves.toEqual({ count: expect.any(Number) });
      const page = await c.call('GetChangeKeys', { objectType: 'Opportunity', filter: largest, pageSize: 1 });
      if (page.nextPageToken) await c.call('GetChangeKeys', { objectType: 'Opportunity', filter: largest, pageToken: page.nextPageToken });
    }
  });

  test('QueryRecords takes 500 row ids in both encodings, and refuses 501', async () => {
    const rowIds = Array.from({ length: LIMITS.maxRowIdsPerQuery }, (_, i) => `1-NOPE${i}`);
    for (const encoding of ENCODINGS) {
      const c = new GatewayClient(gw.url, encoding, { sessionToken: token });
      expect((await c.call('QueryRecords', { objectType: 'Account', rowIds })).notFound).toHaveLength(500);
      const failure = await c.fail('QueryRecords', { objectType: 'Account', rowIds: [...rowIds, '1-ONE-MORE'] });
      expect(failure.error.code).toBe('INVALID_REQUEST');
    }
  });
});

describe('3. text holds only XML 1.0 characters, in every operation and both encodings', () => {
  beforeAll(renewToken);

  /** How each encoding can carry a character XML 1.0 does not allow. */
  const JSON_FORMS = ['\u0000', '\u0007', '\ud800', '\uffff'];
  const SOAP_FORMS = ['&#0;', '&#x7;', '&#xD800;', '&#xFFFE;', '&#x110000;', '\u0000', '\u0007'];

  /** Every top-level text property of every request: as text, a list of text, or record fields. */
  const properties = OPERATION_NAMES.flatMap((operation) =>
    Object.entries(OPERATIONS[operation].request.props).flatMap(([prop, { schema }]) => {
      const s = resolve(schema);
      const kind =
        s.kind === 'string' || s.kind === 'enum' || s.kind === 'scalar'
          ? 'text'
          : s.kind === 'fieldValues'
            ? 'fields'
            : s.kind === 'array' && resolve(s.item).kind === 'string'
              ? 'list'
              : undefined;
      return kind ? [{ operation, prop, kind }] : [];
    }),
  );

  const jsonValue = (kind: string, text: string): unknown => (kind === 'fields' ? { Name: text } : kind === 'list' ? [text] : text);
  const soapValue = (kind: string, prop: string, text: string): string =>
    kind === 'fields' ? `<${prop}><field><name>Name</name><value>${text}</value></field></${prop}>` : `<${prop}>${text}</${prop}>`;

  /** A form as test names show it: the reference as written, a raw character by its code point. */
  const shown = (form: string) =>
    form.startsWith('&') ? form : `U+${(form.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;

  type TextRow = readonly [name: string, encoding: Encoding, operation: OperationName, body: () => string, path: string];
  const rows: TextRow[] = properties.flatMap(({ operation, prop, kind }, i): TextRow[] => {
    const jsonForm = JSON_FORMS[i % JSON_FORMS.length] as string;
    const soapForm = SOAP_FORMS[i % SOAP_FORMS.length] as string;
    return [
      [
        `${operation}.${prop} ${shown(jsonForm)}`,
        'json',
        operation,
        () => JSON.stringify({ [prop]: jsonValue(kind, `a${jsonForm}b`) }),
        `${operation}.${prop}`,
      ],
      [
        `${operation}.${prop} ${shown(soapForm)}`,
        'soap',
        operation,
        () => soapBody(`<fb:${operation}>${soapValue(kind, prop, `a${soapForm}b`)}</fb:${operation}>`),
        `${operation}.${prop}`,
      ],
    ];
  });
  // What was tried in issue 11, each with every form: a user name, an object type, a field value, the session token.
  for (const form of JSON_FORMS) {
    rows.push(
      [
        `Login.userName al${shown(form)}ice`,
        'json',
        'Login',
        () => JSON.stringify({ userName: `al${form}ice`, password: 'demo' }),
        'Login.userName',
      ],
      [
        `EstimateCount.objectType ${shown(form)}`,
        'json',
        'EstimateCount',
        () => JSON.stringify({ objectType: `Acc${form}ount` }),
        'EstimateCount.objectType',
      ],
      [
        `InsertRecord text field a${shown(form)}b`,
        'json',
        'InsertRecord',
        () => JSON.stringify({ ...validInsert, fields: { ...validInsert.fields, Phone: `a${form}b` } }),
        'InsertRecord.fields',
      ],
      [
        `a filter value ${shown(form)}`,
        'json',
        'GetChangeKeys',
        () => JSON.stringify({ objectType: 'Account', filter: { field: 'Name', op: 'eq', value: `a${form}` } }),
        'GetChangeKeys.filter.value',
      ],
    );
  }
  for (const form of SOAP_FORMS) {
    rows.push(
      [
        `Login.userName al${shown(form)}ice`,
        'soap',
        'Login',
        () => soapBody(`<fb:Login><userName>al${form}ice</userName><password>demo</password></fb:Login>`),
        'Login.userName',
      ],
      [
        `EstimateCount.objectType ${shown(form)}`,
        'soap',
        'EstimateCount',
        () =>
          soapBody(
            `<fb:EstimateCount><objectType>Acc${form}ount</objectType></fb:EstimateCount>`,
            `<fb:SessionToken>${token}</fb:SessionToken>`,
          ),
        'EstimateCount.objectType',
      ],
      [
        `InsertRecord text field ${shown(form)}`,
        'soap',
        'InsertRecord',
        () =>
          soapBody(
            `<fb:InsertRecord><operationId>bad-input-text-1</operationId><objectType>Account</objectType><fields><field><name>Name</name><value>N${form}</value></field><field><name>Location</name><value>L</value></field></fields></fb:InsertRecord>`,
            `<fb:SessionToken>${token}</fb:SessionToken>`,
          ),
        'InsertRecord.fields',
      ],
      [
        `the session token header ${shown(form)}`,
        'soap',
        'EstimateCount',
        () =>
          soapBody(
            '<fb:EstimateCount><objectType>Account</objectType></fb:EstimateCount>',
            `<fb:SessionToken>${token}${form}</fb:SessionToken>`,
          ),
        'Header.SessionToken',
      ],
      [
        `the database id header ${shown(form)}`,
        'soap',
        'EstimateCount',
        () =>
          soapBody(
            '<fb:EstimateCount><objectType>Account</objectType></fb:EstimateCount>',
            `<fb:SessionToken>${token}</fb:SessionToken><fb:DatabaseId>DB${form}</fb:DatabaseId>`,
          ),
        'Header.DatabaseId',
      ],
      [
        `a package file's content ${shown(form)}`,
        'soap',
        'PublishPackage',
        () =>
          soapBody(
            `<fb:PublishPackage><responsibilityId>R-SALES-REP</responsibilityId><files><name>info.xml</name><content>&lt;info${form}/&gt;</content></files></fb:PublishPackage>`,
            `<fb:SessionToken>${token}</fb:SessionToken>`,
          ),
        'PublishPackage.files',
      ],
    );
  }

  test.each(rows)('%s (%s)', async (_name, encoding, operation, body, path) => {
    const before = await snapshot();
    const failure =
      encoding === 'json'
        ? await postRaw(`${gw.url}/api/${operation}`, body(), json())
        : await postRaw(`${gw.url}/soap`, body(), xml(operation));
    expect(failure.error.code).toBe('INVALID_REQUEST');
    expect(failure.httpStatus).toBe(encoding === 'json' ? 400 : 500);
    expect(problemsIn(failure)).toContainEqual(
      expect.stringMatching(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}\\b.*XML 1\\.0 characters`)),
    );
    expect(await snapshot()).toEqual(before);
  });

  test('every operation with text in its request is covered', () => {
    expect(new Set(properties.map((p) => p.operation)).size).toBeGreaterThan(15);
    expect(properties.map((p) => `${p.operation}.${p.prop}`)).toEqual(
      expect.arrayContaining([
        'Login.userName',
        'InsertRecord.fields',
        'QueryRecords.rowIds',
        'GetChangeKeys.pageToken',
        'ClaimReplacement.claimCode',
      ]),
    );
  });
});

describe('4. a SOAP answer is XML 1.0 whatever the database holds', () => {
  beforeAll(renewToken);

  test('text stored by an older version with NUL, BEL, U+FFFF or a lone surrogate is answered as U+FFFD in both encodings', async () => {
    const db = gw.context.database.db;
    const alice = new GatewayClient(gw.url, 'json', { sessionToken: token });
    const [key] = (await alice.call('GetChangeKeys', { objectType: 'Account', pageSize: 1 })).keys;
    const row = await db.selectFrom('records').select('fields').where('row_id', '=', key!.rowId).executeTakeFirstOrThrow();
    const stored = JSON.parse(row.fields) as Record<string, unknown>;
    // JSON.stringify escapes each of these (\u0000, \ud800), so the row holds them exactly as an older gateway stored them.
    await db
      .updateTable('records')
      .set({ fields: JSON.stringify({ ...stored, Phone: 'a\u0000b\u0007c\uffffd\ud800e' }) })
      .where('row_id', '=', key!.rowId)
      .execute();
    try {
      const expected = 'a\uFFFDb\uFFFDc\uFFFDd\uFFFDe';
      for (const encoding of ENCODINGS) {
        const c = new GatewayClient(gw.url, encoding, { sessionToken: token });
        const { records } = await c.call('QueryRecords', { objectType: 'Account', rowIds: [key!.rowId] });
        expect(records[0]?.fields['Phone']).toBe(expected);
      }
      const raw = await (
        await fetch(`${gw.url}/soap`, {
          method: 'POST',
          headers: xml('QueryRecords'),
          body: encodeSoapRequest('QueryRecords', { objectType: 'Account', rowIds: [key!.rowId] }, { sessionToken: token }),
        })
      ).text();
      expect(raw).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
    } finally {
      await db.updateTable('records').set({ fields: row.fields }).where('row_id', '=', key!.rowId).execute();
    }
  });
});

describe('5. an envelope that is not SOAP 1.1 is a VersionMismatch fault', () => {
  const envelopes: Array<[string, (body: string) => string, string]> = [
    [
      'SOAP 1.2',
      (body) => `<env:Envelope xmlns:env="${SOAP_12_NS}" xmlns:fb="${FB_NS}"><env:Body>${body}</env:Body></env:Envelope>`,
      'application/soap+xml; charset=utf-8',
    ],
    ['no namespace', (body) => `<Envelope xmlns:fb="${FB_NS}"><Body>${body}</Body></Envelope>`, 'text/xml; charset=utf-8'],
    [
      'another namespace',
      (body) => `<s:Envelope xmlns:s="urn:not-soap" xmlns:fb="${FB_NS}"><s:Body>${body}</s:Body></s:Envelope>`,
      'text/xml; charset=utf-8',
    ],
  ];
  test.each(OPERATION_NAMES.flatMap((op) => envelopes.map(([name, wrap, type]) => [`${op} in ${name}`, op, wrap, type] as const)))(
    '%s',
    async (_name, operation, wrap, contentType) => {
      const before = await snapshot();
      const failure = await postRaw(`${gw.url}/soap`, wrap(`<fb:${operation}/>`), {
        'content-type': contentType,
        soapaction: `"${operation}"`,
      });
      expect(failure.error.code).toBe('INVALID_REQUEST');
      expect(failure.httpStatus).toBe(500);
      expect(failure.raw).toContain('<faultcode>soap:VersionMismatch</faultcode>');
      expect(failure.raw).toContain(`<soap:Envelope xmlns:soap="${SOAP_ENV_NS}"`);
      expect(failure.error.message).toContain('SOAP 1.1');
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe('2. the lockout holds under concurrency (one atomic reservation per attempt)', () => {
  const PARALLEL = 30;

  test.each<[Encoding, string]>([
    ['json', 'carol'],
    ['soap', 'dave'],
  ])('%s: 30 parallel wrong passwords for %s, then the right one: RATE_LIMITED', async (encoding, userName) => {
    const before = await snapshot();
    const c = new GatewayClient(gw.url, encoding);
    const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => c.fail('Login', { userName, password: `wrong-${i}` })));
    const codes = answers.map((a) => a.error.code);
    // Exactly as many are checked as the rule allows (5); the rest are refused unchecked.
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(gw.context.config.lockAfterFailures);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(PARALLEL - gw.context.config.lockAfterFailures);
    const right = await c.fail('Login', { userName, password: 'demo' });
    expect(right.error.code).toBe('RATE_LIMITED');
    const after = await snapshot();
    expect(after).toEqual({ ...before, login_throttle: before['login_throttle']! + 1 });
  });

  test('30 parallel wrong claim codes (over each encoding in turn), then the right code: RATE_LIMITED', async () => {
    const admin = new GatewayClient(gw.url, 'json');
    await admin.login('admin');
    const owner = new GatewayClient(gw.url, 'json');
    await owner.login('bob');
    const site = await owner.call('RegisterSite', { deviceName: 'bob old laptop', operationId: 'bad-input-claim-site' });
    const { jobs } = await admin.call('RequestReplacement', { siteIds: [site.siteId], operationId: 'bad-input-claim-job' });
    await gw.context.replacements.idle();
    const claimCode = jobs[0]!.claimCode!;

    const before = await snapshot();
    const clients = ENCODINGS.map((e) => new GatewayClient(gw.url, e));
    const answers = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        clients[i % clients.length]!.fail('ClaimReplacement', {
          claimCode: `WRONG-${i}-CODE`,
          deviceName: 'thief',
          operationId: `bad-input-guess-${i}`,
        }),
      ),
    );
    const codes = answers.map((a) => a.error.code);
    expect(codes.filter((code) => code === 'FORBIDDEN')).toHaveLength(gw.context.config.claimLockAfterFailures);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(PARALLEL - gw.context.config.claimLockAfterFailures);
    const right = await clients[0]!.fail('ClaimReplacement', {
      claimCode,
      deviceName: 'bob new laptop',
      operationId: 'bad-input-claim-right',
    });
    expect(right.error.code).toBe('RATE_LIMITED');
    const job = await gw.context.database.db
      .selectFrom('replacement_jobs')
      .select('claimed_at')
      .where('job_id', '=', jobs[0]!.jobId)
      .executeTakeFirstOrThrow();
    expect(job.claimed_at).toBeNull();
    expect(await snapshot()).toEqual({ ...before, claim_throttle: before['claim_throttle']! + 1 });
  });
});
