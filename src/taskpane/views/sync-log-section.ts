import { from, switchMap } from 'rxjs';
import { FIELDBOOK_PRODUCT_VERSION } from '../../metadata/index.js';
import { SYNC_LOG_MAX_ENTRIES } from '../../store/index.js';
import { syncLogFile } from '../../sync/index.js';
import { downloadFile } from '../dom/download-file.js';
import { h, uniqueId } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { syncLogFileName } from '../issues/sync-log-file-name.js';
import type { PaneSession } from '../services/pane-session.js';
import { formatCount } from '../format/display-format.js';

/**
 * The Sync panel's diagnostics (Siebel keeps its logs off until support asks): the
 * "Keep a sync log" switch, off by default, what the log holds and what it never
 * holds, how many entries are kept, and the download for support. Switching it off
 * keeps what was recorded (support may still want it); "Clear sync log" removes it.
 */
export function createSyncLogSection(session: PaneSession): View {
  const disposables = new Disposables();
  const explanationId = uniqueId('sync-log-about');
  const toggle = h('input', { type: 'checkbox', 'aria-describedby': explanationId });
  toggle.addEventListener('change', () => void session.store.updateSettings({ keepSyncLog: toggle.checked }));
  const count = h('p', { role: 'status' });
  const download = h('button', { type: 'button', onclick: () => void downloadLog() }, 'Download sync log');
  const clear = h('button', { type: 'button', className: 'subtle', onclick: () => void clearLog() }, 'Clear sync log');
  const element = h(
    'div',
    {},
    h('h2', {}, 'Sync log'),
    h('label', { className: 'inline' }, toggle, 'Keep a sync log'),
    h(
      'p',
      { id: explanationId, className: 'muted' },
      `For support: from the next sync, records each sync's steps, counts, errors and timings on this device. ` +
        `It never holds record contents, passwords or session tokens. The newest ${formatCount(SYNC_LOG_MAX_ENTRIES)} entries are kept.`,
    ),
    count,
    h('div', { className: 'toolbar' }, download, clear),
  );

  const render = (keep: boolean, entries: number) => {
    toggle.checked = keep;
    count.textContent =
      entries === 0 ? 'The sync log is empty.' : `The sync log holds ${formatCount(entries)} ${entries === 1 ? 'entry' : 'entries'}.`;
    download.disabled = entries === 0;
    clear.disabled = entries === 0;
  };

  const downloadLog = async () => {
    // The last sync's final entries may still be on their way to the store.
    await session.syncLog.settled();
    const entries = await session.store.listSyncLog();
    const login = session.login;
    const text = syncLogFile(entries, {
      userName: login.userName,
      gatewayUrl: login.gatewayUrl,
      productVersion: FIELDBOOK_PRODUCT_VERSION,
      writtenAt: Date.now(),
    });
    downloadFile(syncLogFileName(new Date()), 'text/plain;charset=utf-8', text);
  };

  const clearLog = async () => {
    await session.syncLog.settled();
    await session.store.clearSyncLog();
  };

  disposables.add(
    session.changes$
      .pipe(switchMap(() => from(Promise.all([session.store.getSettings(), session.store.countSyncLog()]))))
      .subscribe(([settings, entries]) => render(settings.keepSyncLog === true, entries)),
  );
  return { element, dispose: () => disposables.dispose() };
}
