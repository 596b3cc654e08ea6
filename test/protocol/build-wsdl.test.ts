import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as soap from 'soap';
import { buildWsdl } from '../../src/protocol/build-wsdl.js';
import {
  decodeSoapRequest,
  encodeSoapFault,
  encodeSoapResponse,
  FIELDBOOK_NS,
  OPERATION_NAMES,
  OPERATIONS,
  ProtocolError,
  REPLACEMENT_STEPS,
  resolve,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../../src/protocol/index.js';

const ENDPOINT = 'http://gateway.example:8080/soap?tenant=a&x=1';

/** What node-soap handed to its HTTP client for one call. */
interface Sent {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Stands in for the network: records what node-soap would send and answers with
 * whatever `answer` returns, so the whole exchange stays in memory.
 */
class FakeHttpClient implements soap.IHttpClient {
  readonly sent: Sent[] = [];
  answer: (sent: Sent) => { status: number; body: string } = () => ({ status: 500, body: '' });

  request(
    rurl: string,
    data: unknown,
    callback: (error: unknown, res?: unknown, body?: unknown) => unknown,
    exheaders?: soap.IHeaders,
  ): ReturnType<soap.IHttpClient['request']> {
    const sent: Sent = { url: rurl, body: String(data), headers: { ...(exheaders as Record<string, string>) } };
    this.sent.push(sent);
    let reply: { status: number; body: string };
    try {
      reply = this.answer(sent);
    } catch (error) {
      // A failing assertion inside the fake must fail the call, not vanish.
      setImmediate(() => callback(error));
      return Promise.reject(error instanceof Error ? error : new Error(String(error))) as ReturnType<soap.IHttpClient['request']>;
    }
    const res = { status: reply.status, headers: { 'content-type': 'text/xml; charset=utf-8' }, data: reply.body };
    setImmediate(() => callback(null, res, reply.body));
    // node-soap ignores the returned promise when a callback is given.
    return Promise.resolve(res) as unknown as ReturnType<soap.IHttpClient['request']>;
  }

  last(): Sent {
    const sent = this.sent.at(-1);
    if (!sent) throw new Error('node-soap sent nothing');
    return sent;
  }
}

type AsyncCall = (args: unknown) => Promise<[unknown, string, unknown, string]>;

function call(client: soap.Client, operation: OperationName): AsyncCall {
  const method: unknown = client[`${operation}Async`];
  if (typeof method !== 'function') throw new Error(`node-soap has no method ${operation}Async`);
  return (method as AsyncCall).bind(client);
}

let dir: string;
let wsdlPath: string;
const wsdl = buildWsdl(ENDPOINT);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fieldbook-wsdl-'));
  wsdlPath = join(dir, 'fieldbook.wsdl');
  writeFileSync(wsdlPath, wsdl);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function newClient(): Promise<{ client: soap.Client; http: FakeHttpClient }> {
  const http = new FakeHttpClient();
  const client = await soap.createClientAsync(wsdlPath, { httpClient: http });
  return { client, http };
}

/** A ReconcileKeys request with two sets: a filter and split ranges, recent keys asked (SOAP reads it back the same). */
const REPORT_REQUEST: RequestOf<'ReportDevice'> = {
  unsentChanges: 3,
  filters: {
    presetId: 'my-open-opportunities',
    disabledObjects: ['Activity'],
    personalFilters: [{ objectType: 'Opportunity', filter: { field: 'Stage', op: 'eq', value: 'Negotiation' } }],
    personalPresets: [{ id: 'P-1', name: 'Hot deals', basePresetId: 'my-team', disabledObjects: [], personalFilters: [] }],
  },
};

const RECONCILE_REQUEST: RequestOf<'ReconcileKeys'> = {
  sets: [
    {
      objectType: 'Account',
      filter: { field: 'Name', op: 'startsWith', value: 'Ac' },
      ranges: [
        { upper: '1-M', fingerprint: { count: 120, hash: '0123456712345678212345673abcdef0' } },
        { lower: '1-M', fingerprint: { count: 0, hash: '00000000000000000000000000000000' } },
      ],
    },
    {
      objectType: 'Contact',
      recentSince: '2024-05-01T09:00:00.000Z',
      ranges: [{ fingerprint: { count: 3, hash: '0000000100000002000000030000000f' } }],
    },
  ],
};

/** A ReconcileKeys answer with every shape: a split, listed keys, equal, recent keys (SOAP reads it back the same). */
const RECONCILE_ANSWER: ResponseOf<'ReconcileKeys'> = {
  sets: [
    {
      ranges: [
        {
          state: 'split',
          parts: [
            { upper: '1-F', fingerprint: { count: 60, hash: '0123456712345678212345673abcdef0' } },
            { lower: '1-F', upper: '1-M', fingerprint: { count: 61, hash: '1123456702345678212345673abcdef0' } },
          ],
        },
        { state: 'keys', keys: [{ rowId: '1-Z', lastUpd: '2024-05-01T10:00:00.000Z' }] },
      ],
    },
    {
      ranges: [{ state: 'equal' }],
      recent: [
        { rowId: '1-Q', lastUpd: '2024-05-01T09:30:00.000Z' },
        { rowId: '1-B', lastUpd: '2024-05-01T10:00:00.000Z' },
      ],
    },
  ],
};

describe('the generated WSDL document', () => {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
  }).parse(wsdl) as Record<string, unknown>;
  type Node = Record<string, unknown> & { '@name'?: string; '@type'?: string; '@element'?: string };
  const children = (node: unknown, name: string): Node[] => ((node as Record<string, unknown>)[name] as Node[] | undefined) ?? [];
  const definitions = children(parsed, 'definitions')[0];
  const schema = children(children(definitions, 'types')[0], 'schema')[0];

  test('is well-formed XML', () => {
    expect(XMLValidator.validate(wsdl)).toBe(true);
    expect(definitions?.['@targetNamespace']).toBe(FIELDBOOK_NS);
    expect(schema?.['@targetNamespace']).toBe(FIELDBOOK_NS);
    expect(schema?.['@elementFormDefault']).toBe('unqualified');
  });

  test('emits every named type once, and shares WriteResult between InsertRecord and UpdateRecord', () => {
    const typeNames = [...children(schema, 'complexType'), ...children(schema, 'simpleType')].map((t) => t['@name']);
    expect(new Set(typeNames).size).toBe(typeNames.length);
    expect(typeNames).toEqual(
      expect.arrayContaining(['WriteResult', 'FilterExpr', 'DayRange', 'ComparisonOperator', 'Visibility', 'FieldValues', 'FieldValue']),
    );
    const elementType = new Map(children(schema, 'element').map((e) => [e['@name'], e['@type']]));
    expect(elementType.get('InsertRecordResponse')).toBe('tns:WriteResult');
    expect(elementType.get('UpdateRecordResponse')).toBe('tns:WriteResult');
    expect(elementType.get('SessionToken')).toBe('xsd:string');
    expect(elementType.get('DatabaseId')).toBe('xsd:string');
    expect(elementType.get('error')).toBeDefined();
  });

  test('has an element, messages, a port operation and a bound SOAPAction for each operation', () => {
    const elements = children(schema, 'element').map((e) => e['@name']);
    const messages = children(definitions, 'message').map((m) => m['@name']);
    const portOps = children(children(definitions, 'portType')[0], 'operation').map((o) => o['@name']);
    const bindingOps = children(children(definitions, 'binding')[0], 'operation');
    for (const name of OPERATION_NAMES) {
      expect(elements).toEqual(expect.arrayContaining([name, `${name}Response`]));
      expect(messages).toEqual(expect.arrayContaining([`${name}Input`, `${name}Output`]));
      expect(portOps).toContain(name);
      const bound = bindingOps.find((o) => o['@name'] === name);
      expect(children(bound, 'operation')[0]?.['@soapAction']).toBe(name);
    }
    expect(portOps).toHaveLength(OPERATION_NAMES.length);
  });

  test('is the same document every time (no per-request state)', () => {
    expect(buildWsdl(ENDPOINT)).toBe(wsdl);
  });
});

describe('node-soap reads the WSDL', () => {
  test('describe() lists every operation with the request and response elements of the schema', async () => {
    const { client } = await newClient();
    const description = client.describe() as Record<string, Record<string, Record<string, { input: object; output: object }>>>;
    const port = description['FieldbookService']?.['FieldbookPort'];
    expect(port).toBeDefined();
    expect(Object.keys(port ?? {}).sort()).toEqual([...OPERATION_NAMES].sort());
    // node-soap marks repeated elements with a [] suffix and adds its namespace bookkeeping.
    const elementNames = (described: object) => Object.keys(described).filter((k) => k !== 'targetNSAlias' && k !== 'targetNamespace');
    const expected = (props: Record<string, { schema: Parameters<typeof resolve>[0] }>) =>
      Object.entries(props).map(([k, p]) => (resolve(p.schema).kind === 'array' ? `${k}[]` : k));
    for (const name of OPERATION_NAMES) {
      const op = port?.[name];
      expect(op).toBeDefined();
      expect(elementNames(op?.input ?? {})).toEqual(expected(OPERATIONS[name].request.props));
      expect(elementNames(op?.output ?? {})).toEqual(expected(OPERATIONS[name].response.props));
    }
  });

  test('the recursive filter type and the field-value list are described by their elements', async () => {
    const { client } = await newClient();
    const port = (client.describe() as Record<string, Record<string, Record<string, { input: Record<string, unknown> }>>>)[
      'FieldbookService'
    ]?.['FieldbookPort'];
    const filter = port?.['GetChangeKeys']?.input['filter'] as Record<string, unknown>;
    expect(filter['and[]']).toBe(filter); // the type refers to itself
    expect(filter['not']).toBe(filter);
    expect(filter['op']).toMatch(/^ComparisonOperator\|xsd:string\|eq,ne,/);
    const fields = port?.['InsertRecord']?.input['fields'] as Record<string, Record<string, unknown>>;
    expect(fields['field[]']).toMatchObject({ name: 'xsd:string', value: 'xsd:string' });
  });

  test('sends to the endpoint in the WSDL, as text/xml with a quoted SOAPAction naming the operation', async () => {
    const { client, http } = await newClient();
    http.answer = () => ({ status: 200, body: encodeSoapResponse('Logout', {}) });
    await call(client, 'Logout')({});
    const sent = http.last();
    expect(sent.url).toBe(ENDPOINT);
    expect(sent.headers['Content-Type']).toBe('text/xml; charset=utf-8');
    expect(sent.headers['SOAPAction']).toBe('"Logout"');
  });
});

/**
 * One row per operation: the arguments a node-soap user passes, what our codec must
 * decode from node-soap's XML, the answer the gateway gives, and what node-soap must
 * make of that answer. Field maps travel as `{ field: [{ name, value }] }` in SOAP,
 * a field without `value` being null.
 */
interface RoundTrip<N extends OperationName> {
  operation: N;
  soapArgs: unknown;
  request: RequestOf<N>;
  response: ResponseOf<N>;
  soapResult: unknown;
}
function row<N extends OperationName>(r: RoundTrip<N>): RoundTrip<OperationName> {
  return r;
}

const WRITE = { rowId: '1-ABC', lastUpd: '2024-05-01T10:00:00.000Z', modNum: 8 };
const AT = '2024-05-01T10:00:00.000Z';
const JOB = {
  jobId: 'J-1',
  siteId: 'S-1',
  userName: 'anna',
  deviceName: 'Laptop 7',
  state: 'waitingForClaim' as const,
  requestedAt: AT,
  requestedBy: 'admin',
  claimCode: 'ABCD-EFGH',
  claimExpiresAt: AT,
  steps: REPLACEMENT_STEPS.map((step, i) =>
    i < 5
      ? { step, state: 'done' as const, startedAt: AT, finishedAt: AT, message: `step ${i + 1} & done` }
      : { step, state: i === 5 ? ('waiting' as const) : ('pending' as const) },
  ),
};
const EXTRACT_RECORD = { rowId: '1-A', lastUpd: AT, modNum: 3, owner: 'anna', updatedBy: 'anna' };
const ROUND_TRIPS: RoundTrip<OperationName>[] = [
  row({
    operation: 'Login',
    soapArgs: { userName: 'anna', password: 'p<&>"\'ss' },
    request: { userName: 'anna', password: 'p<&>"\'ss' },
    response: {
      sessionToken: 'tok-1',
      expiresAt: '2024-05-01T18:00:00.000Z',
      userId: 'U1',
      userName: 'anna',
      displayName: 'Anna Åström',
      responsibilityId: 'R1',
      visibility: 'team',
      isAdmin: false,
    },
    soapResult: {
      sessionToken: 'tok-1',
      expiresAt: '2024-05-01T18:00:00.000Z',
      userId: 'U1',
      userName: 'anna',
      displayName: 'Anna Åström',
      responsibilityId: 'R1',
      visibility: 'team',
      isAdmin: false,
    },
  }),
  row({ operation: 'Logout', soapArgs: {}, request: {}, response: {}, soapResult: null }),
  row({
    operation: 'RegisterSite',
    soapArgs: { deviceName: 'Laptop 7', operationId: 'op-00000001' },
    request: { deviceName: 'Laptop 7', operationId: 'op-00000001' },
    response: { siteId: 'S1', databaseId: 'DB-1' },
    soapResult: { siteId: 'S1', databaseId: 'DB-1' },
  }),
  row({
    operation: 'ReportDevice',
    soapArgs: REPORT_REQUEST,
    request: REPORT_REQUEST,
    response: {},
    soapResult: null,
  }),
  row({
    operation: 'ReconcileKeys',
    soapArgs: RECONCILE_REQUEST,
    request: RECONCILE_REQUEST,
    response: RECONCILE_ANSWER,
    soapResult: RECONCILE_ANSWER,
  }),
  row({
    operation: 'ListRecords',
    soapArgs: { objectType: 'Contact', filter: { mine: true }, after: '1-A', pageSize: 2 },
    request: { objectType: 'Contact', filter: { mine: true }, after: '1-A', pageSize: 2 },
    response: {
      records: [
        { rowId: '1-B', lastUpd: AT, modNum: 3, owner: 'anna', updatedBy: 'bob', fields: { FirstName: 'Zoë', Phone: null } },
        { rowId: '1-C', lastUpd: AT, modNum: 1, owner: 'anna', updatedBy: 'anna', fields: { Note: 'a < b & "c"' } },
      ],
      nextAfter: '1-C',
    },
    soapResult: {
      records: [
        {
          rowId: '1-B',
          lastUpd: AT,
          modNum: 3,
          owner: 'anna',
          updatedBy: 'bob',
          fields: { field: [{ name: 'FirstName', value: 'Zoë' }, { name: 'Phone' }] },
        },
        {
          rowId: '1-C',
          lastUpd: AT,
          modNum: 1,
          owner: 'anna',
          updatedBy: 'anna',
          fields: { field: [{ name: 'Note', value: 'a < b & "c"' }] },
        },
      ],
      nextAfter: '1-C',
    },
  }),
  row({
    operation: 'GetChangeKeys',
    soapArgs: {
      objectType: 'Account',
      filter: { and: [{ field: 'Name', op: 'startsWith', value: 'Ac' }, { not: { mine: true } }] },
      pageSize: 250,
    },
    request: {
      objectType: 'Account',
      filter: { and: [{ field: 'Name', op: 'startsWith', value: 'Ac' }, { not: { mine: true } }] },
      pageSize: 250,
    },
    response: {
      keys: [
        { rowId: '1-A', lastUpd: '2024-05-01T10:00:00.000Z' },
        { rowId: '1-B', lastUpd: '2024-05-02T10:00:00.000Z' },
      ],
      nextPageToken: 'p2',
    },
    soapResult: {
      keys: [
        { rowId: '1-A', lastUpd: '2024-05-01T10:00:00.000Z' },
        { rowId: '1-B', lastUpd: '2024-05-02T10:00:00.000Z' },
      ],
      nextPageToken: 'p2',
    },
  }),
  row({
    operation: 'QueryRecords',
    soapArgs: { objectType: 'Contact', rowIds: ['1-A', '1-B', '1-C'] },
    request: { objectType: 'Contact', rowIds: ['1-A', '1-B', '1-C'] },
    response: {
      records: [
        {
          rowId: '1-A',
          lastUpd: '2024-05-01T10:00:00.000Z',
          modNum: 3,
          owner: 'anna',
          updatedBy: 'bob',
          fields: { FirstName: 'Zoë', Phone: null, Note: 'a < b & "c"' },
        },
      ],
      notFound: ['1-B', '1-C'],
    },
    soapResult: {
      records: [
        {
          rowId: '1-A',
          lastUpd: '2024-05-01T10:00:00.000Z',
          modNum: 3,
          owner: 'anna',
          updatedBy: 'bob',
          fields: { field: [{ name: 'FirstName', value: 'Zoë' }, { name: 'Phone' }, { name: 'Note', value: 'a < b & "c"' }] },
        },
      ],
      notFound: ['1-B', '1-C'],
    },
  }),
  row({
    operation: 'QueryByUserKey',
    soapArgs: { objectType: 'Contact', fields: { field: [{ name: 'Email', value: 'a@b.example' }] } },
    request: { objectType: 'Contact', fields: { Email: 'a@b.example' } },
    // An empty list is no element at all; node-soap then leaves the property out.
    response: { records: [] },
    soapResult: null,
  }),
  row({
    operation: 'InsertRecord',
    soapArgs: {
      operationId: 'op-00000002',
      objectType: 'Account',
      fields: {
        field: [
          { name: 'Name', value: '  Acme & Söhne <GmbH> "quoted" \'x\' 日本  ' },
          { name: 'Site', value: '' },
          { name: 'Parent' },
          // node-soap writes a null as <value xsi:nil="true"/>; it must stay null, not become "".
          { name: 'Owner', value: null },
        ],
      },
    },
    request: {
      operationId: 'op-00000002',
      objectType: 'Account',
      fields: { Name: '  Acme & Söhne <GmbH> "quoted" \'x\' 日本  ', Site: '', Parent: null, Owner: null },
    },
    response: WRITE,
    soapResult: WRITE,
  }),
  row({
    operation: 'UpdateRecord',
    soapArgs: {
      operationId: 'op-00000003',
      objectType: 'Account',
      rowId: '1-ABC',
      modNum: 7,
      fields: { field: [{ name: 'Name', value: 'New' }] },
    },
    request: { operationId: 'op-00000003', objectType: 'Account', rowId: '1-ABC', modNum: 7, fields: { Name: 'New' } },
    response: WRITE,
    soapResult: WRITE,
  }),
  row({
    operation: 'DeleteRecord',
    soapArgs: { operationId: 'op-00000004', objectType: 'Account', rowId: '1-ABC', modNum: 8 },
    request: { operationId: 'op-00000004', objectType: 'Account', rowId: '1-ABC', modNum: 8 },
    response: { rowId: '1-ABC' },
    soapResult: { rowId: '1-ABC' },
  }),
  row({
    operation: 'ApplyChanges',
    soapArgs: {
      changes: [
        {
          insert: {
            operationId: 'op-00000020',
            objectType: 'Account',
            tempId: 'L-1',
            fields: { field: [{ name: 'Name', value: 'Acme & Co' }] },
          },
        },
        { insert: { operationId: 'op-00000021', objectType: 'Contact', fields: { field: [{ name: 'AccountId', value: 'L-1' }] } } },
        {
          update: { operationId: 'op-00000022', objectType: 'Account', rowId: '1-ABC', modNum: 7, fields: { field: [{ name: 'Phone' }] } },
        },
        { delete: { operationId: 'op-00000023', objectType: 'Account', rowId: '1-DEF', modNum: 2 } },
      ],
    },
    request: {
      changes: [
        { insert: { operationId: 'op-00000020', objectType: 'Account', tempId: 'L-1', fields: { Name: 'Acme & Co' } } },
        { insert: { operationId: 'op-00000021', objectType: 'Contact', fields: { AccountId: 'L-1' } } },
        { update: { operationId: 'op-00000022', objectType: 'Account', rowId: '1-ABC', modNum: 7, fields: { Phone: null } } },
        { delete: { operationId: 'op-00000023', objectType: 'Account', rowId: '1-DEF', modNum: 2 } },
      ],
    },
    response: {
      results: [
        { operationId: 'op-00000020', ok: WRITE },
        { operationId: 'op-00000021', error: { code: 'INVALID_REQUEST', message: 'Invalid Contact: LastName is required' } },
        {
          operationId: 'op-00000022',
          error: { code: 'COLLISION', message: 'Account 1-ABC was changed <since> & "then"', details: { rowId: '1-ABC', serverModNum: 9 } },
        },
        { operationId: 'op-00000023', ok: { rowId: '1-DEF' } },
      ],
    },
    // An error's details travel as JSON text, as in a fault's <details>.
    soapResult: {
      results: [
        { operationId: 'op-00000020', ok: WRITE },
        { operationId: 'op-00000021', error: { code: 'INVALID_REQUEST', message: 'Invalid Contact: LastName is required' } },
        {
          operationId: 'op-00000022',
          error: {
            code: 'COLLISION',
            message: 'Account 1-ABC was changed <since> & "then"',
            details: '{"rowId":"1-ABC","serverModNum":9}',
          },
        },
        { operationId: 'op-00000023', ok: { rowId: '1-DEF' } },
      ],
    },
  }),
  row({
    operation: 'EstimateCount',
    soapArgs: {
      objectType: 'Activity',
      filter: {
        or: [
          { field: 'Status', in: ['Open', 'Planned'] },
          { field: 'Due', withinDays: { from: -90, to: 0 } },
          { field: 'Owner', isNull: false },
        ],
      },
    },
    request: {
      objectType: 'Activity',
      filter: {
        or: [
          { field: 'Status', in: ['Open', 'Planned'] },
          { field: 'Due', withinDays: { from: -90, to: 0 } },
          { field: 'Owner', isNull: false },
        ],
      },
    },
    response: { count: 1234 },
    soapResult: { count: 1234 },
  }),
  row({
    operation: 'DownloadMetadataFiles',
    soapArgs: { packageId: 'demo@1.00.00.00', responsibilityId: 'R1', hashValue: 'abc', productVersion: '1.00.00.00' },
    request: { packageId: 'demo@1.00.00.00', responsibilityId: 'R1', hashValue: 'abc', productVersion: '1.00.00.00' },
    response: {
      containsFiles: true,
      packageId: 'demo@1.01.00.00',
      responsibilityId: 'R1',
      hashValue: 'def',
      files: [
        { name: 'info.xml', content: '<info id="demo" version="1.01.00.00"/>' },
        { name: 'sync.xml', content: '<sync pageSize="10"/>' },
      ],
      productCompatible: true,
      preferredProductVersion: '1.01.00.00',
    },
    soapResult: {
      containsFiles: true,
      packageId: 'demo@1.01.00.00',
      responsibilityId: 'R1',
      hashValue: 'def',
      files: [
        { name: 'info.xml', content: '<info id="demo" version="1.01.00.00"/>' },
        { name: 'sync.xml', content: '<sync pageSize="10"/>' },
      ],
      productCompatible: true,
      preferredProductVersion: '1.01.00.00',
    },
  }),
  row({
    operation: 'PublishPackage',
    soapArgs: { operationId: 'publish-0001', responsibilityId: 'R1', files: [{ name: 'info.xml', content: '<info a="1 & 2"/>' }] },
    request: { operationId: 'publish-0001', responsibilityId: 'R1', files: [{ name: 'info.xml', content: '<info a="1 & 2"/>' }] },
    response: { packageId: 'demo@1.01.00.00', hashValue: 'def', version: '1.01.00.00', structureHash: 'ghi' },
    soapResult: { packageId: 'demo@1.01.00.00', hashValue: 'def', version: '1.01.00.00', structureHash: 'ghi' },
  }),
  row({
    operation: 'ListSites',
    soapArgs: { organization: 'ORG-1', userName: 'ann' },
    request: { organization: 'ORG-1', userName: 'ann' },
    response: {
      sites: [
        {
          siteId: 'S-1',
          userName: 'anna',
          displayName: 'Anna',
          organization: 'ORG-1',
          team: 'East',
          deviceName: 'Laptop 7',
          status: 'active',
          registeredAt: AT,
          lastSyncAt: AT,
          replacementJobId: 'J-1',
        },
      ],
    },
    soapResult: {
      sites: [
        {
          siteId: 'S-1',
          userName: 'anna',
          displayName: 'Anna',
          organization: 'ORG-1',
          team: 'East',
          deviceName: 'Laptop 7',
          status: 'active',
          registeredAt: AT,
          lastSyncAt: AT,
          replacementJobId: 'J-1',
        },
      ],
    },
  }),
  row({
    operation: 'RequestReplacement',
    soapArgs: { siteIds: ['S-1', 'S-2'], operationId: 'op-00000010' },
    request: { siteIds: ['S-1', 'S-2'], operationId: 'op-00000010' },
    response: { jobs: [JOB] },
    soapResult: { jobs: [JOB] },
  }),
  row({
    operation: 'GetReplacement',
    soapArgs: { jobIds: ['J-1'] },
    request: { jobIds: ['J-1'] },
    response: { jobs: [JOB] },
    soapResult: { jobs: [JOB] },
  }),
  row({
    operation: 'RetryReplacementStep',
    soapArgs: { jobId: 'J-1', operationId: 'op-00000011' },
    request: { jobId: 'J-1', operationId: 'op-00000011' },
    response: { job: JOB },
    soapResult: { job: JOB },
  }),
  row({
    operation: 'ClaimReplacement',
    soapArgs: { claimCode: 'ABCD-EFGH', deviceName: 'New laptop', operationId: 'op-00000012' },
    request: { claimCode: 'ABCD-EFGH', deviceName: 'New laptop', operationId: 'op-00000012' },
    response: { jobId: 'J-1', sessionToken: 'tok', expiresAt: AT, userName: 'anna', displayName: 'Anna' },
    soapResult: { jobId: 'J-1', sessionToken: 'tok', expiresAt: AT, userName: 'anna', displayName: 'Anna' },
  }),
  row({
    operation: 'BeginRestore',
    soapArgs: { jobId: 'J-1' },
    request: { jobId: 'J-1' },
    response: {
      granted: true,
      position: 0,
      packageId: 'demo@1.00.00.00',
      responsibilityId: 'R1',
      hashValue: 'h1',
      files: [{ name: 'info.xml', content: '<info/>' }],
      recordCount: 2,
      pageCount: 1,
    },
    soapResult: {
      granted: true,
      position: 0,
      packageId: 'demo@1.00.00.00',
      responsibilityId: 'R1',
      hashValue: 'h1',
      files: [{ name: 'info.xml', content: '<info/>' }],
      recordCount: 2,
      pageCount: 1,
    },
  }),
  row({
    operation: 'GetExtractPage',
    soapArgs: { jobId: 'J-1', page: 0 },
    request: { jobId: 'J-1', page: 0 },
    response: { records: [{ objectType: 'Account', record: { ...EXTRACT_RECORD, fields: { Name: 'Acme & Co' } }, bulkOmitted: true }] },
    soapResult: {
      records: [
        {
          objectType: 'Account',
          record: { ...EXTRACT_RECORD, fields: { field: [{ name: 'Name', value: 'Acme & Co' }] } },
          bulkOmitted: true,
        },
      ],
    },
  }),
  row({
    operation: 'CompleteRestore',
    soapArgs: { jobId: 'J-1', deviceName: 'New laptop', operationId: 'op-00000013' },
    request: { jobId: 'J-1', deviceName: 'New laptop', operationId: 'op-00000013' },
    response: { siteId: 'S-2', databaseId: 'DB-2' },
    soapResult: { siteId: 'S-2', databaseId: 'DB-2' },
  }),
  row({
    operation: 'FinishReplacement',
    soapArgs: { jobId: 'J-1', operationId: 'op-00000014' },
    request: { jobId: 'J-1', operationId: 'op-00000014' },
    response: { job: { jobId: 'J-1', state: 'done' } },
    soapResult: { job: { jobId: 'J-1', state: 'done' } },
  }),
  row({
    operation: 'ListPackages',
    soapArgs: {},
    request: {},
    response: {
      packages: [
        {
          responsibilityId: 'R1',
          revision: 2,
          packageId: 'demo@1.01.00.00',
          version: '1.01.00.00',
          publishedAt: AT,
          publishedBy: 'admin',
          active: true,
        },
      ],
    },
    soapResult: {
      packages: [
        {
          responsibilityId: 'R1',
          revision: 2,
          packageId: 'demo@1.01.00.00',
          version: '1.01.00.00',
          publishedAt: AT,
          publishedBy: 'admin',
          active: true,
        },
      ],
    },
  }),
];

describe('offline round trip through node-soap', () => {
  test('the table covers every operation', () => {
    expect(ROUND_TRIPS.map((r) => r.operation).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  test.each(ROUND_TRIPS.map((r) => [r.operation, r] as const))(
    '%s: node-soap request decodes to the arguments, our response parses back',
    async (_, trip) => {
      const { client, http } = await newClient();
      let decoded: unknown;
      http.answer = (sent) => {
        const { operation, request } = decodeSoapRequest(sent.body, sent.headers['SOAPAction']);
        expect(operation).toBe(trip.operation);
        decoded = request;
        return { status: 200, body: encodeSoapResponse(trip.operation, trip.response) };
      };
      const [result] = await call(client, trip.operation)(trip.soapArgs);
      expect(decoded).toEqual(trip.request);
      expect(result).toEqual(trip.soapResult);
    },
  );

  test('node-soap writes the body element in our namespace with unqualified children', async () => {
    const { client, http } = await newClient();
    http.answer = () => ({ status: 200, body: encodeSoapResponse('DeleteRecord', { rowId: '1-ABC' }) });
    await call(client, 'DeleteRecord')({ operationId: 'op-00000004', objectType: 'Account', rowId: '1-ABC', modNum: 8 });
    const body = http.last().body;
    const prefix = /<(\w+):DeleteRecord>/.exec(body)?.[1];
    expect(prefix).toBeDefined();
    expect(body).toContain(`xmlns:${prefix}="${FIELDBOOK_NS}"`);
    expect(body).toContain('<operationId>op-00000004</operationId>');
    expect(body).not.toMatch(/xmlns="/);
  });

  test('null arguments, which node-soap writes as xsi:nil, read as absent', async () => {
    const { client, http } = await newClient();
    let decoded: unknown;
    http.answer = (sent) => {
      expect(sent.body).toContain('xsi:nil="true"');
      decoded = decodeSoapRequest(sent.body, sent.headers['SOAPAction']).request;
      return { status: 200, body: encodeSoapResponse('GetChangeKeys', { keys: [] }) };
    };
    await call(client, 'GetChangeKeys')({ objectType: 'Account', filter: null, pageToken: null });
    expect(decoded).toEqual({ objectType: 'Account' });
  });

  test('SOAP headers added on the client arrive as session token and database id', async () => {
    const { client, http } = await newClient();
    client.addSoapHeader({ SessionToken: 'tok-1' }, '', 'fb', FIELDBOOK_NS);
    client.addSoapHeader({ DatabaseId: 'DB-9' }, '', 'fb', FIELDBOOK_NS);
    let headers: unknown;
    http.answer = (sent) => {
      headers = decodeSoapRequest(sent.body, sent.headers['SOAPAction']).headers;
      return { status: 200, body: encodeSoapResponse('DeleteRecord', { rowId: '1-ABC' }) };
    };
    await call(client, 'DeleteRecord')({ operationId: 'op-00000004', objectType: 'Account', rowId: '1-ABC', modNum: 8 });
    expect(headers).toEqual({ sessionToken: 'tok-1', databaseId: 'DB-9' });
  });

  test('a fault surfaces as an error whose body carries our code, message and details', async () => {
    const { client, http } = await newClient();
    const fault = new ProtocolError('COLLISION', 'Record 1-ABC was changed on the server', { rowId: '1-ABC', serverModNum: 9 });
    // SOAP 1.1 answers faults with HTTP 500; node-soap still parses the body.
    http.answer = () => ({ status: 500, body: encodeSoapFault(fault) });
    const error = await call(
      client,
      'UpdateRecord',
    )({
      operationId: 'op-00000005',
      objectType: 'Account',
      rowId: '1-ABC',
      modNum: 7,
      fields: { field: [{ name: 'Name', value: 'x' }] },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const root = (error as { root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } } }).root;
    const soapFault = root?.Envelope?.Body?.Fault as {
      faultcode: string;
      faultstring: string;
      detail: { error: { code: string; message: string; details: string } };
    };
    expect(soapFault.faultcode).toBe('soap:Client');
    expect(soapFault.faultstring).toBe(fault.message);
    expect(soapFault.detail.error.code).toBe('COLLISION');
    expect(soapFault.detail.error.message).toBe(fault.message);
    expect(JSON.parse(soapFault.detail.error.details)).toEqual({ rowId: '1-ABC', serverModNum: 9 });
    expect((error as Error).message).toContain('COLLISION');
  });

  test('a server fault carries soap:Server', async () => {
    const { client, http } = await newClient();
    http.answer = () => ({ status: 500, body: encodeSoapFault(new ProtocolError('INTERNAL', 'boom')) });
    const error = await call(
      client,
      'Logout',
    )({}).then(
      () => undefined,
      (e: unknown) => e as { root?: { Envelope?: { Body?: { Fault?: { faultcode?: string; detail?: { error?: { code?: string } } } } } } },
    );
    expect(error?.root?.Envelope?.Body?.Fault?.faultcode).toBe('soap:Server');
    expect(error?.root?.Envelope?.Body?.Fault?.detail?.error?.code).toBe('INTERNAL');
  });
});
