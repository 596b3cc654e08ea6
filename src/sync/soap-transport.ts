import {
  decodeSoapResponse,
  encodeSoapRequest,
  ProtocolError,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../protocol/index.js';
import { answerMismatch } from './answer-mismatch.js';
import { callWithDeadline, type TransportOptions } from './call-with-deadline.js';
import type { CallContext, FetchLike, Transport } from './transport.js';

/**
 * The SOAP 1.1 encoding: POST /soap with SOAPAction. Record field values arrive
 * as text; the engine types them through the package's field definitions, so both
 * transports leave identical data in the store.
 */
export class SoapTransport implements Transport {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike = (url, init) => fetch(url, init),
    private readonly options: TransportOptions = {},
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    // Outside the exchange: a request the encoder refuses (text XML cannot carry) is the
    // request's own fault, INVALID_REQUEST, not a connection that failed.
    const body = encodeSoapRequest(operation, request, context);
    const text = await callWithDeadline(operation, context, this.options, async (signal) => {
      try {
        const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/soap`, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
          body,
          signal,
        });
        return await res.text();
      } catch (error) {
        throw new ProtocolError(
          'CONNECTIVITY',
          'The gateway could not be reached. Check the network connection and try again.',
          { operation },
          { cause: error },
        );
      }
    });
    try {
      return decodeSoapResponse(operation, text);
    } catch (error) {
      // The codec calls a body that does not match the schema INTERNAL (its cause is the
      // schema check's error; a gateway fault has none). To the engine it is what it is in
      // JSON: no usable answer, so the pending operation id is kept (answer-mismatch.ts).
      if (error instanceof ProtocolError && error.code === 'INTERNAL' && error.cause instanceof ProtocolError) {
        throw answerMismatch(operation, error.cause);
      }
      throw error;
    }
  }
}
