import { ProtocolError } from '../../protocol/index.js';
import { deleteLocalStore, localStoreName, openLocalStore, type ArchiveEntry } from '../../store/index.js';
import { changeLogin, JsonTransport } from '../../sync/index.js';
import { downloadFile } from '../dom/download-file.js';
import { changesFileJson } from '../issues/changes-file-json.js';
import { describeError } from '../services/describe-error.js';
import { gatewayAddressProblem } from '../services/gateway-address-problem.js';
import type { PaneLogin } from '../services/pane-login.js';
import { PaneSession } from '../services/pane-session.js';
import type { RememberedLogin } from '../services/remembered-login.js';
import { formText } from '../dom/form-text.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { filterChoiceOf, filterSettings } from '../filters/filter-choice.js';
import { dataReadyText } from '../records/data-ready-text.js';
import { deviceRecordCounts } from '../records/device-record-counts.js';
import { createClaimReplacementView } from './claim-replacement-view.js';
import { createEstimateView } from './estimate-view.js';
import { createFilterChooser } from './filter-chooser-view.js';
import { createSyncProgressView } from './sync-progress-view.js';

export interface FirstRunOptions {
  readonly remembered: RememberedLogin;
  readonly deviceName: string;
  /** Gateway address and user name to start from (the pane's own origin, a remembered login). */
  readonly prefill: { readonly gatewayUrl: string; readonly userName: string };
  /** Continue with a signed-in session: at the package step (nothing installed yet) or the filters (after a reinstall). */
  readonly resume?: { readonly session: PaneSession; readonly at: 'package' | 'filters' };
  /** The login being replaced (Change login…): its unsent changes move over or come back for export. */
  readonly replacing?: { readonly gatewayUrl: string; readonly userName: string };
  readonly onFinished: (session: PaneSession) => void;
}

/** How long the download step waits for the per-type counts before it starts without them. */
const ESTIMATE_WAIT_MS = 5_000;

/** Sign-in with the rep's password: answers the pane's login (the password goes no further). */
export async function signIn(gatewayUrl: string, userName: string, password: string, remember: boolean): Promise<PaneLogin> {
  const answer = await new JsonTransport(gatewayUrl).call('Login', { userName, password }, {});
  return {
    gatewayUrl,
    userName: answer.userName,
    displayName: answer.displayName,
    isAdmin: answer.isAdmin,
    sessionToken: answer.sessionToken,
    expiresAt: answer.expiresAt,
    remember,
  };
}

/**
 * Siebel "Changes to Login Credentials": the old login's database goes; its unsent
 * changes move into the new archive for the same person, or come back to be
 * exported for another user (never shown to them).
 */
async function moveOldLogin(old: { gatewayUrl: string; userName: string }, session: PaneSession): Promise<ArchiveEntry[]> {
  if (localStoreName(old.gatewayUrl, old.userName) === session.store.databaseName) return [];
  const from = await openLocalStore(old);
  const moved = await changeLogin(
    { store: from, userName: old.userName, remove: () => deleteLocalStore(old) },
    { store: session.store, userName: session.login.userName },
    Date.now(),
  );
  return moved.toExport;
}

/**
 * Siebel's First Run Assistant: sign in → download the configuration → choose a
 * preset, object types and personal filters with a live estimate → initial sync
 * with a progress bar per object type → done.
 */
export function createFirstRunView(options: FirstRunOptions): View {
  const element = h('main', { className: 'first-run', 'aria-labelledby': 'first-run-title' });
  const disposables = new Disposables();
  let stepDisposables = new Disposables();
  let prefill = options.prefill;
  disposables.add(() => stepDisposables.dispose());

  const show = (stepTitle: string, stepNumber: number, ...content: HTMLElement[]) => {
    stepDisposables.dispose();
    stepDisposables = new Disposables();
    replaceChildren(
      element,
      h('h1', { id: 'first-run-title' }, 'Set up Fieldbook'),
      h('p', { className: 'muted' }, `Step ${stepNumber} of 4`),
      h('h2', { tabindex: -1, className: 'step-title' }, stepTitle),
      ...content,
    );
    element.querySelector<HTMLElement>('.step-title')?.focus();
  };

  function signInStep(error?: HTMLElement): void {
    const urlId = uniqueId('gateway');
    const userId = uniqueId('user');
    const passwordId = uniqueId('password');
    const urlProblemId = uniqueId('gateway-problem');
    const form = h(
      'form',
      { novalidate: true },
      h('label', { for: urlId }, 'Gateway address'),
      h('input', {
        id: urlId,
        type: 'url',
        name: 'gatewayUrl',
        value: prefill.gatewayUrl,
        required: true,
        autocomplete: 'url',
        'aria-describedby': urlProblemId,
      }),
      h('p', { id: urlProblemId, className: 'field-error' }),
      h('label', { for: userId }, 'User name'),
      h('input', { id: userId, type: 'text', name: 'userName', value: prefill.userName, required: true, autocomplete: 'username' }),
      h('label', { for: passwordId }, 'Password'),
      h('input', { id: passwordId, type: 'password', name: 'password', required: true, autocomplete: 'current-password' }),
      h(
        'label',
        { className: 'inline' },
        h('input', { type: 'checkbox', name: 'remember' }),
        'Remember me on this device (keeps a session, never your password)',
      ),
      error ?? null,
      h(
        'div',
        { className: 'toolbar' },
        h('button', { type: 'submit', className: 'primary' }, 'Sign in'),
        h(
          'button',
          {
            type: 'button',
            onclick: () => claimStep({ gatewayUrl: form.querySelector<HTMLInputElement>(`#${urlId}`)?.value.trim() || prefill.gatewayUrl }),
          },
          'I have a replacement claim code',
        ),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // A new attempt: the last attempt's error no longer applies (it stood next to a new field error).
      error?.remove();
      const data = new FormData(form);
      const gatewayUrl = formText(data, 'gatewayUrl').trim().replace(/\/+$/, '');
      const userName = formText(data, 'userName').trim();
      const password = formText(data, 'password');
      const problem = gatewayAddressProblem(gatewayUrl);
      const urlInput = form.querySelector<HTMLInputElement>(`#${urlId}`);
      (form.querySelector(`#${urlProblemId}`) as HTMLElement).textContent = problem ?? '';
      urlInput?.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (problem) return urlInput?.focus();
      if (!userName || !password) {
        prefill = { gatewayUrl, userName };
        signInStep(messageBar('error', 'Enter your user name and password.'));
        return;
      }
      const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
      if (button) {
        button.disabled = true;
        button.textContent = 'Signing in…';
      }
      void (async () => {
        try {
          const login = await signIn(gatewayUrl, userName, password, data.get('remember') === 'on');
          const session = await PaneSession.open(login, options.deviceName);
          await options.remembered.save(login, session.store);
          const toExport = options.replacing ? await moveOldLogin(options.replacing, session) : [];
          if (toExport.length > 0) {
            // The previous user's changes, in the file their own device can import (their store is gone by now).
            const previous = options.replacing;
            const file = await changesFileJson(toExport, {
              pkg: null,
              userName: previous?.userName ?? userName,
              gatewayUrl: previous?.gatewayUrl ?? gatewayUrl,
              exportedAt: Date.now(),
              nameOf: () => Promise.resolve(null),
            });
            downloadFile(`fieldbook-unsynced-${previous?.userName ?? 'previous'}.json`, 'application/json', file);
          }
          // A restore begun with a claim code whose session is gone (pane closed) continues
          // with the password's session: a normal first run would register a second site.
          const unfinished = (await session.store.getSettings()).replacement;
          if (unfinished && unfinished.stage !== 'done') claimStep({ session, jobId: unfinished.jobId });
          else packageStep(session);
        } catch (raw) {
          const failure = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
          const words = describeError(failure, 'signIn');
          prefill = { gatewayUrl, userName };
          signInStep(messageBar('error', words.title, words.next));
        }
      })();
    });
    show('Sign in', 1, h('p', {}, 'Sign in with your CRM user name and password.'), form);
  }

  /** A replacement device: claim code instead of a password, then the restore (claim-replacement-view.ts). */
  function claimStep(from: { gatewayUrl: string } | { session: PaneSession; jobId: string }): void {
    stepDisposables.dispose();
    stepDisposables = new Disposables();
    const claim = createClaimReplacementView({
      remembered: options.remembered,
      deviceName: options.deviceName,
      gatewayUrl: 'gatewayUrl' in from ? from.gatewayUrl : prefill.gatewayUrl,
      ...('jobId' in from ? { resume: from } : {}),
      onBack: (gatewayUrl) => {
        prefill = { ...prefill, gatewayUrl: gatewayUrl || prefill.gatewayUrl };
        signInStep();
      },
      onFinished: options.onFinished,
    });
    stepDisposables.add(() => claim.dispose());
    replaceChildren(element, claim.element);
  }

  function packageStep(session: PaneSession): void {
    const status = h(
      'div',
      {},
      h('p', { role: 'status' }, 'Downloading your configuration…'),
      h('progress', { 'aria-label': 'Downloading the configuration' }),
    );
    show('Download the configuration', 2, status);
    void (async () => {
      const result = await session.engine.sync({ packageOnly: true, confirmReinstall: true });
      if (result.phase === 'done') return filtersStep(session);
      const error = result.phase === 'failed' ? result.error : new ProtocolError('CANCELLED', 'cancelled');
      const words = describeError(error, 'sync');
      replaceChildren(
        status,
        messageBar('error', words.title, words.next),
        h(
          'div',
          { className: 'toolbar' },
          h('button', { type: 'button', className: 'primary', onclick: () => packageStep(session) }, 'Try again'),
          h('button', { type: 'button', onclick: () => signInStep() }, 'Back to sign in'),
        ),
      );
    })();
  }

  function filtersStep(session: PaneSession): void {
    void (async () => {
      const pkg = await session.requirePackage();
      const settings = await session.store.getSettings();
      const estimate = createEstimateView(session, pkg);
      const settingsFor = (choice = chooser.value()) => ({ ...settings, ...filterSettings(pkg, choice) });
      const chooser = createFilterChooser(pkg, filterChoiceOf(pkg, settings), settings.personalPresets, () =>
        estimate.update(settingsFor()),
      );
      const start = h('button', { type: 'button', className: 'primary', onclick: () => void begin() }, 'Start the first sync');
      const begin = async () => {
        await session.store.updateSettings({
          ...filterSettings(pkg, chooser.value()),
          intervalMinutes: settings.intervalMinutes ?? pkg.sync.defaultInterval,
        });
        syncStep(session);
      };
      show(
        'Choose what to keep on this device',
        3,
        h(
          'p',
          {},
          `Your configuration "${pkg.info.description ?? pkg.info.id}" (version ${pkg.info.version}) is installed. Choose which records to keep offline; you can change this later under Sync → Filter records.`,
        ),
        chooser.element,
        estimate.element,
        h('div', { className: 'toolbar' }, start),
      );
      stepDisposables.add(() => estimate.dispose());
      estimate.update(settingsFor());
    })();
  }

  function syncStep(session: PaneSession): void {
    void (async () => {
      const pkg = await session.requirePackage();
      const controller = new AbortController();
      // What the filters mean per type, counted before the first record moves: the overall total from the first instant.
      // Bounded: a slow gateway delays the sync by at most ESTIMATE_WAIT_MS (the bars then learn each count as its type begins).
      const estimate = await session.estimate(await session.store.getSettings(), AbortSignal.timeout(ESTIMATE_WAIT_MS)).catch(() => ({}));
      const progress = createSyncProgressView(session.engine, pkg.objects, 'perObject', { estimate });
      const outcome = h('div');
      const cancel = h('button', { type: 'button', onclick: () => controller.abort() }, 'Cancel');
      show(
        'Download your data',
        4,
        h('p', {}, 'Fieldbook downloads your records. You can cancel and continue later.'),
        progress.element,
        outcome,
        h('div', { className: 'toolbar' }, cancel),
      );
      // After show(), which disposes the previous step's views: added before, the bars stopped listening at once.
      stepDisposables.add(() => progress.dispose());
      const result = await session.engine.sync({ signal: controller.signal });
      cancel.remove();
      if (result.phase === 'done') {
        const { total, readOnly } = await deviceRecordCounts(session.store, pkg.objects);
        replaceChildren(
          outcome,
          messageBar('success', 'Your data is ready.', dataReadyText(total, readOnly)),
          h(
            'div',
            { className: 'toolbar' },
            h('button', { type: 'button', className: 'primary', onclick: () => options.onFinished(session) }, 'Open Fieldbook'),
          ),
        );
        (outcome.querySelector('button') as HTMLButtonElement).focus();
        return;
      }
      const words =
        result.phase === 'failed'
          ? describeError(result.error, 'sync')
          : describeError(new ProtocolError('CANCELLED', 'cancelled'), 'sync');
      replaceChildren(
        outcome,
        messageBar(result.phase === 'failed' ? 'error' : 'warning', words.title, words.next),
        h(
          'div',
          { className: 'toolbar' },
          h('button', { type: 'button', className: 'primary', onclick: () => syncStep(session) }, 'Continue the sync'),
          h('button', { type: 'button', onclick: () => filtersStep(session) }, 'Change filters'),
        ),
      );
    })();
  }

  const begin = () => {
    if (options.resume?.at === 'filters') filtersStep(options.resume.session);
    else if (options.resume?.at === 'package') packageStep(options.resume.session);
    else signInStep();
  };
  // A restore this pane started before it was reloaded continues (its sync must not register another site).
  const resumed = options.resume?.session;
  if (resumed) {
    void resumed.store
      .getSettings()
      .then(
        (settings) =>
          settings.replacement && settings.replacement.stage !== 'done'
            ? claimStep({ session: resumed, jobId: settings.replacement.jobId })
            : begin(),
        begin,
      );
  } else begin();
  return { element, dispose: () => disposables.dispose() };
}
