import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../protocol/index.js';
import type { CallContext, Transport } from '../../sync/index.js';

/** What the last call showed of the gateway: it answered (an error answer too), it did not, or no call since. */
export type Reachability = 'unknown' | 'reachable' | 'unreachable';

/**
 * The pane's transport, watching every call (the engine's and the pane's own) for
 * whether the gateway answered: a response or the gateway's own refusal means it
 * is there; CONNECTIVITY (no answer, none in time, a garbled one) means it is
 * not. A cancelled call tells nothing. The header shows this, not just
 * navigator.onLine, which stays true while the gateway is down.
 */
export class ReachabilityTransport implements Transport {
  private readonly state = new BehaviorSubject<Reachability>('unknown');
  readonly reachability$: Observable<Reachability> = this.state.pipe(distinctUntilChanged());

  constructor(private readonly inner: Transport) {}

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    try {
      const response = await this.inner.call(operation, request, context);
      this.state.next('reachable');
      return response;
    } catch (error) {
      if (error instanceof ProtocolError && error.code !== 'CANCELLED')
        this.state.next(error.code === 'CONNECTIVITY' ? 'unreachable' : 'reachable');
      throw error;
    }
  }

  /** The network came back: what the gateway showed before no longer holds until the next call. */
  forget(): void {
    this.state.next('unknown');
  }
}
