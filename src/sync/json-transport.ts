import { isErrorCode, ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../protocol/index.js';
import type { CallContext, FetchLike, Transport } from './transport.js';

/** The JSON encoding: POST /api/<Operation>. */
export class JsonTransport implements Transport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context.sessionToken) headers['authorization'] = `Bearer ${context.sessionToken}`;
    if (context.databaseId) headers['x-database-id'] = context.databaseId;
    let status: number;
    let text: string;
    try {
      const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/api/${operation}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      throw new ProtocolError(
        'CONNECTIVITY',
        'The gateway could not be reached. Check the network connection and try again.',
        { operation },
        { cause: error },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new ProtocolError(
        'CONNECTIVITY',
        `The gateway answered something that is not JSON (HTTP ${status}).`,
        { operation, status },
        { cause: error },
      );
    }
    const maybeError = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (status >= 400 || maybeError) {
      const code = isErrorCode(maybeError?.code) ? maybeError.code : 'INTERNAL';
      throw new ProtocolError(
        code,
        typeof maybeError?.message === 'string' ? maybeError.message : `HTTP ${status}`,
        (maybeError?.details ?? undefined) as Record<string, unknown> | undefined,
      );
    }
    return body as ResponseOf<N>;
  }
}
