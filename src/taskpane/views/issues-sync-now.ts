import type { SyncStatus } from '../../sync/index.js';
import type { PaneSession } from '../services/pane-session.js';
import { describeError } from '../services/describe-error.js';
import { h } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { createNotice, type NoticeText } from './issues-notice.js';

export interface SyncNowControl extends View {
  /** Shows or hides the button; the last run's result stays readable (it often hides the button). */
  setVisible(visible: boolean): void;
  /** Forgets the last run's result (newer answers make "Your answers were applied" untrue). */
  clearNotice(): void;
}

/**
 * "Sync now to apply": runs a sync so saved answers take effect at once. While any
 * sync runs the button is disabled but stays focusable (aria-disabled, Fluent's
 * disabledFocusable), so a keyboard user's focus is not thrown to the page.
 */
export function createSyncNowControl(session: PaneSession, label = 'Sync now to apply'): SyncNowControl {
  const disposables = new Disposables();
  const notice = createNotice();
  const busyText = h('span', { className: 'muted' });
  let syncing = false;
  const button = h('button', { type: 'button', className: 'primary', 'data-focus-key': 'sync-now', onclick: () => void run() }, label);
  const toolbar = h('div', { className: 'toolbar' }, button, busyText);
  const element = h('div', { className: 'issues-sync-now' }, toolbar, notice.element);

  const setSyncing = (value: boolean) => {
    syncing = value;
    if (value) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
    busyText.textContent = value ? 'Syncing…' : '';
  };

  disposables.add(session.engine.status$.subscribe((status) => setSyncing(status.phase === 'syncing')));

  async function run(): Promise<void> {
    if (syncing) return;
    setSyncing(true);
    notice.show({ kind: 'info', title: 'Syncing…' });
    let status: SyncStatus;
    try {
      status = await session.engine.sync();
    } catch (error) {
      notice.show({ kind: 'error', title: 'The sync could not start.', next: error instanceof Error ? error.message : String(error) });
      setSyncing(false);
      return;
    }
    setSyncing(session.engine.current.phase === 'syncing');
    notice.show(describeSyncResult(status));
  }

  return {
    element,
    setVisible(visible) {
      // Inline style: the .toolbar class's display would override the hidden attribute.
      toolbar.hidden = !visible;
      toolbar.style.display = visible ? '' : 'none';
    },
    clearNotice: () => notice.clear(),
    dispose: () => disposables.dispose(),
  };
}

/** The outcome of a sync run from the issues pages, in a rep's words. */
export function describeSyncResult(status: SyncStatus): NoticeText {
  switch (status.phase) {
    case 'done': {
      const fresh = status.counts.conflicts + status.counts.issues;
      return fresh > 0
        ? {
            kind: 'warning',
            title: 'Synced. Your answers were applied.',
            next: `${fresh} new ${fresh === 1 ? 'issue needs' : 'issues need'} your answer.`,
          }
        : { kind: 'success', title: 'Synced. Your answers were applied.' };
    }
    case 'failed': {
      const words = describeError(status.error, 'sync');
      return { kind: 'error', title: words.title, next: words.next };
    }
    case 'reinstallRequired':
      return { kind: 'warning', title: 'The sync is waiting for you.', next: `${status.message} Open the Sync tab to continue.` };
    case 'cancelled':
      return { kind: 'info', title: 'The sync was cancelled.', next: 'Your answers are kept and applied at the next sync.' };
    default:
      return { kind: 'info', title: 'The sync is still running.' };
  }
}
