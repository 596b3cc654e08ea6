import type { OperationName, RequestOf, ResponseOf } from '../../src/protocol/index.js';
import type { LocalStore } from '../../src/store/index.js';
import type { CallContext, Transport } from '../../src/sync/index.js';

/** Store members that are not calls the engine awaits. */
const NOT_AWAIT_POINTS = new Set<PropertyKey>(['databaseName', 'watchChanges', 'close']);

/**
 * Runs something of the test's (a rep's edit) at the k-th await point of the code
 * under test: right after its k-th store call has finished and before the code goes
 * on, or while its k-th transport call is in flight. That is where the pane's own
 * work runs on the same thread during a sync. Counts either way, so an unarmed run
 * tells how many points there are.
 */
export class Interleaver {
  points = 0;
  armedAt: number | null = null;
  /** Where the action ran, e.g. "store.updateRecords #12". */
  hit: string | null = null;

  /** What runs at the armed point; set it once the thing it works on exists. */
  constructor(public action: () => Promise<void> = () => Promise.resolve()) {}

  arm(at: number): void {
    this.points = 0;
    this.armedAt = at;
    this.hit = null;
  }

  disarm(): void {
    this.armedAt = null;
  }

  wrapStore(store: LocalStore): LocalStore {
    return new Proxy(store, {
      get: (target, property, receiver) => {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || NOT_AWAIT_POINTS.has(property)) return value;
        return async (...args: unknown[]) => {
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          await this.point(`store.${String(property)}`);
          return result;
        };
      },
    });
  }

  wrapTransport(inner: Transport): Transport {
    return {
      call: async <N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> => {
        const answer = inner.call(operation, request, context);
        answer.catch(() => undefined); // handled by the caller, after the point
        await this.point(`transport.${operation}`);
        return answer;
      },
    };
  }

  private async point(where: string): Promise<void> {
    this.points += 1;
    if (this.points !== this.armedAt) return;
    this.hit = `${where} #${this.points}`;
    await this.action();
  }
}
