import {
  decodeSoapResponse,
  encodeSoapRequest,
  isErrorCode,
  ProtocolError,
  type ChangeKey,
  type FilterExpr,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../../src/protocol/index.js';

export type Encoding = 'json' | 'soap';
/**
 * The encodings a suite runs over: both on the embedded database; JSON only in the suite's
 * PostgreSQL run (use-postgres.ts), where the encodings would meet in the same dispatch above
 * the same database twice (SOAP against PostgreSQL stays in soap-client.test.ts). Keeps the
 * whole suite's time down.
 */
export const ENCODINGS: readonly Encoding[] = process.env['FIELDBOOK_TEST_ENGINE'] === 'postgres' ? ['json'] : ['json', 'soap'];

export interface Session {
  sessionToken?: string;
  databaseId?: string;
}

export interface CallFailure {
  error: ProtocolError;
  httpStatus: number;
}

/**
 * A minimal client for tests: the same operation over real HTTP in either
 * encoding. Failures come back as ProtocolError with the HTTP status, so one
 * test body can assert both encodings.
 */
export class GatewayClient {
  constructor(
    readonly baseUrl: string,
    readonly encoding: Encoding,
    public session: Session = {},
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    const result = await this.attempt(operation, request);
    if ('error' in result) throw result.error;
    return result.response;
  }

  async fail<N extends OperationName>(operation: N, request: unknown): Promise<CallFailure> {
    const result = await this.attempt(operation, request as RequestOf<N>);
    if ('error' in result) return result;
    throw new Error(`${operation} was expected to fail but answered ${JSON.stringify(result.response)}`);
  }

  async attempt<N extends OperationName>(
    operation: N,
    request: RequestOf<N>,
  ): Promise<{ response: ResponseOf<N>; httpStatus: number } | CallFailure> {
    if (this.encoding === 'json') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (this.session.sessionToken) headers['authorization'] = `Bearer ${this.session.sessionToken}`;
      if (this.session.databaseId) headers['x-database-id'] = this.session.databaseId;
      const res = await fetch(`${this.baseUrl}/api/${operation}`, { method: 'POST', headers, body: JSON.stringify(request) });
      return readJson<N>(res);
    }
    const res = await fetch(`${this.baseUrl}/soap`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
      body: encodeSoapRequest(operation, request, this.session),
    });
    return readSoap(operation, res);
  }

  /** Every change key of an object type under a filter, following page tokens to the end. */
  async allChangeKeys(objectType: string, pageSize: number, filter?: FilterExpr): Promise<ChangeKey[]> {
    const keys: ChangeKey[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.call('GetChangeKeys', {
        objectType,
        pageSize,
        ...(filter ? { filter } : {}),
        ...(pageToken ? { pageToken } : {}),
      });
      keys.push(...page.keys);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return keys;
  }

  async login(userName: string, password = 'demo'): Promise<ResponseOf<'Login'>> {
    const response = await this.call('Login', { userName, password });
    this.session = { sessionToken: response.sessionToken };
    return response;
  }
}

/** A JSON client of the gateway at `url`, signed in as `userName` (demo password): the CRM side of an e2e test. */
export async function signedInClient(url: string, userName: string): Promise<GatewayClient> {
  const client = new GatewayClient(url, 'json');
  await client.login(userName);
  return client;
}

export async function readJson<N extends OperationName>(
  res: Response,
): Promise<{ response: ResponseOf<N>; httpStatus: number } | CallFailure> {
  const body = (await res.json()) as { error?: { code?: unknown; message?: string; details?: Record<string, unknown> } };
  if (res.ok) return { response: body as ResponseOf<N>, httpStatus: res.status };
  const code = body.error?.code;
  return {
    error: new ProtocolError(isErrorCode(code) ? code : 'INTERNAL', body.error?.message ?? 'no message', body.error?.details),
    httpStatus: res.status,
  };
}

export async function readSoap<N extends OperationName>(
  operation: N,
  res: Response,
): Promise<{ response: ResponseOf<N>; httpStatus: number } | CallFailure> {
  const text = await res.text();
  try {
    return { response: decodeSoapResponse(operation, text), httpStatus: res.status };
  } catch (error) {
    if (error instanceof ProtocolError) return { error, httpStatus: res.status };
    throw error;
  }
}

/** Posts raw bytes to an endpoint and reads the error the gateway answers, in the endpoint's encoding. */
export async function postRaw(url: string, body: string, headers: Record<string, string>): Promise<CallFailure & { raw: string }> {
  const res = await fetch(url, { method: 'POST', headers, body });
  const raw = await res.text();
  if (url.includes('/soap')) {
    try {
      decodeSoapResponse('Login', raw);
    } catch (error) {
      if (error instanceof ProtocolError) return { error, httpStatus: res.status, raw };
      throw error;
    }
    throw new Error(`expected a SOAP fault, got ${raw.slice(0, 200)}`);
  }
  const parsed = JSON.parse(raw) as { error?: { code?: unknown; message?: string; details?: Record<string, unknown> } };
  const code = parsed.error?.code;
  if (!isErrorCode(code)) throw new Error(`expected a JSON error, got ${raw.slice(0, 200)}`);
  return { error: new ProtocolError(code, parsed.error?.message ?? '', parsed.error?.details), httpStatus: res.status, raw };
}
