import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import type { CallContext, Transport } from '../../src/sync/index.js';

const UPLOADS: ReadonlySet<OperationName> = new Set<OperationName>(['InsertRecord', 'UpdateRecord', 'DeleteRecord', 'ApplyChanges']);

/**
 * Like FaultyTransport, but counting only uploads (ApplyChanges batches, and
 * InsertRecord, UpdateRecord, DeleteRecord where a sync falls back to single
 * requests): drops the connection at the k-th one, 'before' the request
 * reaches the gateway or 'after' it answered. Those are the calls where a lost
 * answer could write twice or lose a change; `hit` names the call that failed.
 */
export class UploadFaults implements Transport {
  uploads = 0;
  failAt: number | null = null;
  mode: 'before' | 'after' = 'before';
  hit: OperationName | null = null;
  constructor(private readonly inner: Transport) {}

  /** Arms the fault for the next sync. */
  arm(failAt: number, mode: 'before' | 'after'): void {
    this.uploads = 0;
    this.failAt = failAt;
    this.mode = mode;
    this.hit = null;
  }

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    if (!UPLOADS.has(operation)) return this.inner.call(operation, request, context);
    this.uploads += 1;
    const fail = this.uploads === this.failAt;
    if (fail) this.hit = operation;
    if (fail && this.mode === 'before') throw new ProtocolError('CONNECTIVITY', `injected: connection dropped before ${operation}`);
    const response = await this.inner.call(operation, request, context);
    if (fail) throw new ProtocolError('CONNECTIVITY', `injected: answer to ${operation} lost`);
    return response;
  }
}
