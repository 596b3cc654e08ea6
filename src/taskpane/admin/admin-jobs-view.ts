import { ProtocolError, type ReplacementJob, type ReplacementStepName } from '../../protocol/index.js';
import { describeError } from '../services/describe-error.js';
import { h, replaceChildren } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import type { View } from '../dom/view.js';
import { newOperationId, type AdminSession } from './admin-session.js';
import { formatDateTime, formatTimeOfDay } from '../format/display-format.js';

/** What each step means to an administrator (SAP's step list, adapted). */
export const STEP_WORDS: Record<ReplacementStepName, string> = {
  readSite: 'Read the site details',
  acceptPending: 'Accept what the old device already sent',
  revokeSite: 'Revoke the old device',
  dropServerEntries: "Drop the old device's server entries",
  buildExtract: 'Build the data extract',
  restore: 'Restore on the new device',
  cleanRestoredCopy: "Clean the old device's data from the copy",
  registerNewSite: 'Register the new device',
  incrementalSync: 'Incremental sync on the new device',
};

const STATE_WORDS: Record<ReplacementJob['state'], string> = {
  running: 'Running',
  waitingForClaim: 'Waiting for the user to claim',
  waitingForRestore: 'Waiting for its turn to restore',
  restoring: 'Restoring',
  syncing: 'Syncing',
  done: 'Done',
  failed: 'Failed',
};

const REFRESH_MS = 2000;

function time(iso: string | undefined): string {
  return iso ? formatTimeOfDay(Date.parse(iso)) : '';
}

/** Replacement jobs step by step, refreshed while open; a failed step can be retried. */
export function createAdminJobsView(session: AdminSession): View {
  const element = h('section', { 'aria-labelledby': 'jobs-title' });
  const list = h('div', { 'aria-live': 'polite' });
  const outcome = h('div');
  element.append(h('h1', { id: 'jobs-title' }, 'Replacements'), outcome, list);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const showError = (raw: unknown) => {
    const error = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
    const words = describeError(error, 'sync');
    replaceChildren(outcome, messageBar('error', words.title, words.next));
  };

  const retry = async (job: ReplacementJob) => {
    try {
      await session.call('RetryReplacementStep', { jobId: job.jobId, operationId: newOperationId() });
      await refresh();
    } catch (raw) {
      showError(raw);
    }
  };

  const render = (jobs: readonly ReplacementJob[]) => {
    if (jobs.length === 0) {
      replaceChildren(list, h('p', {}, 'No replacements requested yet.'));
      return;
    }
    replaceChildren(
      list,
      jobs.map((job) => {
        const headingId = `job-${job.jobId}`;
        return h(
          'article',
          { className: 'card', 'aria-labelledby': headingId },
          h('h2', { id: headingId }, `${job.userName} — ${job.deviceName}`),
          h(
            'p',
            {},
            h('strong', {}, STATE_WORDS[job.state]),
            job.queuePosition ? ` (number ${job.queuePosition} in the restore queue)` : '',
            h('span', { className: 'muted' }, ` · requested by ${job.requestedBy} at ${time(job.requestedAt)}`),
          ),
          job.claimCode
            ? h(
                'p',
                { className: 'claim-code' },
                'Claim code for the user: ',
                h('strong', { 'aria-label': `Claim code ${job.claimCode.split('').join(' ')}` }, job.claimCode),
                job.claimExpiresAt
                  ? h('span', { className: 'muted' }, ` (valid until ${formatDateTime(Date.parse(job.claimExpiresAt))}, once)`)
                  : null,
              )
            : null,
          h(
            'table',
            {},
            h('caption', { className: 'visually-hidden' }, `Steps of the replacement of ${job.deviceName}`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Step', 'State', 'Time', 'Message'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              job.steps.map((step, index) =>
                h(
                  'tr',
                  { className: step.state === 'failed' ? 'differs' : '' },
                  h('td', {}, `${index + 1}. ${STEP_WORDS[step.step]}`),
                  h('td', {}, step.state),
                  h('td', {}, time(step.finishedAt ?? step.startedAt)),
                  h('td', {}, step.message ?? ''),
                ),
              ),
            ),
          ),
          job.state === 'failed'
            ? h(
                'div',
                { className: 'toolbar' },
                h(
                  'button',
                  { type: 'button', className: 'primary', onclick: () => void retry(job) },
                  `Retry the failed step for ${job.userName}`,
                ),
              )
            : null,
        );
      }),
    );
  };

  const refresh = async () => {
    try {
      render((await session.call('GetReplacement', {})).jobs);
      outcome.textContent = '';
    } catch (raw) {
      showError(raw);
    }
  };

  const loop = async () => {
    await refresh();
    if (!stopped) timer = setTimeout(() => void loop(), REFRESH_MS);
  };
  void loop();
  return {
    element,
    dispose: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
