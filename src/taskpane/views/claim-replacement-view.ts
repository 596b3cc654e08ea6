import { ProtocolError } from '../../protocol/index.js';
import type { ObjectDefinition } from '../../metadata/index.js';
import { JsonTransport, restoreReplacement, type RestoreProgress } from '../../sync/index.js';
import { objectLabeller, restoredRecordsText, restoreSummary, restoreTypeRows, type RestoreSummary } from '../records/restore-counts.js';
import { describeRestoreError } from '../services/describe-restore-error.js';
import { gatewayAddressProblem } from '../services/gateway-address-problem.js';
import type { PaneLogin } from '../services/pane-login.js';
import { PaneSession } from '../services/pane-session.js';
import type { RememberedLogin } from '../services/remembered-login.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { createSyncProgressView } from './sync-progress-view.js';
import { formatCount } from '../format/display-format.js';

export interface ClaimReplacementOptions {
  readonly remembered: RememberedLogin;
  readonly deviceName: string;
  /** The gateway address to start from (as the sign-in form has it). */
  readonly gatewayUrl: string;
  /** Continue the restore of a job this device claimed before the pane was closed or reloaded. */
  readonly resume?: { readonly session: PaneSession; readonly jobId: string };
  /** Back to the sign-in form (only before a code was claimed). */
  readonly onBack: (gatewayUrl: string) => void;
  readonly onFinished: (session: PaneSession) => void;
}

/** The claim code as typed: spaces people add when reading it out are not part of it. */
export function normalizeClaimCode(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * The replacement device's part of a device replacement (issue 6): the rep types
 * the one-time claim code from the administrator; the pane claims the job, signs
 * in with the session the claim answers, and restores the rep's data (waiting in
 * the gateway's queue, then the extract, the registration and an incremental
 * sync), showing each step. A failed or stopped restore continues on "Try again".
 */
export function createClaimReplacementView(options: ClaimReplacementOptions): View {
  const element = h('div', { className: 'claim-replacement' });
  const disposables = new Disposables();
  let stepDisposables = new Disposables();
  disposables.add(() => stepDisposables.dispose());
  // One operation id per (gateway, code): "Try again" after a lost answer is the same claim, not a second one.
  const claimOperationIds = new Map<string, string>();

  const show = (stepTitle: string, ...content: HTMLElement[]) => {
    stepDisposables.dispose();
    stepDisposables = new Disposables();
    replaceChildren(element, h('h1', {}, 'Set up Fieldbook'), h('h2', { tabindex: -1, className: 'step-title' }, stepTitle), ...content);
    element.querySelector<HTMLElement>('.step-title')?.focus();
  };

  function claimStep(values: { gatewayUrl: string; claimCode: string }, error?: HTMLElement): void {
    const urlId = uniqueId('claim-gateway');
    const urlProblemId = uniqueId('claim-gateway-problem');
    const codeId = uniqueId('claim-code');
    const codeHintId = uniqueId('claim-code-hint');
    const codeProblemId = uniqueId('claim-code-problem');
    const submit = h('button', { type: 'submit', className: 'primary' }, 'Restore my data');
    const form = h(
      'form',
      { novalidate: true, 'aria-label': 'Claim a replacement device' },
      h('label', { for: urlId }, 'Gateway address'),
      h('input', {
        id: urlId,
        type: 'url',
        name: 'gatewayUrl',
        value: values.gatewayUrl,
        required: true,
        autocomplete: 'url',
        'aria-describedby': urlProblemId,
      }),
      h('p', { id: urlProblemId, className: 'field-error' }),
      h('label', { for: codeId }, 'Claim code'),
      h('input', {
        id: codeId,
        type: 'text',
        name: 'claimCode',
        value: values.claimCode,
        required: true,
        autocomplete: 'one-time-code',
        spellcheck: 'false',
        'aria-describedby': `${codeHintId} ${codeProblemId}`,
      }),
      h('p', { id: codeHintId, className: 'muted' }, 'The one-time code your administrator gave you for this replacement.'),
      h('p', { id: codeProblemId, className: 'field-error' }),
      error ?? null,
      h(
        'div',
        { className: 'toolbar' },
        submit,
        h('button', { type: 'button', onclick: () => options.onBack(readUrl()) }, 'Back to sign in'),
      ),
    );
    const urlInput = form.querySelector<HTMLInputElement>(`#${urlId}`) as HTMLInputElement;
    const codeInput = form.querySelector<HTMLInputElement>(`#${codeId}`) as HTMLInputElement;
    const readUrl = () => urlInput.value.trim().replace(/\/+$/, '');

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const gatewayUrl = readUrl();
      const claimCode = normalizeClaimCode(codeInput.value);
      const urlProblem = gatewayAddressProblem(gatewayUrl);
      const codeProblem = claimCode.length < 6 ? 'Enter the claim code your administrator gave you.' : null;
      (form.querySelector(`#${urlProblemId}`) as HTMLElement).textContent = urlProblem ?? '';
      (form.querySelector(`#${codeProblemId}`) as HTMLElement).textContent = codeProblem ?? '';
      urlInput.setAttribute('aria-invalid', urlProblem ? 'true' : 'false');
      codeInput.setAttribute('aria-invalid', codeProblem ? 'true' : 'false');
      if (urlProblem) return urlInput.focus();
      if (codeProblem) return codeInput.focus();
      submit.disabled = true;
      submit.textContent = 'Claiming…';
      void (async () => {
        const key = `${gatewayUrl}|${claimCode}`;
        const operationId = claimOperationIds.get(key) ?? `claim-${crypto.randomUUID()}`;
        claimOperationIds.set(key, operationId);
        let session: PaneSession;
        let jobId: string;
        try {
          const claim = await new JsonTransport(gatewayUrl).call(
            'ClaimReplacement',
            { claimCode, deviceName: options.deviceName, operationId },
            {},
          );
          const login: PaneLogin = {
            gatewayUrl,
            userName: claim.userName,
            displayName: claim.displayName,
            isAdmin: false,
            sessionToken: claim.sessionToken,
            expiresAt: claim.expiresAt,
            remember: false,
          };
          session = await PaneSession.open(login, options.deviceName);
          await options.remembered.save(login, session.store);
          jobId = claim.jobId;
        } catch (raw) {
          const failure = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
          const words = describeRestoreError(failure, 'claim');
          claimStep({ gatewayUrl, claimCode }, messageBar('error', words.title, words.next));
          return;
        }
        restoreStep(session, jobId);
      })();
    });
    show(
      'Restore from a replacement',
      h(
        'p',
        {},
        'Your administrator replaced your device and gave you a claim code. Fieldbook restores your data onto this device; you do not need your password.',
      ),
      form,
    );
  }

  function restoreStep(session: PaneSession, jobId: string): void {
    const controller = new AbortController();
    const line = h('p', { role: 'status', 'aria-live': 'polite' }, 'Asking the gateway for your data…');
    const detail = h('div');
    const outcome = h('div');
    const stop = h('button', { type: 'button', onclick: () => controller.abort() }, 'Stop');
    const toolbar = h('div', { className: 'toolbar' }, stop);
    show(
      'Restore your data',
      h('p', {}, `Fieldbook restores the records of ${session.login.displayName} onto this device.`),
      line,
      detail,
      outcome,
      toolbar,
    );
    let syncView: View | null = null;
    const closeSyncView = () => {
      syncView?.dispose();
      syncView = null;
    };
    stepDisposables.add(() => {
      controller.abort();
      closeSyncView();
    });
    // The package's labels for the per-type bars: installed by the restore just before it reports
    // 'restoring'; until they are read the bars show the type names.
    let objects: readonly ObjectDefinition[] | null = null;
    let objectsAsked = false;
    let lastProgress: RestoreProgress | null = null;

    const render = (progress: RestoreProgress) => {
      lastProgress = progress;
      if (progress.phase === 'waiting') {
        // Position 0: the gateway is still preparing this job's extract, not yet in line.
        line.textContent =
          progress.position > 0
            ? `Waiting for another restore to finish — you are number ${progress.position}`
            : 'The gateway is preparing your data…';
        replaceChildren(detail, h('progress', { 'aria-label': 'Waiting for your turn' }));
      } else if (progress.phase === 'restoring') {
        line.textContent = 'Restoring your records…';
        const rows = restoreTypeRows(progress.perType, progress.total, objectLabeller(objects));
        replaceChildren(
          detail,
          recordsBar('Records restored', progress.done, progress.total),
          rows.length > 0
            ? h(
                'div',
                { role: 'group', 'aria-label': 'Restored by record type' },
                rows.map((row) => recordsBar(row.label, row.done, row.total, `${row.label} restored`)),
              )
            : null,
        );
        if (objects === null && !objectsAsked) {
          objectsAsked = true;
          void session.package().then((pkg) => {
            // Not installed yet: asked again on the next report.
            if (!pkg) {
              objectsAsked = false;
              return;
            }
            objects = pkg.objects;
            if (!controller.signal.aborted && lastProgress?.phase === 'restoring') render(lastProgress);
          });
        }
      } else if (progress.phase === 'registering') {
        line.textContent = 'Registering this device';
        replaceChildren(detail, h('progress', { 'aria-label': 'Registering this device' }));
      } else if (progress.phase === 'syncing') {
        // One bar for what the sync runs now: its download counts are not restored records, and
        // per-type bars of them beside the restore's would not add up.
        line.textContent = 'Bringing your records up to date';
        replaceChildren(detail);
        void session.package().then((pkg) => {
          if (!pkg || controller.signal.aborted || syncView || lastProgress?.phase !== 'syncing') return;
          syncView = createSyncProgressView(session.engine, pkg.objects, 'single');
          detail.append(syncView.element);
        });
      }
    };

    void (async () => {
      const result = await restoreReplacement({
        store: session.store,
        transport: session.transport,
        engine: session.engine,
        jobId,
        sessionToken: session.login.sessionToken ?? '',
        userName: session.login.userName,
        deviceName: options.deviceName,
        signal: controller.signal,
        onProgress: render,
      });
      if (!element.isConnected && controller.signal.aborted) return; // the view went away
      toolbar.remove();
      line.textContent = '';
      if (result.phase === 'done') {
        // The sync may have installed a newer package: the summary reads the one installed now.
        const pkg = await session.package();
        const summary = restoreSummary(pkg?.objects ?? [], await countRecords(session, pkg?.objects ?? []));
        closeSyncView();
        replaceChildren(detail, summaryList(summary));
        const open = h('button', { type: 'button', className: 'primary', onclick: () => options.onFinished(session) }, 'Open Fieldbook');
        replaceChildren(
          outcome,
          messageBar('success', 'Your data is restored.', restoredRecordsText(summary.total)),
          h('div', { className: 'toolbar' }, open),
        );
        open.focus();
        return;
      }
      const words = describeRestoreError(result.error, 'restore');
      const again = h('button', { type: 'button', className: 'primary', onclick: () => restoreStep(session, jobId) }, 'Try again');
      replaceChildren(detail);
      replaceChildren(
        outcome,
        messageBar(result.error.code === 'CANCELLED' ? 'warning' : 'error', words.title, words.next),
        h('div', { className: 'toolbar' }, again),
      );
      again.focus();
    })();
  }

  if (options.resume) restoreStep(options.resume.session, options.resume.jobId);
  else claimStep({ gatewayUrl: options.gatewayUrl, claimCode: '' });
  return { element, dispose: () => disposables.dispose() };
}

/** "Records restored 138 of 190" with its bar; `name` is the bar's accessible name. */
function recordsBar(label: string, done: number, total: number, name = label): HTMLElement {
  const max = Math.max(total, 1);
  return h(
    'div',
    { className: 'progress-row' },
    h('div', { className: 'label-line' }, h('span', {}, label), h('span', {}, `${formatCount(done)} of ${formatCount(total)}`)),
    h('progress', { max, value: Math.min(done, max), 'aria-label': name, 'aria-valuetext': `${done} of ${total}` }),
  );
}

/** "Accounts 120, Contacts 240, …": what is on the device, the numbers the success message adds up. */
function summaryList(summary: RestoreSummary): HTMLElement | null {
  if (summary.rows.length === 0) return null;
  return h(
    'div',
    {},
    h('h3', {}, 'Records on this device'),
    h(
      'dl',
      { className: 'fields' },
      summary.rows.flatMap((row) => [h('dt', {}, row.label), h('dd', {}, formatCount(row.count))]),
    ),
  );
}

/**
 * Records per object type as the records list counts them (a record deleted here
 * but not yet sent is not shown there), a page at a time rather than whole tables.
 */
async function countRecords(session: PaneSession, objects: readonly ObjectDefinition[]): Promise<Map<string, number>> {
  const counts = await Promise.all(
    objects.map(async (o) => {
      let count = 0;
      await session.store.forEachRecord(o.name, (record) => {
        if (record.state !== 'deleted') count += 1;
      });
      return [o.name, count] as const;
    }),
  );
  return new Map(counts);
}
