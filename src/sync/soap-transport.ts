import {
  decodeSoapResponse,
  encodeSoapRequest,
  ProtocolError,
  type OperationName,
  type RequestOf,
  type ResponseOf,
} from '../protocol/index.js';
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
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    let text: string;
    try {
      const res = await this.fetchFn(`${this.baseUrl.replace(/\/+$/, '')}/soap`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
        body: encodeSoapRequest(operation, request, context),
      });
      text = await res.text();
    } catch (error) {
      throw new ProtocolError(
        'CONNECTIVITY',
        'The gateway could not be reached. Check the network connection and try again.',
        { operation },
        { cause: error },
      );
    }
    return decodeSoapResponse(operation, text);
  }
}
