import { encodeSoapResponse, ProtocolError } from '../../src/protocol/index.js';
import { JsonTransport, SoapTransport, type FetchLike, type Transport, type TransportOptions } from '../../src/sync/index.js';
import { manualTimers } from '../support/manual-timers.js';

/**
 * No call waits for ever: every call has a deadline (the transport's, or the
 * caller's), and the caller's cancel signal aborts the request in flight. Time is
 * moved by manual timers; nothing here waits for real.
 */
type Encoding = 'json' | 'soap';

function transportOf(encoding: Encoding, fetchFn: FetchLike, options: TransportOptions): Transport {
  return encoding === 'json'
    ? new JsonTransport('http://gw.test', fetchFn, options)
    : new SoapTransport('http://gw.test', fetchFn, options);
}

/** A gateway that takes every request and never answers (nor notices an abort). */
function silentGateway() {
  const signals: (AbortSignal | undefined)[] = [];
  const fetchFn: FetchLike = (_url, init) => {
    signals.push(init.signal);
    return new Promise(() => undefined);
  };
  return { fetchFn, signals };
}

/** The outcome of a call, readable before it settles. */
function watch(call: Promise<unknown>) {
  const state: { settled: boolean; error: unknown } = { settled: false, error: undefined };
  const done = call.then(
    () => {
      state.settled = true;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return { state, done };
}

describe.each<Encoding>(['json', 'soap'])('the %s transport', (encoding) => {
  test('a call the gateway never answers fails after 60 s with CONNECTIVITY, naming the operation and the limit, and aborts the request', async () => {
    const clock = manualTimers();
    const gateway = silentGateway();
    const transport = transportOf(encoding, gateway.fetchFn, { timers: clock.timers });
    const call = watch(transport.call('GetChangeKeys', { objectType: 'Account' }, { sessionToken: 't' }));
    await clock.advance(59_999);
    expect(call.state.settled).toBe(false);
    await clock.advance(1);
    await call.done;
    expect(call.state.error).toBeInstanceOf(ProtocolError);
    expect(call.state.error).toMatchObject({ code: 'CONNECTIVITY', details: { operation: 'GetChangeKeys', timeoutMs: 60_000 } });
    expect((call.state.error as Error).message).toMatch(/^GetChangeKeys timed out after 60 s/);
    expect(gateway.signals[0]?.aborted).toBe(true);
  });

  test('a body that stops arriving counts against the same deadline', async () => {
    const clock = manualTimers();
    const fetchFn: FetchLike = () => Promise.resolve({ ok: true, status: 200, text: () => new Promise<string>(() => undefined) });
    const call = watch(
      transportOf(encoding, fetchFn, { timers: clock.timers }).call('QueryRecords', { objectType: 'Account', rowIds: ['1-A'] }, {}),
    );
    await clock.advance(60_000);
    await call.done;
    expect(call.state.error).toMatchObject({ code: 'CONNECTIVITY', details: { operation: 'QueryRecords' } });
  });

  test.each([
    { name: 'the default', options: {}, context: {}, limit: 60_000, words: '60 s' },
    { name: "the transport's own limit", options: { timeoutMs: 5_000 }, context: {}, limit: 5_000, words: '5 s' },
    {
      name: "the call's limit before the transport's",
      options: { timeoutMs: 5_000 },
      context: { timeoutMs: 1_500 },
      limit: 1_500,
      words: '1.5 s',
    },
  ])('the deadline is $name', async ({ options, context, limit, words }) => {
    const clock = manualTimers();
    const transport = transportOf(encoding, silentGateway().fetchFn, { ...options, timers: clock.timers });
    const call = watch(transport.call('EstimateCount', { objectType: 'Contact' }, context));
    await clock.advance(limit - 1);
    expect(call.state.settled).toBe(false);
    await clock.advance(1);
    await call.done;
    expect((call.state.error as Error).message).toContain(`timed out after ${words}`);
  });

  test('cancelling aborts the request in flight: CANCELLED, not CONNECTIVITY, and no timer is left behind', async () => {
    const clock = manualTimers();
    const gateway = silentGateway();
    const controller = new AbortController();
    const call = watch(transportOf(encoding, gateway.fetchFn, { timers: clock.timers }).call('Logout', {}, { signal: controller.signal }));
    await clock.advance(10_000);
    controller.abort();
    await call.done;
    expect(call.state.error).toMatchObject({ code: 'CANCELLED', details: { operation: 'Logout' } });
    expect(gateway.signals[0]?.aborted).toBe(true);
    expect(clock.pendingCount()).toBe(0);
  });

  test('a call cancelled before it starts sends nothing', async () => {
    const gateway = silentGateway();
    const controller = new AbortController();
    controller.abort();
    await expect(transportOf(encoding, gateway.fetchFn, {}).call('Logout', {}, { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(gateway.signals).toHaveLength(0);
  });

  test('an answer in time is returned and its timer cleared', async () => {
    const clock = manualTimers();
    const text = encoding === 'json' ? JSON.stringify({ count: 7 }) : encodeSoapResponse('EstimateCount', { count: 7 });
    const fetchFn: FetchLike = () => Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(text) });
    await expect(
      transportOf(encoding, fetchFn, { timers: clock.timers }).call('EstimateCount', { objectType: 'Account' }, {}),
    ).resolves.toEqual({
      count: 7,
    });
    expect(clock.pendingCount()).toBe(0);
  });
});
