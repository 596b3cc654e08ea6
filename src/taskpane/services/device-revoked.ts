import { catchError, distinctUntilChanged, filter, from, map, merge, of, scan, shareReplay, switchMap, type Observable } from 'rxjs';
import { revokedAtOf, type SyncStatus } from '../../sync/index.js';
import type { PaneSession } from './pane-session.js';

const shared = new WeakMap<PaneSession, Observable<number | null>>();

/**
 * Since when this device is replaced (epoch ms: an administrator revoked its site),
 * or null while it is in service. Read from the store's settings — so it holds after
 * a reload — and taken at once from a sync the gateway refused with SITE_REVOKED,
 * before the settings write reaches the views. Once replaced, it stays replaced:
 * a later null (a read that started before the write) is ignored.
 *
 * One stream per session, replayed to every view that opens later.
 */
export function deviceRevoked$(session: PaneSession): Observable<number | null> {
  let revoked = shared.get(session);
  if (!revoked) {
    const stored = session.changes$.pipe(
      switchMap(() =>
        from(session.store.getSettings()).pipe(
          map((settings) => settings.revokedAt ?? null),
          // A store that cannot be read says nothing new; the next write tries again.
          catchError(() => of(null)),
        ),
      ),
    );
    const refused = session.engine.status$.pipe(
      filter(
        (status): status is Extract<SyncStatus, { phase: 'failed' }> => status.phase === 'failed' && status.error.code === 'SITE_REVOKED',
      ),
      map((status) => revokedAtOf(status.error) ?? status.at),
    );
    revoked = merge(stored, refused).pipe(
      scan((known: number | null, next: number | null) => known ?? next, null),
      distinctUntilChanged(),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    shared.set(session, revoked);
  }
  return revoked;
}
