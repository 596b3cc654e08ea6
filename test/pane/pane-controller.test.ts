import 'fake-indexeddb/auto';
import { filter, firstValueFrom, skip } from 'rxjs';
import { ProtocolError, type OperationName, type ResponseOf } from '../../src/protocol/index.js';
import type { Transport } from '../../src/sync/index.js';
import type { ConnectionState } from '../../src/taskpane/services/connection-state.js';
import { PaneController } from '../../src/taskpane/services/pane-controller.js';
import type { PaneLogin } from '../../src/taskpane/services/pane-login.js';
import { PaneSession } from '../../src/taskpane/services/pane-session.js';
import { RememberedLogin, type KeyValueStorage } from '../../src/taskpane/services/remembered-login.js';
import { manualOnline } from '../support/manual-online.js';
import { manualTimers } from '../support/manual-timers.js';

/**
 * The pane resumes by itself: at start and when the browser comes back online, a
 * sync that was interrupted (or is due) runs without the rep; and its connection
 * state says whether the gateway answered, not only what navigator.onLine says.
 * The gateway is a scripted transport; the online signal and the timers are the
 * test's.
 */
const NOW = Date.parse('2026-11-21T09:00:00.000Z');
let seq = 0;

/** A gateway that is down (no answer), or up but refusing (it answered). */
class ScriptedGateway implements Transport {
  mode: 'down' | 'refusing' = 'down';
  readonly calls: string[] = [];
  call<N extends OperationName>(operation: N): Promise<ResponseOf<N>> {
    this.calls.push(operation);
    return Promise.reject(
      this.mode === 'down'
        ? new ProtocolError('CONNECTIVITY', 'The gateway could not be reached.')
        : new ProtocolError('FORBIDDEN', 'Not today'),
    );
  }
}

const memory = (): KeyValueStorage => {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
};
const noDevice = { read: () => Promise.resolve(null), save: () => Promise.resolve() };

async function setUp(options: { online: boolean; interrupted: boolean; sessionToken?: string | null }) {
  const login: PaneLogin = {
    gatewayUrl: 'http://gw.test',
    userName: `resume-${++seq}`,
    displayName: 'Resuming Rep',
    isAdmin: false,
    sessionToken: options.sessionToken === undefined ? 'token-1' : options.sessionToken,
    expiresAt: null,
    remember: false,
  };
  const gateway = new ScriptedGateway();
  const session = await PaneSession.open(login, 'test device', gateway);
  await session.store.updateSettings({ lastSyncAt: NOW - 5 * 60_000 });
  if (options.interrupted) await session.store.setCheckpoint({ syncId: 'interrupted', startedAt: NOW - 60_000, completed: [] });
  const online = manualOnline(options.online);
  const clock = manualTimers();
  const controller = new PaneController(session, new RememberedLogin(noDevice, memory()), { online, timers: clock.timers, now: () => NOW });
  const states: ConnectionState[] = [];
  const subscription = controller.connection$.subscribe((state) => states.push(state));
  /** The end of the next sync (status$ replays the current status first). */
  const syncEnded = () =>
    firstValueFrom(
      session.engine.status$.pipe(
        skip(1),
        filter((s) => s.phase !== 'idle' && s.phase !== 'syncing'),
      ),
    );
  const close = async () => {
    subscription.unsubscribe();
    controller.dispose();
    await session.close();
  };
  return { session, gateway, online, clock, controller, states, syncEnded, close };
}

const last = <T>(values: readonly T[]): T | undefined => values[values.length - 1];

test('an interrupted sync runs by itself when the pane starts online', async () => {
  const t = await setUp({ online: true, interrupted: true });
  try {
    await t.controller.start(60);
    expect(t.gateway.calls.length).toBeGreaterThan(0);
    expect(t.session.engine.current.phase).toBe('failed');
  } finally {
    await t.close();
  }
});

test('nothing interrupted and nothing due: the pane does not sync at start', async () => {
  const t = await setUp({ online: true, interrupted: false });
  try {
    await t.controller.start(60);
    expect(t.gateway.calls).toEqual([]);
  } finally {
    await t.close();
  }
});

test('without a session nothing runs by itself (the password is asked when the rep syncs)', async () => {
  const t = await setUp({ online: true, interrupted: true, sessionToken: null });
  try {
    await t.controller.start(60);
    expect(t.gateway.calls).toEqual([]);
  } finally {
    await t.close();
  }
});

test('offline at start, the interrupted sync runs as soon as the browser is back online', async () => {
  const t = await setUp({ online: false, interrupted: true });
  try {
    await t.controller.start(60);
    await t.clock.advance(30 * 60_000);
    expect(t.gateway.calls).toEqual([]);
    const ended = t.syncEnded();
    t.online.set(true);
    await ended;
    expect(t.gateway.calls.length).toBeGreaterThan(0);
  } finally {
    await t.close();
  }
});

test('"Online" means the gateway answered last: silent gateway → unreachable; its refusal → online; browser offline → offline', async () => {
  const t = await setUp({ online: true, interrupted: false });
  try {
    expect(t.states).toEqual(['online']);

    t.gateway.mode = 'down';
    expect((await t.controller.sync()).phase).toBe('failed');
    expect(last(t.states)).toBe('gatewayUnreachable');

    t.gateway.mode = 'refusing';
    expect((await t.controller.sync()).phase).toBe('failed');
    expect(last(t.states)).toBe('online');

    t.online.set(false);
    expect(last(t.states)).toBe('offline');
    t.gateway.mode = 'down';
    const resumed = t.syncEnded();
    t.online.set(true);
    // Back online, what the gateway showed before is forgotten until the next call…
    expect(last(t.states)).toBe('online');
    // …which comes at once: the failed syncs left their checkpoint, so one is owed and runs by itself.
    await resumed;
    expect(last(t.states)).toBe('gatewayUnreachable');
  } finally {
    await t.close();
  }
});
