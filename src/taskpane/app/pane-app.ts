import { from, switchMap } from 'rxjs';
import type { PackageDecision } from '../../metadata/index.js';
import { unsentChanges, type UnsentReasons } from '../../sync/index.js';
import { h, replaceChildren } from '../dom/h.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import type { MailHost } from '../host/mail-host.js';
import { ISSUE_KIND_WORDS } from '../issues/describe-issue.js';
import { exportChanges } from '../issues/export-changes.js';
import { formatTime } from '../issues/format-time.js';
import { readableReason } from '../issues/readable-reason.js';
import { createFirstRunView } from '../views/first-run-view.js';
import { createIssuesView } from '../views/issues-view.js';
import { createMailContextView } from '../views/mail-context-view.js';
import { createRecordsView } from '../views/records-view.js';
import { createSyncPanelView } from '../views/sync-panel-view.js';
import type { ConnectionState } from '../services/connection-state.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { PaneRoute } from '../services/navigation.js';
import { PaneController } from '../services/pane-controller.js';
import { PaneSession } from '../services/pane-session.js';
import { reinstallPromptText } from '../services/reinstall-prompt-text.js';
import type { RememberedLogin } from '../services/remembered-login.js';
import { exportedChangesText, REPLACED_TITLE, replacedDeviceText } from '../services/replaced-device-text.js';

/** Why a replaced device's changes were not sent, in the rep's words (the changes file carries them). */
function replacedReasons(revokedAt: number): UnsentReasons {
  const when = formatTime(revokedAt);
  return {
    outbox: `Not sent: this device was replaced on ${when} before it could send this change.`,
    issue: (kind) =>
      `Not sent: an unresolved sync issue (“${(ISSUE_KIND_WORDS as Readonly<Record<string, string | undefined>>)[kind] ?? kind}”) when this device was replaced on ${when}.`,
  };
}

/** A replaced device's unsent work, in a file the new device imports (Issues → Archive → Import changes). */
async function exportUnsent(session: PaneSession, revokedAt: number): Promise<{ fileName: string; count: number }> {
  const entries = await unsentChanges(session.store, Date.now(), replacedReasons(revokedAt));
  // Entries archived earlier (a reinstall, a login change) keep their own reason, in words.
  const fileName = await exportChanges(
    session,
    entries.map((entry) => ({ ...entry, reason: readableReason(entry.reason) })),
  );
  return { fileName, count: entries.length };
}

const TABS: readonly { readonly tab: PaneRoute['tab']; readonly label: string }[] = [
  { tab: 'records', label: 'Records' },
  { tab: 'mail', label: 'Email' },
  { tab: 'sync', label: 'Sync' },
  { tab: 'issues', label: 'Issues' },
];

/**
 * The pane's top level: decides between the first-run assistant and the main
 * shell (tabs Records, Email, Sync, Issues with the issue badge), and owns the
 * prompts that may come from any sync (reinstall, device replaced).
 */
export class PaneApp {
  private current: Disposables = new Disposables();

  constructor(
    private readonly root: HTMLElement,
    private readonly host: MailHost,
    private readonly remembered: RememberedLogin,
    private readonly deviceName: string,
    private readonly defaultGatewayUrl: string,
  ) {}

  /**
   * The start screen is decided by what the device's IndexedDB holds, which a
   * browser crash does not lose: a login with an installed package and synced data
   * opens on its records, offline, and asks for the password only to sync.
   */
  async start(): Promise<void> {
    const last = await this.remembered.last();
    if (!last) return this.firstRun({ gatewayUrl: this.defaultGatewayUrl, userName: '' });
    const session = await PaneSession.open(last, this.deviceName);
    const login = await this.remembered.withSession(last, session.store);
    session.replaceLogin(login);
    const pkg = await session.package();
    const settings = await session.store.getSettings();
    // A replacement restore not finished yet continues in the assistant (claim-replacement-view.ts).
    const restoring = settings.replacement != null && settings.replacement.stage !== 'done';
    if (pkg && settings.lastSyncAt !== null && !restoring) return this.main(session, { tab: 'records' });
    if (login.sessionToken)
      return this.firstRun({ gatewayUrl: login.gatewayUrl, userName: login.userName }, { session, at: pkg ? 'filters' : 'package' });
    await session.close();
    return this.firstRun({ gatewayUrl: login.gatewayUrl, userName: login.userName });
  }

  private mount(view: View): void {
    this.current.dispose();
    this.current = new Disposables();
    this.current.add(() => view.dispose());
    replaceChildren(this.root, view.element);
  }

  private firstRun(
    prefill: { gatewayUrl: string; userName: string },
    resume?: { session: PaneSession; at: 'package' | 'filters' },
    replacing?: { gatewayUrl: string; userName: string },
  ): void {
    document.title = 'Set up Fieldbook';
    this.mount(
      createFirstRunView({
        remembered: this.remembered,
        deviceName: this.deviceName,
        prefill,
        ...(resume ? { resume } : {}),
        ...(replacing ? { replacing } : {}),
        onFinished: (session) => this.main(session, { tab: 'records' }),
      }),
    );
  }

  private main(session: PaneSession, initial: PaneRoute): void {
    const controller = new PaneController(session, this.remembered);
    const disposables = new Disposables();
    disposables.add(() => controller.dispose());
    let route = initial;
    let view: View | null = null;
    disposables.add(() => view?.dispose());

    const banner = h('div', { className: 'banner' });
    // The replaced device's message stays while the pane is open; the banner above is for passing prompts.
    const replacedBanner = h('div', { className: 'banner' });
    const online = h('span', { className: 'online' });
    const headerSync = h('button', { type: 'button', className: 'subtle', onclick: () => void controller.sync() }, 'Sync');
    const tablist = h('div', { role: 'tablist', 'aria-label': 'Fieldbook' });
    const panel = h('div', { role: 'tabpanel', id: 'fieldbook-panel', tabindex: -1 });
    // Landmarks for every screen: the header (banner) carries the page's h1, the rest is the main content.
    const element = h(
      'div',
      { className: 'shell' },
      h('header', { className: 'pane-header' }, h('h1', { className: 'title' }, 'Fieldbook'), online, headerSync),
      h('main', { className: 'shell-main' }, tablist, replacedBanner, banner, panel),
    );
    let issueCount = 0;

    const navigate = (next: PaneRoute) => {
      route = next;
      renderTabs();
      view?.dispose();
      const nextView =
        next.tab === 'records'
          ? createRecordsView(session, navigate, next)
          : next.tab === 'mail'
            ? createMailContextView(session, this.host, navigate)
            : next.tab === 'sync'
              ? createSyncPanelView(controller, { section: next.section ?? 'status', onChangeLogin: () => void changeLogin() })
              : createIssuesView(session, navigate, next);
      view = nextView;
      replaceChildren(panel, nextView.element);
      panel.setAttribute('aria-labelledby', `tab-${next.tab}`);
    };

    const renderTabs = () => {
      replaceChildren(
        tablist,
        TABS.map(({ tab, label }) =>
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              id: `tab-${tab}`,
              'aria-selected': String(route.tab === tab),
              'aria-controls': 'fieldbook-panel',
              onclick: () => navigate({ tab }),
              onkeydown: (event: Event) => {
                const key = (event as KeyboardEvent).key;
                if (key !== 'ArrowRight' && key !== 'ArrowLeft') return;
                const index = TABS.findIndex((t) => t.tab === route.tab);
                const nextTab = TABS[(index + (key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
                if (nextTab) {
                  navigate({ tab: nextTab.tab });
                  tablist.querySelector<HTMLElement>(`#tab-${nextTab.tab}`)?.focus();
                }
              },
            },
            label,
            // The count is part of the visible name ("Issues 2 open" to a screen reader).
            tab === 'issues' && issueCount > 0
              ? [
                  h('span', { className: 'visually-hidden' }, ' '),
                  h('span', { className: 'badge' }, String(issueCount)),
                  h('span', { className: 'visually-hidden' }, ' open'),
                ]
              : null,
          ),
        ),
      );
    };

    const changeLogin = async () => {
      const old = { gatewayUrl: session.login.gatewayUrl, userName: session.login.userName };
      disposables.dispose();
      // The old store goes once the new login is in (first-run-view.ts); a failure here leaves nothing behind for long.
      await this.remembered.forgetSession(session.store).catch(() => undefined);
      await session.close();
      this.firstRun(old, undefined, old);
    };

    const reinstall = async (decision: PackageDecision) => {
      // The prompt names what becomes of the changes not sent yet: sent first, or kept in the archive.
      const unsent = (await session.store.listOutbox()).length;
      const words = reinstallPromptText(
        decision.action === 'reinstallWithArchive' ? 'reinstallWithArchive' : 'uploadThenReinstall',
        unsent,
      );
      const yes = await confirmDialog(words);
      if (!yes) {
        replaceChildren(
          banner,
          messageBar(
            'warning',
            'A new configuration is waiting.',
            `Sync again and choose ${words.confirm} to install it. Until then Fieldbook keeps the current one.`,
          ),
        );
        return;
      }
      const result = await controller.sync({ confirmReinstall: true, packageOnly: true });
      if (result.phase === 'done') {
        disposables.dispose();
        this.firstRun({ gatewayUrl: session.login.gatewayUrl, userName: session.login.userName }, { session, at: 'filters' });
      }
    };

    let syncing = false;
    let revokedAt: number | null = null;
    let connection: ConnectionState = 'online';
    const renderHeader = () => {
      headerSync.disabled = syncing || revokedAt !== null;
      headerSync.textContent = syncing ? 'Syncing…' : 'Sync';
      headerSync.title = revokedAt !== null ? 'This device was replaced by your administrator: it can no longer sync.' : '';
      if (revokedAt !== null) {
        // Neither online nor offline: whatever the network, this device syncs no more.
        online.className = 'online offline';
        online.textContent = 'Replaced';
        online.title = `Replaced by your administrator on ${formatTime(revokedAt)}.`;
        return;
      }
      // "Online" only while the gateway answers: with the network up and the gateway silent, the rep is offline too.
      online.className = connection === 'online' ? 'online' : 'online offline';
      online.textContent = connection === 'online' ? 'Online' : 'Offline';
      online.title = connection === 'gatewayUnreachable' ? 'The gateway did not answer the last request.' : '';
    };

    const showReplaced = async (at: number) => {
      const unsent = (await unsentChanges(session.store, Date.now(), replacedReasons(at))).length;
      if (revokedAt !== at) return;
      const words = replacedDeviceText(formatTime(at), unsent);
      const done = h('p', { role: 'status', className: 'muted' });
      const exportButton = h('button', { type: 'button', className: 'primary' }, 'Export my changes');
      exportButton.addEventListener('click', () => {
        exportButton.disabled = true;
        done.textContent = '';
        exportUnsent(session, at)
          .then(({ fileName, count }) => (done.textContent = exportedChangesText(count, fileName)))
          .catch(
            (error: unknown) =>
              (done.textContent = `The changes could not be exported: ${error instanceof Error ? error.message : String(error)}`),
          )
          .finally(() => (exportButton.disabled = false));
      });
      replaceChildren(
        replacedBanner,
        messageBar('error', words.title, words.next),
        words.canExport ? h('div', { className: 'toolbar' }, exportButton) : null,
        done,
      );
    };

    disposables.add(
      session.engine.status$.subscribe((status) => {
        syncing = status.phase === 'syncing';
        renderHeader();
        if (status.phase === 'reinstallRequired') void reinstall(status.decision);
        else if (status.phase === 'done') banner.textContent = '';
      }),
    );
    disposables.add(
      controller.connection$.subscribe((state) => {
        connection = state;
        renderHeader();
      }),
    );
    disposables.add(
      // At once when a sync is refused with SITE_REVOKED, and on start when the store says so (after a reload).
      deviceRevoked$(session).subscribe((at) => {
        if (at === null || at === revokedAt) return;
        revokedAt = at;
        renderHeader();
        showReplaced(at).catch((error: unknown) =>
          replaceChildren(replacedBanner, messageBar('error', REPLACED_TITLE, error instanceof Error ? error.message : String(error))),
        );
      }),
    );
    disposables.add(
      session.changes$.pipe(switchMap(() => from(session.store.listIssues()))).subscribe((issues) => {
        const open = issues.filter((i) => i.resolution === null).length;
        if (open !== issueCount) {
          issueCount = open;
          renderTabs();
        }
      }),
    );
    void (async () => {
      const [settings, pkg] = await Promise.all([session.store.getSettings(), session.requirePackage()]);
      // Also runs a sync owed from before: interrupted by a crash or a lost connection, or due.
      await controller.start(settings.intervalMinutes ?? pkg.sync.defaultInterval);
    })();

    this.current.dispose();
    this.current = disposables;
    replaceChildren(this.root, element);
    document.title = 'Fieldbook';
    navigate(initial);
  }
}
