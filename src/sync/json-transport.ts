import {
  decodeValue,
  isErrorCode,
  OPERATIONS,
  ProtocolError,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../protocol/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { callWithDeadline, type TransportOptions } from './call-with-deadline.js';
import type { CallContext, FetchLike, Transport } from './transport.js';

/**
 * The JSON encoding: POST /api/<Operation>. Every answer is checked against the
 * operation's response schema before anyone sees it, as the SOAP codec does.
 */
export class JsonTransport implements Transport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
    private readonly options: TransportOptions = {},
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context.sessionToken) headers['authorization'] = `Bearer ${context.sessionToken}`;
    if (context.databaseId) headers['x-database-id'] = context.databaseId;
    const { status, text } = await callWithDeadline(operation, context, this.options, async (signal) => {
      try {
        const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/api/${operation}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(request),
          signal,
        });
        return { status: res.status, text: await res.text() };
      } catch (error) {
        throw new ProtocolError(
          'CONNECTIVITY',
          'The gateway could not be reached. Check the network connection and try again.',
          { operation },
          { cause: error },
        );
      }
    });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      // A proxy's or captive portal's page, or a cut-off body: no usable answer.
      throw new ProtocolError(
        'CONNECTIVITY',
        `The gateway's answer to ${operation} is not JSON (HTTP ${status}, beginning "${excerpt(text)}").`,
        { operation, status },
        { cause: error },
      );
    }
    const maybeError = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (typeof maybeError === 'object' && maybeError !== null) {
      // The gateway's own refusal (a code from a newer gateway reads as INTERNAL).
      const code = isErrorCode(maybeError.code) ? maybeError.code : 'INTERNAL';
      throw new ProtocolError(
        code,
        typeof maybeError.message === 'string' ? maybeError.message : `HTTP ${status}`,
        (maybeError.details ?? undefined) as Record<string, unknown> | undefined,
      );
    }
    if (status >= 400) {
      // An error status without the gateway's error body comes from something in between
      // (a proxy's 502 or 504): whether the request was applied is unknown.
      throw new ProtocolError('CONNECTIVITY', `The gateway's answer to ${operation} is HTTP ${status} without an error of the contract.`, {
        operation,
        status,
      });
    }
    return decodeAnswer(operation, body);
  }
}

/** The answer as the contract types it; anything else is no usable answer (answer-mismatch.ts). */
function decodeAnswer<N extends OperationName>(operation: N, body: unknown): ResponseOf<N> {
  try {
    return decodeValue(OPERATIONS[operation].response, body, 'json', `${operation}Response`) as ResponseOf<N>;
  } catch (error) {
    throw answerMismatch(operation, error);
  }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}
