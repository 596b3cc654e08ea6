import { combineLatest, from, switchMap } from 'rxjs';
import { ProtocolError } from '../../protocol/index.js';
import { unsentAtLoginChange, type SyncStatus } from '../../sync/index.js';
import { describeError } from '../services/describe-error.js';
import type { ConnectionState } from '../services/connection-state.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { PaneController } from '../services/pane-controller.js';
import { replacedSyncNote } from '../services/replaced-device-text.js';
import { formText } from '../dom/form-text.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { chooseDialog } from '../dom/choose-dialog.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { exportChanges } from '../issues/export-changes.js';
import { formatTime } from '../issues/format-time.js';
import { recordTitle } from '../../metadata/index.js';
import { pendingChangeLine, pendingChangesTitle } from '../services/pending-changes-text.js';
import { syncHistoryLines } from '../services/sync-history-text.js';
import { createFilterRecordsView } from './filter-records-view.js';
import { signIn } from './first-run-view.js';
import { createSyncLogSection } from './sync-log-section.js';
import { createSyncProgressView } from './sync-progress-view.js';
import { formatCount, formatDateTime, formatTimeOfDay } from '../format/display-format.js';

export interface SyncPanelOptions {
  readonly section: 'status' | 'filters';
  /** The rep confirmed the login-change warning: the shell signs out and starts the assistant. */
  readonly onChangeLogin: () => void;
}

function plural(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

const CONNECTION_TEXT: Readonly<Record<ConnectionState, string>> = {
  online: 'Online',
  offline: 'Offline',
  gatewayUnreachable: 'Offline: the gateway did not answer',
};

function when(at: number): string {
  return formatDateTime(at);
}

/** The waiting changes listed by name; the heading counts them all. */
const PENDING_SHOWN = 50;

/**
 * The sync control panel: sync now / local changes only / cancel, the automatic
 * interval (from the package's list), online state, the last successful sync and its
 * counts with a failed attempt after it shown apart (sync-history-text.ts), the changes
 * waiting to be sent, the progress bar with counts, the sync log (sync-log-section.ts); a Filter Records
 * section; and the account (sign in again, change login).
 */
export function createSyncPanelView(controller: PaneController, options: SyncPanelOptions): View {
  const disposables = new Disposables();
  const element = h('section', { 'aria-labelledby': 'sync-panel-title' });
  const sectionTabs = h('div', { role: 'tablist', 'aria-label': 'Sync sections' });
  const body = h('div');
  element.append(h('h1', { id: 'sync-panel-title' }, 'Sync'), sectionTabs, body);
  let section = options.section;
  let sectionView: View | null = null;
  disposables.add(() => sectionView?.dispose());

  const renderTabs = () => {
    replaceChildren(
      sectionTabs,
      (['status', 'filters'] as const).map((name) =>
        h(
          'button',
          { type: 'button', role: 'tab', 'aria-selected': String(section === name), onclick: () => open(name) },
          name === 'status' ? 'Status' : 'Filter records',
        ),
      ),
    );
  };
  const open = (name: 'status' | 'filters') => {
    section = name;
    renderTabs();
    sectionView?.dispose();
    sectionView = name === 'status' ? createStatusSection(controller, options.onChangeLogin) : createFilterRecordsView(controller);
    replaceChildren(body, sectionView.element);
  };
  open(section);
  return { element, dispose: () => disposables.dispose() };
}

function createStatusSection(controller: PaneController, onChangeLogin: () => void): View {
  const { session } = controller;
  const disposables = new Disposables();
  const element = h('div');
  const account = h('div', { className: 'card' });
  const state = h('dl', { className: 'fields' });
  const result = h('div');
  const progressHolder = h('div');
  const pendingTitleId = uniqueId('pending-title');
  const pending = h('div');
  const replacedNoteId = uniqueId('sync-replaced');
  const replacedNote = h('p', { id: replacedNoteId, className: 'muted', hidden: true });
  const syncNow = h('button', { type: 'button', className: 'primary', onclick: () => void controller.sync() }, 'Sync now');
  const localOnly = h('button', { type: 'button', onclick: () => void controller.sync({ localOnly: true }) }, 'Sync local changes only');
  const cancel = h('button', { type: 'button', onclick: () => controller.cancel(), hidden: true }, 'Cancel sync');
  let busy = false;
  let revokedAt: number | null = null;
  const renderButtons = () => {
    // A replaced device syncs no more: the buttons say so instead of failing at once.
    for (const button of [syncNow, localOnly]) {
      button.disabled = busy || revokedAt !== null;
      if (revokedAt !== null) button.setAttribute('aria-describedby', replacedNoteId);
      else button.removeAttribute('aria-describedby');
    }
    cancel.hidden = !busy;
    replacedNote.hidden = revokedAt === null;
    replacedNote.textContent = revokedAt === null ? '' : replacedSyncNote(formatTime(revokedAt));
  };
  const intervalId = uniqueId('interval');
  const interval = h('select', { id: intervalId });
  element.append(
    account,
    h('div', { className: 'toolbar' }, syncNow, localOnly, cancel),
    replacedNote,
    progressHolder,
    result,
    h('h2', {}, 'Status'),
    state,
    pending,
    h('label', { for: intervalId }, 'Automatic sync'),
    interval,
    h('p', { className: 'muted' }, 'A sync that falls due while you are offline is skipped; the next one runs as usual.'),
  );
  const syncLog = createSyncLogSection(session);
  disposables.add(() => syncLog.dispose());
  element.append(syncLog.element);

  void (async () => {
    const pkg = await session.requirePackage();
    const progress = createSyncProgressView(session.engine, pkg.objects, 'single');
    disposables.add(() => progress.dispose());
    progressHolder.append(progress.element);
    const settings = await session.store.getSettings();
    const current = settings.intervalMinutes ?? pkg.sync.defaultInterval;
    replaceChildren(
      interval,
      pkg.sync.intervalChoices.map((minutes) =>
        h(
          'option',
          { value: minutes, selected: minutes === current },
          minutes === 0
            ? 'Off (sync when I ask)'
            : minutes < 60
              ? `Every ${minutes} minutes`
              : minutes === 60
                ? 'Every hour'
                : `Every ${minutes / 60} hours`,
        ),
      ),
    );
    interval.addEventListener('change', () => {
      const minutes = Number(interval.value);
      controller.autoSync.setInterval(minutes);
      void session.store.updateSettings({ intervalMinutes: minutes });
    });
  })();

  const renderAccount = () => {
    const login = session.login;
    replaceChildren(
      account,
      h('p', {}, 'Signed in as ', h('strong', {}, login.displayName), ` (${login.userName}) at ${login.gatewayUrl}`),
      login.sessionToken ? null : reauthForm(),
      h(
        'div',
        { className: 'toolbar' },
        h('button', { type: 'button', className: 'subtle', onclick: () => void changeLogin() }, 'Change login…'),
      ),
    );
  };

  const reauthForm = (): HTMLElement => {
    const id = uniqueId('password');
    const problem = h('div');
    const form = h(
      'form',
      {},
      messageBar('warning', 'Sign in again to sync.', 'Your session has ended. Your offline data and changes are kept.'),
      h('label', { for: id }, 'Password'),
      h('input', { id, type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
      problem,
      h('div', { className: 'toolbar' }, h('button', { type: 'submit', className: 'primary' }, 'Sign in')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const password = formText(new FormData(form), 'password');
      void (async () => {
        try {
          const login = session.login;
          await controller.renewLogin(await signIn(login.gatewayUrl, login.userName, password, login.remember));
          renderAccount();
        } catch (raw) {
          const words = describeError(raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw)), 'signIn');
          replaceChildren(problem, messageBar('error', words.title, words.next));
        }
      })();
    });
    return form;
  };

  const changeLogin = async () => {
    const unsent = await unsentAtLoginChange(session.store, Date.now());
    const body = [
      'Changing the user name or the gateway address removes the Fieldbook data on this device and downloads the data of the new login.',
      unsent.length > 0
        ? `${unsent.length} change${unsent.length === 1 ? ' has' : 's have'} not been synced. Sync now first to send ${unsent.length === 1 ? 'it' : 'them'}, or export ${unsent.length === 1 ? 'it' : 'them'} to a file. If you sign in as the same user at a new address, ${unsent.length === 1 ? 'it is' : 'they are'} kept in the new archive.`
        : 'All your changes are synced.',
    ];
    // With changes waiting, the suggested answer is to send them; changing anyway is the destructive, secondary one.
    const answer = await chooseDialog({
      title: 'Change login?',
      body,
      choices:
        unsent.length > 0
          ? [
              { id: 'syncFirst', label: 'Sync now first', appearance: 'primary' },
              { id: 'change', label: 'Change login anyway', appearance: 'danger' },
            ]
          : [{ id: 'change', label: 'Change login', appearance: 'primary' }],
      extra:
        unsent.length > 0
          ? [
              {
                label: 'Export my changes',
                // The readable changes file, which the same rep can import elsewhere (Issues → Archive → Import changes).
                run: () => void exportChanges(session, unsent),
              },
            ]
          : [],
    });
    if (answer === 'syncFirst') void controller.sync();
    else if (answer === 'change') onChangeLogin();
  };

  const renderResult = (status: SyncStatus) => {
    busy = status.phase === 'syncing';
    renderButtons();
    if (status.phase === 'done') {
      const c = status.counts;
      const received = c.inserted + c.updated;
      const summary = `${plural(received, 'record')} received, ${plural(c.uploaded, 'change')} sent${c.deleted > 0 ? `, ${plural(c.deleted, 'record')} removed` : ''}${c.conflicts > 0 ? `, ${plural(c.conflicts, 'conflict')} to resolve` : ''}.`;
      replaceChildren(
        result,
        messageBar('success', `Sync complete at ${formatTimeOfDay(status.at)}.`, status.notice ? `${status.notice} ${summary}` : summary),
      );
    } else if (status.phase === 'failed' && status.error.code === 'SITE_REVOKED')
      result.textContent = ''; // the shell's banner says it, with the export
    else if (status.phase === 'failed') {
      const words = describeError(status.error, 'sync');
      replaceChildren(result, messageBar('error', words.title, words.next));
      if (status.error.code === 'UNAUTHENTICATED') renderAccount();
    } else if (status.phase === 'cancelled')
      replaceChildren(result, messageBar('warning', 'The sync was cancelled.', 'Nothing was lost; the next sync carries on.'));
    else if (status.phase === 'reinstallRequired')
      replaceChildren(result, messageBar('warning', 'A new configuration is available.', 'Answer the prompt to install it.'));
    else if (!busy) result.textContent = '';
  };

  disposables.add(
    combineLatest([
      session.engine.status$,
      controller.connection$,
      session.changes$.pipe(
        switchMap(() => from(Promise.all([session.store.getSettings(), session.store.listOutbox(), session.package()]))),
      ),
      deviceRevoked$(session),
    ]).subscribe(([status, connection, [settings, outbox, pkg], revoked]) => {
      revokedAt = revoked;
      renderResult(status);
      const objectOf = (name: string) => pkg?.objects.find((o) => o.name === name);
      replaceChildren(
        pending,
        h('h2', { id: pendingTitleId }, pendingChangesTitle(outbox.length)),
        outbox.length === 0
          ? null
          : h(
              'ul',
              { className: 'plain', 'aria-labelledby': pendingTitleId },
              outbox.slice(0, PENDING_SHOWN).map((r) => {
                const object = objectOf(r.objectType);
                return h('li', {}, pendingChangeLine(r.state, recordTitle(r, object), object?.label ?? r.objectType));
              }),
              outbox.length > PENDING_SHOWN ? h('li', { className: 'muted' }, `and ${outbox.length - PENDING_SHOWN} more`) : null,
            ),
      );
      replaceChildren(
        state,
        h('dt', {}, 'Connection'),
        h(
          'dd',
          {},
          revoked !== null
            ? h('span', { className: 'online offline' }, 'Replaced: this device no longer syncs')
            : h('span', { className: connection === 'online' ? 'online' : 'online offline' }, CONNECTION_TEXT[connection]),
        ),
        syncHistoryLines(settings, when, status.phase === 'done' ? status.at : null).flatMap((line) => [
          h('dt', {}, line.term),
          h('dd', {}, line.detail),
        ]),
      );
    }),
  );
  renderAccount();
  return { element, dispose: () => disposables.dispose() };
}
