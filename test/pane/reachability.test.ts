import { firstValueFrom } from 'rxjs';
import { ProtocolError, type OperationName, type ResponseOf } from '../../src/protocol/index.js';
import type { Transport } from '../../src/sync/index.js';
import { connectionState } from '../../src/taskpane/services/connection-state.js';
import { ReachabilityTransport, type Reachability } from '../../src/taskpane/services/reachability-transport.js';

/** A transport whose next call answers or fails as the test says. */
function scripted(outcome: () => unknown): Transport {
  return {
    call<N extends OperationName>(): Promise<ResponseOf<N>> {
      const value = outcome();
      return value instanceof Error ? Promise.reject(value) : Promise.resolve(value as ResponseOf<N>);
    },
  };
}

describe('whether the gateway answered last', () => {
  test.each<{ name: string; outcome: unknown; after: Reachability }>([
    { name: 'an answer', outcome: {}, after: 'reachable' },
    { name: "the gateway's refusal", outcome: new ProtocolError('UNAUTHENTICATED', 'expired'), after: 'reachable' },
    { name: "the gateway's own failure", outcome: new ProtocolError('INTERNAL', 'oops'), after: 'reachable' },
    {
      name: 'no answer (or none in time, or a garbled one)',
      outcome: new ProtocolError('CONNECTIVITY', 'timed out'),
      after: 'unreachable',
    },
  ])('$name → $after', async ({ outcome, after }) => {
    const transport = new ReachabilityTransport(scripted(() => outcome));
    await transport.call('Logout', {}, {}).catch(() => undefined);
    expect(await firstValueFrom(transport.reachability$)).toBe(after);
  });

  test('a cancelled call tells nothing; forget() makes it unknown again', async () => {
    let next: unknown = new ProtocolError('CONNECTIVITY', 'down');
    const transport = new ReachabilityTransport(scripted(() => next));
    await transport.call('Logout', {}, {}).catch(() => undefined);
    next = new ProtocolError('CANCELLED', 'cancelled');
    await transport.call('Logout', {}, {}).catch(() => undefined);
    expect(await firstValueFrom(transport.reachability$)).toBe('unreachable');
    transport.forget();
    expect(await firstValueFrom(transport.reachability$)).toBe('unknown');
  });

  test('errors pass through unchanged', async () => {
    const refusal = new ProtocolError('FORBIDDEN', 'no');
    await expect(new ReachabilityTransport(scripted(() => refusal)).call('Logout', {}, {})).rejects.toBe(refusal);
  });

  test.each<[boolean, Reachability, string]>([
    [false, 'reachable', 'offline'],
    [false, 'unreachable', 'offline'],
    [true, 'unknown', 'online'],
    [true, 'reachable', 'online'],
    [true, 'unreachable', 'gatewayUnreachable'],
  ])('browser online %s, gateway %s → %s', (browser, gateway, shown) => {
    expect(connectionState(browser, gateway)).toBe(shown);
  });
});
