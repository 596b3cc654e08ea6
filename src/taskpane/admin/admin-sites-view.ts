import { ProtocolError, type SiteSummary } from '../../protocol/index.js';
import { describeError } from '../services/describe-error.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import type { View } from '../dom/view.js';
import { newOperationId, type AdminSession } from './admin-session.js';
import { hasUnsentChanges, unsentReplacementWarning, unsentReportText } from './unsent-report-text.js';
import { formatDateTime } from '../format/display-format.js';

function time(iso: string | undefined): string {
  return iso ? formatDateTime(Date.parse(iso)) : '—';
}

/**
 * What the device last reported unsent; a device still holding changes is flagged in
 * words ("Warning:" for screen readers, a ⚠ sign on screen), not by colour alone.
 */
function unsentCell(site: SiteSummary, now: Date): Node | string {
  const text = unsentReportText(site, { now });
  if (!hasUnsentChanges(site)) return text;
  return h(
    'span',
    { className: 'unsent-warning' },
    h('span', { 'aria-hidden': 'true' }, '⚠ '),
    h('span', { className: 'visually-hidden' }, 'Warning: '),
    text,
  );
}

/**
 * Sites and "Advanced Find" (SAP Rollout Manager: choose the site ids of the
 * laptops to replace, by organization or user), then request their replacement.
 */
export function createAdminSitesView(session: AdminSession, onRequested: (jobIds: readonly string[]) => void): View {
  const element = h('section', { 'aria-labelledby': 'sites-title' });
  const orgId = uniqueId('org');
  const userId = uniqueId('user');
  const org = h('input', { id: orgId, type: 'text', name: 'organization' });
  const user = h('input', { id: userId, type: 'text', name: 'userName' });
  const results = h('div');
  const outcome = h('div');
  let sites: SiteSummary[] = [];
  const selected = new Set<string>();
  // Kept until the request succeeds: a retry after a lost answer is the same request.
  let pendingOperation: { siteIds: string; operationId: string } | null = null;

  const find = async () => {
    try {
      const request = {
        ...(org.value.trim() ? { organization: org.value.trim() } : {}),
        ...(user.value.trim() ? { userName: user.value.trim() } : {}),
      };
      sites = (await session.call('ListSites', request)).sites;
      selected.clear();
      render();
    } catch (raw) {
      showError(raw);
    }
  };

  const showError = (raw: unknown) => {
    const error = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
    const words = describeError(error, 'sync');
    replaceChildren(
      outcome,
      messageBar('error', words.title, error.code === 'FORBIDDEN' || error.code === 'INVALID_REQUEST' ? error.message : words.next),
    );
  };

  const request = async () => {
    const siteIds = [...selected].sort();
    const chosen = sites.filter((s) => selected.has(s.siteId));
    // SAP step 1: the rep transfers his outbound queue before the old device stops; say which devices still hold changes.
    const now = new Date();
    const warnings = chosen.flatMap((s) => unsentReplacementWarning(s, { now }) ?? []);
    const ok = await confirmDialog({
      title: `Replace ${siteIds.length} device${siteIds.length === 1 ? '' : 's'}?`,
      body: [
        chosen.map((s) => `${s.displayName} — ${s.deviceName}`).join('; '),
        ...warnings,
        'Each old device is cut off from the gateway once what it already sent is processed; its user restores their data on the new device with a one-time claim code.',
      ],
      confirm: 'Request replacement',
      danger: true,
    });
    if (!ok) return;
    const key = siteIds.join(',');
    if (pendingOperation?.siteIds !== key) pendingOperation = { siteIds: key, operationId: newOperationId() };
    try {
      const answer = await session.call('RequestReplacement', { siteIds, operationId: pendingOperation.operationId });
      pendingOperation = null;
      onRequested(answer.jobs.map((j) => j.jobId));
    } catch (raw) {
      showError(raw);
    }
  };

  const requestButton = h(
    'button',
    { type: 'button', className: 'primary', onclick: () => void request(), disabled: true },
    'Request replacement',
  );

  function render(): void {
    requestButton.disabled = selected.size === 0;
    requestButton.textContent = selected.size > 1 ? `Request replacement of ${selected.size} devices` : 'Request replacement';
    if (sites.length === 0) {
      replaceChildren(results, h('p', {}, 'No sites match.'));
      return;
    }
    const now = new Date();
    replaceChildren(
      results,
      // Wider than a task pane: the table scrolls sideways in its own (keyboard-scrollable) region, not the page.
      h(
        'div',
        { className: 'table-scroll', role: 'region', 'aria-label': 'Sites found', tabindex: 0 },
        h(
          'table',
          { className: 'sites-table' },
          h('caption', { className: 'visually-hidden' }, 'Sites'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, h('span', { className: 'visually-hidden' }, 'Select')),
              ['User', 'Device', 'Unsent changes', 'Last sync', 'Site id', 'Status'].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            sites.map((site) =>
              h(
                'tr',
                { className: hasUnsentChanges(site) ? 'unsent' : null },
                h(
                  'td',
                  {},
                  h('input', {
                    type: 'checkbox',
                    'aria-label': `Select ${site.displayName}, ${site.deviceName}`,
                    checked: selected.has(site.siteId),
                    disabled: site.status !== 'active',
                    onchange: (event: Event) => {
                      if ((event.target as HTMLInputElement).checked) selected.add(site.siteId);
                      else selected.delete(site.siteId);
                      render();
                    },
                  }),
                ),
                h(
                  'td',
                  {},
                  `${site.displayName} (${site.userName})`,
                  h('br'),
                  h('span', { className: 'muted' }, `${site.organization}${site.team ? ` · ${site.team}` : ''}`),
                ),
                h('td', {}, site.deviceName),
                h('td', {}, unsentCell(site, now)),
                h('td', {}, time(site.lastSyncAt)),
                h('td', {}, h('code', {}, site.siteId)),
                h('td', {}, site.status),
              ),
            ),
          ),
        ),
      ),
    );
  }

  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Advanced find' },
    h('h2', {}, 'Advanced find'),
    h('label', { for: orgId }, 'Organization'),
    org,
    h('label', { for: userId }, 'User'),
    user,
    h('div', { className: 'toolbar' }, h('button', { type: 'submit' }, 'Find sites')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void find();
  });
  element.append(h('h1', { id: 'sites-title' }, 'Sites'), form, results, h('div', { className: 'toolbar' }, requestButton), outcome);
  void find();
  return { element, dispose: () => undefined };
}
