import { BehaviorSubject, startWith, Subject } from 'rxjs';
import { ProtocolError } from '../../src/protocol/index.js';
import { revokedError, type SyncStatus } from '../../src/sync/index.js';
import { deviceRevoked$ } from '../../src/taskpane/services/device-revoked.js';
import type { PaneSession } from '../../src/taskpane/services/pane-session.js';

const REVOKED_AT = Date.parse('2026-11-30T16:00:00.000Z');

/** The parts of a session deviceRevoked$ reads: store writes, the stored settings, the engine's status. */
function fakeSession(revokedAt: number | null) {
  const writes = new Subject<void>();
  const status = new BehaviorSubject<SyncStatus>({ phase: 'idle' });
  const settings = { revokedAt };
  const getSettings = jest.fn(async () => ({ ...settings }));
  const session = {
    changes$: writes.pipe(startWith(undefined)),
    store: { getSettings },
    engine: { status$: status.asObservable() },
  } as unknown as PaneSession;
  return { session, writes, status, settings, getSettings };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('deviceRevoked$: since when this device is replaced', () => {
  test('after a reload: read from the stored settings', async () => {
    const { session } = fakeSession(REVOKED_AT);
    const seen: (number | null)[] = [];
    const sub = deviceRevoked$(session).subscribe((at) => seen.push(at));
    await flush();
    expect(seen).toEqual([REVOKED_AT]);
    sub.unsubscribe();
  });

  test('in service: null, until a sync is refused with SITE_REVOKED — at once, before the settings write', async () => {
    const { session, status } = fakeSession(null);
    const seen: (number | null)[] = [];
    const sub = deviceRevoked$(session).subscribe((at) => seen.push(at));
    await flush();
    expect(seen).toEqual([null]);
    status.next({ phase: 'failed', error: new ProtocolError('CONNECTIVITY', 'offline'), at: 1 });
    expect(seen).toEqual([null]);
    status.next({ phase: 'failed', error: revokedError(REVOKED_AT), at: REVOKED_AT + 5 });
    expect(seen).toEqual([null, REVOKED_AT]);
    sub.unsubscribe();
  });

  test('a refusal without a time takes the moment the sync failed', async () => {
    const { session, status } = fakeSession(null);
    const seen: (number | null)[] = [];
    const sub = deviceRevoked$(session).subscribe((at) => seen.push(at));
    await flush();
    status.next({ phase: 'failed', error: new ProtocolError('SITE_REVOKED', 'revoked'), at: 42 });
    expect(seen).toEqual([null, 42]);
    sub.unsubscribe();
  });

  test('once replaced it stays replaced: a later read that still says null changes nothing', async () => {
    const { session, status, writes } = fakeSession(null);
    const seen: (number | null)[] = [];
    const sub = deviceRevoked$(session).subscribe((at) => seen.push(at));
    await flush();
    status.next({ phase: 'failed', error: revokedError(REVOKED_AT), at: REVOKED_AT });
    writes.next();
    await flush();
    expect(seen).toEqual([null, REVOKED_AT]);
    sub.unsubscribe();
  });

  test('the settings write alone is enough (another pane was refused)', async () => {
    const { session, writes, settings } = fakeSession(null);
    const seen: (number | null)[] = [];
    const sub = deviceRevoked$(session).subscribe((at) => seen.push(at));
    await flush();
    settings.revokedAt = REVOKED_AT;
    writes.next();
    await flush();
    expect(seen).toEqual([null, REVOKED_AT]);
    sub.unsubscribe();
  });

  test('one stream per session: views opened later share its reads and get the current answer at once', async () => {
    const { session, writes, getSettings } = fakeSession(REVOKED_AT);
    const first: (number | null)[] = [];
    const later: (number | null)[] = [];
    const a = deviceRevoked$(session).subscribe((at) => first.push(at));
    await flush();
    const b = deviceRevoked$(session).subscribe((at) => later.push(at));
    expect(later).toEqual([REVOKED_AT]);
    writes.next();
    await flush();
    expect(getSettings).toHaveBeenCalledTimes(2);
    expect(first).toEqual([REVOKED_AT]);
    a.unsubscribe();
    b.unsubscribe();
  });
});
