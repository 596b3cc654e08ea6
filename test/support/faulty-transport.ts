import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import type { CallContext, Transport } from '../../src/sync/index.js';

/**
 * Drops the connection at the k-th call: 'before' the request reaches the
 * gateway, or 'after' the gateway answered (the answer is lost). Counts calls
 * either way, so a fault-free run tells how many k there are.
 */
export class FaultyTransport implements Transport {
  calls = 0;
  readonly log: string[] = [];
  constructor(
    private readonly inner: Transport,
    public failAt: number | null = null,
    public mode: 'before' | 'after' = 'before',
  ) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    this.calls += 1;
    this.log.push(operation);
    const fail = this.calls === this.failAt;
    if (fail && this.mode === 'before') throw new ProtocolError('CONNECTIVITY', `injected: connection dropped before ${operation}`);
    const response = await this.inner.call(operation, request, context);
    if (fail) throw new ProtocolError('CONNECTIVITY', `injected: answer to ${operation} lost`);
    return response;
  }
}
