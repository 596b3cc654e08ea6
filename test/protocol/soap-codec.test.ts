import { XMLValidator } from 'fast-xml-parser';
import {
  decodeSoapRequest,
  decodeSoapResponse,
  encodeSoapFault,
  encodeSoapRequest,
  encodeSoapResponse,
  ERROR_CODES,
  FIELDBOOK_NS,
  ProtocolError,
  SOAP_ENV_NS,
  type OperationName,
  type RequestOf,
  type ResponseOf,
  type SoapHeaders,
} from '../../src/protocol/index.js';

/** A minimal envelope with the usual prefixes around `body`. */
const envelope = (body: string, header = ''): string =>
  `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:fb="${FIELDBOOK_NS}">${header ? `<soap:Header>${header}</soap:Header>` : ''}<soap:Body>${body}</soap:Body></soap:Envelope>`;

const LOGIN = '<fb:Login><userName>anna</userName><password>pw</password></fb:Login>';

/** Returns the refusal, failing the test if the call succeeds or throws something else. */
function refusal(run: () => unknown): ProtocolError {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error(`accepted: ${JSON.stringify(result)}`);
}

describe('decodeSoapRequest on hand-written envelopes', () => {
  const cases: Array<[string, string, { operation: OperationName; request: unknown; headers: SoapHeaders }]> = [
    [
      'prefixed, with both headers',
      envelope(LOGIN, '<fb:SessionToken>tok-1</fb:SessionToken><fb:DatabaseId>DB-1</fb:DatabaseId>'),
      { operation: 'Login', request: { userName: 'anna', password: 'pw' }, headers: { sessionToken: 'tok-1', databaseId: 'DB-1' } },
    ],
    [
      'default namespaces, no prefixes at all',
      `<Envelope xmlns="${SOAP_ENV_NS}"><Body><Login xmlns="${FIELDBOOK_NS}"><userName xmlns="">anna</userName><password xmlns="">pw</password></Login></Body></Envelope>`,
      { operation: 'Login', request: { userName: 'anna', password: 'pw' }, headers: {} },
    ],
    [
      'other prefixes, SoapUI style: pretty-printed, empty header, comments, CRLF',
      [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:urn="${FIELDBOOK_NS}">`,
        `   <soapenv:Header/>`,
        `   <soapenv:Body>`,
        `      <urn:GetChangeKeys>`,
        `         <objectType>Account</objectType>`,
        `         <!--Optional:-->`,
        `         <filter>`,
        `            <and>`,
        `               <field>Name</field>`,
        `               <op>eq</op>`,
        `               <value>Acme</value>`,
        `            </and>`,
        `            <and>`,
        `               <not>`,
        `                  <mine>true</mine>`,
        `               </not>`,
        `            </and>`,
        `         </filter>`,
        `         <pageSize>100</pageSize>`,
        `      </urn:GetChangeKeys>`,
        `   </soapenv:Body>`,
        `</soapenv:Envelope>`,
      ].join('\r\n'),
      {
        operation: 'GetChangeKeys',
        request: {
          objectType: 'Account',
          filter: { and: [{ field: 'Name', op: 'eq', value: 'Acme' }, { not: { mine: true } }] },
          pageSize: 100,
        },
        headers: {},
      },
    ],
    [
      'pretty-printed empty operation element',
      envelope('\n  <fb:Logout>\n  </fb:Logout>\n', '\n  <fb:SessionToken>\n    tok-2\n  </fb:SessionToken>\n'),
      { operation: 'Logout', request: {}, headers: { sessionToken: 'tok-2' } },
    ],
    [
      'pretty-printed field values keep the spaces inside <value>',
      envelope(`
        <fb:InsertRecord>
          <operationId>op-00000001</operationId>
          <objectType>Account</objectType>
          <fields>
            <field>
              <name>Name</name>
              <value>  padded  </value>
            </field>
            <field><name>Parent</name></field>
            <field><name>Note</name><value/></field>
          </fields>
        </fb:InsertRecord>`),
      {
        operation: 'InsertRecord',
        request: { operationId: 'op-00000001', objectType: 'Account', fields: { Name: '  padded  ', Parent: null, Note: '' } },
        headers: {},
      },
    ],
    [
      'several row ids, one per element',
      envelope(
        '<fb:QueryRecords><objectType>Contact</objectType><rowIds>1-A</rowIds><rowIds>1-B</rowIds><rowIds>1-C</rowIds></fb:QueryRecords>',
      ),
      { operation: 'QueryRecords', request: { objectType: 'Contact', rowIds: ['1-A', '1-B', '1-C'] }, headers: {} },
    ],
    [
      'character references, CDATA and attributes (ignored)',
      envelope(
        '<fb:Login xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><userName xsi:type="xsd:string">&#x41;nn&#97;&#xD;</userName><password><![CDATA[p<&>w]]></password></fb:Login>',
      ),
      { operation: 'Login', request: { userName: 'Anna\r', password: 'p<&>w' }, headers: {} },
    ],
  ];
  test.each(cases)('%s', (_, xml, expected) => {
    expect(decodeSoapRequest(xml, undefined)).toEqual(expected);
  });

  test('xsi:nil="true" makes an element absent: a null field value, an omitted option', () => {
    const xml = envelope(
      `<fb:GetChangeKeys xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><objectType>Account</objectType><filter xsi:nil="true"/><pageSize xsi:nil="1"></pageSize></fb:GetChangeKeys>`,
    );
    expect(decodeSoapRequest(xml, undefined).request).toEqual({ objectType: 'Account' });
    const insert = envelope(
      `<fb:InsertRecord xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><operationId>op-00000001</operationId><objectType>A</objectType>` +
        `<fields><field><name>Parent</name><value i:nil="true"/></field><field><name>Note</name><value i:nil="false"> x </value></field></fields></fb:InsertRecord>`,
    );
    expect(decodeSoapRequest(insert, undefined).request).toEqual({
      operationId: 'op-00000001',
      objectType: 'A',
      fields: { Parent: null, Note: ' x ' },
    });
  });

  test('a request that breaks the schema is refused with the operation as the path root', () => {
    const error = refusal(() => decodeSoapRequest(envelope('<fb:Login><userName>anna</userName></fb:Login>'), '"Login"'));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details).toEqual({ problems: ['Login: missing required field "password"'] });
  });

  test('text beside child elements (mixed content) is refused', () => {
    expect(
      refusal(() => decodeSoapRequest(envelope('<fb:Login>junk<userName>a</userName><password>p</password></fb:Login>'), undefined)).code,
    ).toBe('INVALID_REQUEST');
  });
});

describe('the SOAPAction header', () => {
  const accepted: Array<[string, string | undefined]> = [
    ['quoted, as node-soap and .NET send it', '"Login"'],
    ['unquoted', 'Login'],
    ['quoted with surrounding spaces', '  "Login"  '],
    ['a URI ending in /Login', 'urn:fieldbook:gateway:1/Login'],
    ['a quoted http URI ending in /Login', '"http://gateway.example/soap/Login"'],
    ['a URI ending in #Login', 'urn:fieldbook#Login'],
    ['empty quotes (SOAP 1.1: the intent is the request URI)', '""'],
    ['absent', undefined],
  ];
  test.each(accepted)('accepted: %s', (_, action) => {
    expect(decodeSoapRequest(envelope(LOGIN), action).operation).toBe('Login');
  });

  const refused: Array<[string, string]> = [
    ['another operation', '"Logout"'],
    ['another operation, unquoted', 'Logout'],
    ['a URI naming another operation', 'urn:fieldbook:gateway:1/Logout'],
    ['a longer name ending in the operation', 'XLogin'],
    ['the operation followed by more', 'Login/extra'],
    ['a different case', 'login'],
  ];
  test.each(refused)('refused: %s', (_, action) => {
    const error = refusal(() => decodeSoapRequest(envelope(LOGIN), action));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(/SOAPAction .* does not match the body element <Login>/);
  });
});

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
${envelope('<fb:Login><userName>&lol9;</userName><password>pw</password></fb:Login>')}`;

/** Each hostile or broken document, refused with INVALID_REQUEST; the pattern is matched against the message. */
const HOSTILE: Array<[string, string, RegExp]> = [
  ['malformed: unclosed element', envelope('<fb:Login><userName>anna</userName><password>pw</password>'), /Malformed XML/],
  ['malformed: crossed elements', envelope('<fb:Login><userName>anna<password></userName>pw</password></fb:Login>'), /Malformed XML/],
  [
    'malformed: unquoted attribute',
    `<soap:Envelope xmlns:soap=${SOAP_ENV_NS}><soap:Body>${LOGIN}</soap:Body></soap:Envelope>`,
    /Malformed XML/,
  ],
  ['malformed: truncated', envelope(LOGIN).slice(0, 60), /Malformed XML/],
  ['not XML at all', '{"userName":"anna"}', /Malformed XML/],
  ['empty body text', '', /Malformed XML/],
  ['two root elements', `${envelope(LOGIN)}<x/>`, /more than one root/],
  ['billion laughs', BILLION_LAUGHS, /DTD/],
  [
    'external entity',
    `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${envelope('<fb:Login><userName>&x;</userName><password>pw</password></fb:Login>')}`,
    /DTD/,
  ],
  ['external parameter entity', `<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/evil.dtd"> %p;]>${envelope(LOGIN)}`, /DTD/],
  ['external DTD only', `<!DOCTYPE Envelope SYSTEM "http://attacker.example/x.dtd">${envelope(LOGIN)}`, /DTD/],
  ['lower-case doctype', `<!doctype r [<!entity x "y">]>${envelope(LOGIN)}`, /DTD/],
  ['body with two elements', envelope(`${LOGIN}<fb:Logout/>`), /exactly one element, found 2/],
  ['body with the same element twice', envelope(`${LOGIN}${LOGIN}`), /exactly one element, found it repeated/],
  ['empty body', envelope(''), /no soap:Body/],
  ['no body', `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}"><soap:Header/></soap:Envelope>`, /no soap:Body/],
  [
    'a root other than Envelope',
    `<Login xmlns="${FIELDBOOK_NS}"><userName>anna</userName><password>pw</password></Login>`,
    /root element must be soap:Envelope/,
  ],
  [
    'an Envelope holding only text',
    `<soap:Envelope xmlns:soap="${SOAP_ENV_NS}">hello</soap:Envelope>`,
    /root element must be soap:Envelope/,
  ],
  ['unknown operation', envelope('<fb:DropAllTables/>'), /Unknown operation "DropAllTables"/],
  ['a response element sent as a request', envelope('<fb:LoginResponse/>'), /Unknown operation "LoginResponse"/],
  // fast-xml-parser refuses element names that could pollute prototypes; refused either way.
  ['an inherited property name as operation', envelope('<fb:constructor/>'), /Malformed XML|Unknown operation "constructor"/],
  [
    'an element named __proto__',
    envelope('<fb:Login><__proto__><isAdmin>true</isAdmin></__proto__><userName>a</userName><password>p</password></fb:Login>'),
    /Malformed XML|unknown field/,
  ],
  ['operation name in the wrong case', envelope('<fb:login/>'), /Unknown operation "login"/],
  [
    'nesting 20 000 elements deep',
    envelope(
      `<fb:EstimateCount><objectType>A</objectType><filter>${'<not>'.repeat(20_000)}<mine>true</mine>${'</not>'.repeat(20_000)}</filter></fb:EstimateCount>`,
    ),
    /Malformed XML|nested too deeply/,
  ],
];

describe('hostile and broken documents are refused quickly with INVALID_REQUEST', () => {
  test.each(HOSTILE)('%s', (_, xml, message) => {
    const error = refusal(() => decodeSoapRequest(xml, undefined));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.message).toMatch(message);
  });

  test('an unknown operation names it in the details', () => {
    expect(refusal(() => decodeSoapRequest(envelope('<fb:DropAllTables/>'), undefined)).details).toEqual({ operation: 'DropAllTables' });
  });

  test('an undeclared entity is not expanded into anything', () => {
    // Without a DTD there is nothing to expand; the reference must not turn into file contents.
    const decoded = decodeSoapRequest(envelope('<fb:Login><userName>&x;</userName><password>pw</password></fb:Login>'), undefined);
    expect(decoded.request).toEqual({ userName: '&x;', password: 'pw' });
  });
});

/** Requests as the client sends them; each must come back from decodeSoapRequest unchanged. */
const REQUESTS: Array<{ [N in OperationName]: [N, RequestOf<N>, SoapHeaders] }[OperationName]> = [
  ['Login', { userName: 'anna <admin> & "co"', password: ` p'w \u{1F600} ` }, {}],
  ['Logout', {}, { sessionToken: 'tok&<1>' }],
  ['RegisterSite', { deviceName: 'Anna’s laptop', operationId: 'op-00000001' }, { sessionToken: 'tok-1' }],
  [
    'GetChangeKeys',
    {
      objectType: 'Account',
      filter: {
        and: [
          { field: 'Name', op: 'startsWith', value: 'Ac&me' },
          {
            or: [
              { field: 'Status', in: ['Open', 'Won <big>'] },
              { field: 'Parent', isNull: true },
            ],
          },
          { not: { mine: true } },
          { field: 'Due', withinDays: { from: -90, to: 0 } },
        ],
      },
      pageToken: 'eyJr<>IjoiMS1BIn0=',
      pageSize: 1000,
    },
    { sessionToken: 'tok-1', databaseId: 'DB-1' },
  ],
  ['QueryRecords', { objectType: 'Contact', rowIds: ['1-A', '1-B.2', '1_C'] }, { sessionToken: 'tok-1', databaseId: 'DB-1' }],
  ['QueryRecords', { objectType: 'Contact', rowIds: ['only-one'] }, {}],
  ['QueryByUserKey', { objectType: 'Contact', fields: { Email: 'a@b.example' } }, {}],
  [
    'InsertRecord',
    {
      operationId: 'op-00000002',
      objectType: 'Account',
      fields: {
        Name: '  Müller & Söhne <GmbH>  ',
        Quote: `He said "it's" fine`,
        Notes: 'line 1\r\nline 2\n\ttabbed',
        Cjk: '日本語 🚀',
        Empty: '',
        Blank: '   ',
        Parent: null,
        Markup: '<![CDATA[x]]> ]]> &amp;',
      },
    },
    { sessionToken: 'tok-1', databaseId: 'DB-1' },
  ],
  ['UpdateRecord', { operationId: 'op-00000003', objectType: 'Account', rowId: '1-ABC', modNum: 0, fields: {} }, {}],
  ['DeleteRecord', { operationId: 'op-00000004', objectType: 'Account', rowId: '1-ABC', modNum: 9007199254740991 }, {}],
  ['EstimateCount', { objectType: 'Activity' }, {}],
];

describe('encodeSoapRequest → decodeSoapRequest', () => {
  test.each(REQUESTS)('%s', (operation, request, headers) => {
    const xml = encodeSoapRequest(operation, request as never, headers);
    expect(XMLValidator.validate(xml)).toBe(true);
    // The SOAPAction a client sends with it is accepted, quoted as on the wire.
    expect(decodeSoapRequest(xml, `"${operation}"`)).toEqual({ operation, request, headers });
  });

  test('the body element is in the Fieldbook namespace, its children unqualified', () => {
    const xml = encodeSoapRequest('DeleteRecord', { operationId: 'op-00000004', objectType: 'A', rowId: '1', modNum: 1 });
    expect(xml).toContain(`xmlns:fb="${FIELDBOOK_NS}"`);
    expect(xml).toContain('<soap:Body><fb:DeleteRecord><operationId>op-00000004</operationId>');
  });

  test('numbers and booleans in field values come back as text: SOAP field values are text', () => {
    const xml = encodeSoapRequest('InsertRecord', {
      operationId: 'op-00000005',
      objectType: 'A',
      fields: { Count: 5, Vip: true, Ratio: 0.5 },
    });
    expect(decodeSoapRequest(xml, undefined).request).toEqual({
      operationId: 'op-00000005',
      objectType: 'A',
      fields: { Count: '5', Vip: 'true', Ratio: '0.5' },
    });
  });

  test('a filter value that is a number comes back as text (the compared field decides its meaning)', () => {
    const xml = encodeSoapRequest('EstimateCount', { objectType: 'A', filter: { field: 'Revenue', op: 'gt', value: 1000 } });
    expect(decodeSoapRequest(xml, undefined).request).toEqual({ objectType: 'A', filter: { field: 'Revenue', op: 'gt', value: '1000' } });
  });
});

const RECORD_FIELDS = { Name: ' Acme & <Co> ', Notes: 'a\r\nb', Parent: null, Emoji: '🙂', Empty: '' };
const RESPONSES: Array<{ [N in OperationName]: [N, ResponseOf<N>] }[OperationName]> = [
  [
    'Login',
    {
      sessionToken: 'tok&1',
      expiresAt: '2024-05-01T18:00:00.000Z',
      userId: 'U1',
      userName: 'anna',
      displayName: 'Anna "Ann" Åström',
      responsibilityId: 'R1',
      visibility: 'organization',
      isAdmin: false,
    },
  ],
  ['Logout', {}],
  ['GetChangeKeys', { keys: [{ rowId: '1-A', lastUpd: '2024-05-01T10:00:00.000Z' }], nextPageToken: 'next' }],
  ['GetChangeKeys', { keys: [] }],
  [
    'QueryRecords',
    {
      records: [
        { rowId: '1-A', lastUpd: '2024-05-01T10:00:00.000Z', modNum: 3, owner: 'anna', updatedBy: 'bob', fields: RECORD_FIELDS },
        { rowId: '1-B', lastUpd: '2024-05-01T10:00:00.000Z', modNum: 0, owner: 'anna', updatedBy: 'anna', fields: {} },
      ],
      notFound: [],
    },
  ],
  ['QueryRecords', { records: [], notFound: ['1-X', '1-Y'] }],
  ['InsertRecord', { rowId: '1-NEW', lastUpd: '2024-05-01T10:00:00.000Z', modNum: 1 }],
  ['UpdateRecord', { rowId: '1-ABC', lastUpd: '2024-05-01T10:00:00.000Z', modNum: 2 }],
  ['DeleteRecord', { rowId: '1-ABC' }],
  ['EstimateCount', { count: 0 }],
];

describe('encodeSoapResponse → decodeSoapResponse', () => {
  test.each(RESPONSES)('%s', (operation, response) => {
    const xml = encodeSoapResponse(operation, response as never);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`<fb:${operation}Response>`);
    expect(decodeSoapResponse(operation, xml)).toEqual(response);
  });

  test('an answer for another operation is an INTERNAL error', () => {
    const error = refusal(() => decodeSoapResponse('Login', encodeSoapResponse('Logout', {})));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('<LogoutResponse>');
  });
});

describe('encodeSoapFault → decodeSoapResponse rethrows the same ProtocolError', () => {
  test.each(ERROR_CODES.map((code) => [code]))('%s', (code) => {
    const details = { rowId: '1-ABC', problems: ['Login: <bad> & "worse"'], nested: { n: 1, list: [true, null] }, text: 'Ünïcödé 🚀' };
    const sent = new ProtocolError(code, `Something about ${code} <&> "quoted"`, details);
    const xml = encodeSoapFault(sent);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(code === 'INTERNAL' ? '<faultcode>soap:Server</faultcode>' : '<faultcode>soap:Client</faultcode>');
    const received = refusal(() => decodeSoapResponse('InsertRecord', xml));
    expect(received.code).toBe(code);
    expect(received.message).toBe(sent.message);
    expect(received.details).toEqual(details);
  });

  test('a fault without details has none after the trip', () => {
    const received = refusal(() => decodeSoapResponse('Logout', encodeSoapFault(new ProtocolError('UNAUTHENTICATED', 'Session expired'))));
    expect(received.code).toBe('UNAUTHENTICATED');
    expect(received.details).toBeUndefined();
  });

  test('a foreign fault without our detail becomes INTERNAL carrying its faultstring', () => {
    const foreign = envelope('<soap:Fault><faultcode>soap:Server</faultcode><faultstring>Proxy error</faultstring></soap:Fault>');
    const received = refusal(() => decodeSoapResponse('Login', foreign));
    expect(received.code).toBe('INTERNAL');
    expect(received.message).toBe('Proxy error');
  });

  test('a fault with a code outside the contract becomes INTERNAL', () => {
    const odd = envelope(
      '<soap:Fault><faultcode>soap:Client</faultcode><faultstring>x</faultstring><detail><fb:error><code>TEAPOT</code><message>short and stout</message></fb:error></detail></soap:Fault>',
    );
    const received = refusal(() => decodeSoapResponse('Login', odd));
    expect(received.code).toBe('INTERNAL');
    expect(received.message).toBe('short and stout');
  });
});

describe('an envelope that is not SOAP 1.1 (SOAP 1.1 §4.4: VersionMismatch)', () => {
  const SOAP_12 = 'http://www.w3.org/2003/05/soap-envelope';
  test.each<[string, string, string | null]>([
    ['SOAP 1.2', `<env:Envelope xmlns:env="${SOAP_12}"><env:Body>${LOGIN}</env:Body></env:Envelope>`, SOAP_12],
    ['SOAP 1.2 as the default namespace', `<Envelope xmlns="${SOAP_12}"><Body>${LOGIN}</Body></Envelope>`, SOAP_12],
    ['no namespace', `<Envelope><Body>${LOGIN}</Body></Envelope>`, null],
    ['an undeclared prefix', `<soap:Envelope xmlns:s="${SOAP_ENV_NS}"><soap:Body>${LOGIN}</soap:Body></soap:Envelope>`, null],
    [
      'the 1.1 namespace on another prefix only',
      `<?xml version="1.0"?><!-- x --><env:Envelope xmlns:soap="${SOAP_ENV_NS}" xmlns:env="urn:other"><env:Body>${LOGIN}</env:Body></env:Envelope>`,
      'urn:other',
    ],
  ])('%s is refused as a VersionMismatch, answered as a SOAP 1.1 fault', (_name, xml, found) => {
    const error = refusal(() => decodeSoapRequest(xml, undefined));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.details).toEqual({ envelopeNamespace: found, supportedEnvelopeNamespace: SOAP_ENV_NS });
    const fault = encodeSoapFault(error);
    expect(fault).toContain('<faultcode>soap:VersionMismatch</faultcode>');
    expect(fault).toContain(`xmlns:soap="${SOAP_ENV_NS}"`);
    expect(refusal(() => decodeSoapResponse('Login', fault)).code).toBe('INVALID_REQUEST');
  });

  test.each<[string, string]>([
    [
      'a BOM, declaration, comment and single quotes',
      `\uFEFF<?xml version='1.0'?>\n<!-- a > b -->\n<s:Envelope xmlns:s='${SOAP_ENV_NS}'><s:Body>${LOGIN}</s:Body></s:Envelope>`,
    ],
    [
      'attributes before the declaration, spread over lines',
      `<soap:Envelope\n  a="x>y"\n  xmlns:soap = "${SOAP_ENV_NS}"><soap:Body>${LOGIN}</soap:Body></soap:Envelope>`,
    ],
  ])('SOAP 1.1 with %s is read', (_name, xml) => {
    expect(decodeSoapRequest(xml, undefined).request).toEqual({ userName: 'anna', password: 'pw' });
  });
});
