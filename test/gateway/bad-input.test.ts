import { encodeSoapRequest, LIMITS } from '../../src/protocol/index.js';
import { GatewayClient, postRaw } from '../support/gateway-client.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';

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
async function snapshot(): Promise<Record<string, number>> {
  const db = gw.context.database.db;
  const out: Record<string, number> = {};
  for (const table of ['records', 'record_user_keys', 'operation_log', 'sites', 'sessions', 'login_throttle'] as const) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  const sum = await db
    .selectFrom('records')
    .select((eb) => eb.fn.sum<number>('mod_num').as('m'))
    .executeTakeFirstOrThrow();
  out['modNumSum'] = Number(sum.m);
  return out;
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
