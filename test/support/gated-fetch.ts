import type { OperationName } from '../../src/protocol/index.js';
import type { FetchLike } from '../../src/sync/index.js';

type Init = Parameters<FetchLike>[1];

/** Which operation a request of either encoding calls: /api/<Operation>, or the SOAPAction header. */
export function operationOf(url: string, init: Init): string {
  const soapAction = init.headers['soapaction'];
  return soapAction ? soapAction.replace(/"/g, '') : (url.split('/api/')[1] ?? '');
}

/**
 * The real network, with a gate the test controls: calls of `hangOn` reach no
 * gateway and are never answered (an abort is not noticed either: the transport
 * must end the call itself), and `rewrite` may replace the real answer of an
 * operation after the gateway applied it.
 */
export class GatedFetch {
  hangOn: OperationName | null = null;
  rewrite: { readonly operation: OperationName; readonly answer: (real: string) => string } | null = null;
  /** The abort signals of the calls left hanging, in order. */
  readonly hung: (AbortSignal | undefined)[] = [];
  private waiting: (() => void)[] = [];

  readonly fetch: FetchLike = async (url, init) => {
    const operation = operationOf(url, init);
    if (operation === this.hangOn) {
      this.hung.push(init.signal);
      for (const wake of this.waiting.splice(0)) wake();
      return new Promise(() => undefined);
    }
    const res = await fetch(url, init);
    const rewrite = this.rewrite;
    if (!rewrite || rewrite.operation !== operation) return res;
    const text = rewrite.answer(await res.text());
    return { ok: res.ok, status: res.status, text: () => Promise.resolve(text) };
  };

  /** Resolves once a call is hanging (its deadline timer is set by then). */
  untilHanging(): Promise<void> {
    return this.hung.length > 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
