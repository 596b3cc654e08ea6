import { encodeSoapFault, encodeSoapResponse, ProtocolError, type OperationName, type RequestOf } from '../../src/protocol/index.js';
import { JsonTransport, SoapTransport, type FetchLike } from '../../src/sync/index.js';

/**
 * No answer is trusted unchecked: the JSON transport holds every answer against
 * the operation's response schema (as the SOAP codec does). One that does not
 * match is CONNECTIVITY (no usable answer; see src/sync/answer-mismatch.ts for
 * why not INTERNAL) with a message naming the operation and what was wrong.
 */
function answering(status: number, text: string): FetchLike {
  return () => Promise.resolve({ ok: status < 400, status, text: () => Promise.resolve(text) });
}

const AT = '2026-03-01T10:00:00.000Z';

interface BadAnswer {
  readonly operation: OperationName;
  readonly request: RequestOf<OperationName>;
  readonly status: number;
  readonly body: string;
  /** What the message must say was wrong. */
  readonly problem: string | RegExp;
}

const BAD_ANSWERS: readonly BadAnswer[] = [
  {
    operation: 'Login',
    request: { userName: 'alice', password: 'demo' },
    status: 200,
    body: JSON.stringify({
      sessionToken: 42,
      expiresAt: AT,
      userId: 'u',
      userName: 'alice',
      displayName: 'A',
      responsibilityId: 'R',
      visibility: 'personal',
      isAdmin: false,
    }),
    problem: 'LoginResponse.sessionToken: expected text, got number 42',
  },
  {
    operation: 'GetChangeKeys',
    request: { objectType: 'Account' },
    status: 200,
    body: JSON.stringify({ keys: [{ rowId: '1-A' }] }),
    problem: 'GetChangeKeysResponse.keys[0]: missing required field "lastUpd"',
  },
  {
    operation: 'QueryRecords',
    request: { objectType: 'Account', rowIds: ['1-A'] },
    status: 200,
    body: JSON.stringify({ records: 'none', notFound: [] }),
    problem: 'QueryRecordsResponse.records: expected a list',
  },
  {
    operation: 'QueryRecords',
    request: { objectType: 'Account', rowIds: ['1-A', '1-B'] },
    status: 200,
    body: JSON.stringify({
      records: [
        { rowId: '1-A', lastUpd: AT, modNum: 1, owner: 'alice', updatedBy: 'alice', fields: { Name: 'A' } },
        { rowId: '1-B', lastUpd: AT, modNum: 'two', owner: 'alice', updatedBy: 'alice', fields: { Name: { nested: true } } },
      ],
      notFound: [],
    }),
    problem: /QueryRecordsResponse\.records\[1\]\.modNum: expected a whole number, got "two" \(and 1 more\)/,
  },
  {
    operation: 'InsertRecord',
    request: { operationId: 'op-12345678', objectType: 'Account', fields: { Name: 'A' } },
    status: 200,
    body: JSON.stringify({ rowId: '1-X', lastUpd: 'yesterday at ten o clock', modNum: 1 }),
    problem: 'InsertRecordResponse.lastUpd: must be a UTC timestamp with milliseconds',
  },
  {
    operation: 'UpdateRecord',
    request: { operationId: 'op-12345678', objectType: 'Account', rowId: '1-X', modNum: 1, fields: { Name: 'B' } },
    status: 200,
    body: JSON.stringify({ rowId: '1-X', lastUpd: AT }),
    problem: 'UpdateRecordResponse: missing required field "modNum"',
  },
  {
    operation: 'DownloadMetadataFiles',
    request: {},
    status: 200,
    body: JSON.stringify({ containsFiles: 'yes', packageId: 'P', responsibilityId: 'R', hashValue: 'h' }),
    problem: 'DownloadMetadataFilesResponse.containsFiles: expected true or false',
  },
  {
    operation: 'EstimateCount',
    request: { objectType: 'Account' },
    status: 200,
    body: 'null',
    problem: 'EstimateCountResponse: expected an object, got null',
  },
  {
    operation: 'RegisterSite',
    request: { deviceName: 'laptop' },
    status: 200,
    body: '<!DOCTYPE html><html><body>Sign in to the guest network</body></html>',
    problem: 'is not JSON (HTTP 200, beginning "<!DOCTYPE html><html><body>Sign in to th…")',
  },
  {
    operation: 'DeleteRecord',
    request: { operationId: 'op-12345678', objectType: 'Account', rowId: '1-X', modNum: 1 },
    status: 504,
    body: JSON.stringify({ message: 'upstream timed out' }),
    problem: 'is HTTP 504 without an error of the contract',
  },
];

describe('the JSON transport checks every answer against the contract', () => {
  test.each(BAD_ANSWERS)('$operation answering $body is CONNECTIVITY naming the operation and the problem', async (bad) => {
    const transport = new JsonTransport('http://gw.test', answering(bad.status, bad.body));
    const error = await transport.call(bad.operation, bad.request, {}).then(
      (answer) => answer,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'CONNECTIVITY', details: { operation: bad.operation } });
    const message = (error as Error).message;
    expect(message).toContain(bad.operation);
    if (typeof bad.problem === 'string') expect(message).toContain(bad.problem);
    else expect(message).toMatch(bad.problem);
  });

  test('a well-formed answer comes back as the contract types it', async () => {
    const keys = { keys: [{ rowId: '1-A', lastUpd: AT }], nextPageToken: 'p2' };
    const transport = new JsonTransport('http://gw.test', answering(200, JSON.stringify(keys)));
    await expect(transport.call('GetChangeKeys', { objectType: 'Account' }, {})).resolves.toEqual(keys);
  });

  test.each([
    { status: 409, code: 'COLLISION' },
    { status: 500, code: 'INTERNAL' },
    { status: 401, code: 'UNAUTHENTICATED' },
  ])("the gateway's own $code refusal keeps its code", async ({ status, code }) => {
    const transport = new JsonTransport('http://gw.test', answering(status, JSON.stringify({ error: { code, message: 'refused' } })));
    await expect(transport.call('Logout', {}, {})).rejects.toMatchObject({ code, message: 'refused' });
  });
});

describe('the SOAP transport treats a body that breaks the contract the same way', () => {
  test('a wrong type is CONNECTIVITY naming the operation and the problem', async () => {
    const body = encodeSoapResponse('EstimateCount', { count: 7 }).replace('>7<', '>seven<');
    const transport = new SoapTransport('http://gw.test', answering(200, body));
    const error = await transport.call('EstimateCount', { objectType: 'Account' }, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTIVITY', details: { operation: 'EstimateCount' } });
    expect((error as Error).message).toMatch(/EstimateCount.*count: expected a whole number, got "seven"/);
  });

  test.each(['COLLISION', 'INTERNAL'] as const)("the gateway's %s fault keeps its code", async (code) => {
    const transport = new SoapTransport('http://gw.test', answering(500, encodeSoapFault(new ProtocolError(code, 'refused'))));
    await expect(transport.call('Logout', {}, {})).rejects.toMatchObject({ code, message: 'refused' });
  });
});

describe('a request XML cannot carry', () => {
  test('is refused by the SOAP transport as the request it is (INVALID_REQUEST), before anything is sent', async () => {
    let sent = 0;
    const transport = new SoapTransport('http://gw.test', () => {
      sent += 1;
      return Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve('') });
    });
    const error = await transport
      .call('InsertRecord', { operationId: 'op-0000001', objectType: 'Account', fields: { Name: 'a\u0000b' } }, {})
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(sent).toBe(0);
  });
});
