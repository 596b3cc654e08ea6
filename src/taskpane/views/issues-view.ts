import type { CustomizationPackage } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { IssueKind, SyncIssue } from '../../store/index.js';
import { resolveAll } from '../../sync/index.js';
import type { Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { h, uniqueId } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { describeIssue, ISSUE_CHOICES, ISSUE_KIND_WORDS } from '../issues/describe-issue.js';
import { issueTitle } from '../issues/issue-title.js';
import { resolveAllOptions, type ResolveAllOption } from '../issues/resolve-all-options.js';
import { createArchiveView } from './archive-view.js';
import { createIssueDetailView } from './issue-detail-view.js';
import { issuesErrorText } from './issues-error-text.js';
import { replaceKeepingFocus } from './issues-keep-focus.js';
import { createNotice } from './issues-notice.js';
import { createSyncNowControl } from './issues-sync-now.js';

const KINDS: readonly IssueKind[] = ['bothUpdated', 'updatedVsDeleted', 'deletedVsUpdated', 'duplicate', 'failed'];

/**
 * "Conflicts and sync issues": the open issues (re-read after every store write),
 * "resolve all the same way", "sync now to apply" once answers are saved, and the
 * archive below. With `route.issueId` it shows that issue's detail instead.
 */
export function createIssuesView(session: PaneSession, navigate: Navigate, route: { readonly issueId?: string }): View {
  if (route.issueId !== undefined) return createIssueDetailView(session, navigate, route.issueId);

  const disposables = new Disposables();
  const headingId = uniqueId('issues-title');
  const listHeadingId = uniqueId('issues-list-title');
  const heading = h('h1', { id: headingId, tabindex: -1 }, 'Conflicts and sync issues');
  const listHeading = h('h2', { id: listHeadingId, tabindex: -1 }, 'Open issues');
  const list = h('div', { className: 'issues-list' });
  const notice = createNotice();
  const syncNow = createSyncNowControl(session);
  syncNow.setVisible(false);
  disposables.add(() => syncNow.dispose());

  // "Resolve all the same way": built once, so the chosen kind survives re-renders.
  const bulkHeadingId = uniqueId('issues-bulk-title');
  const kindSelectId = uniqueId('issues-bulk-kind');
  const kindSelect = h('select', { id: kindSelectId });
  let bulkOptions: ResolveAllOption[] = [];
  const bulk = h(
    'section',
    { className: 'card issues-bulk', 'aria-labelledby': bulkHeadingId },
    h('h2', { id: bulkHeadingId }, 'Resolve all the same way'),
    h('label', { for: kindSelectId }, 'Which issues'),
    kindSelect,
    h(
      'div',
      { className: 'toolbar' },
      h('button', { type: 'button', onclick: () => void answerAll('local') }, 'Keep mine for all'),
      h('button', { type: 'button', onclick: () => void answerAll('server') }, 'Keep theirs for all'),
    ),
  );

  const archive = createArchiveView(session);
  disposables.add(() => archive.dispose());

  const element = h(
    'section',
    { className: 'issues-view', 'aria-labelledby': headingId },
    heading,
    syncNow.element,
    notice.element,
    bulk,
    h('section', { 'aria-labelledby': listHeadingId }, listHeading, list),
    archive.element,
  );

  let disposed = false;
  let seq = 0;
  let signature = '';

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const [issues, pkg] = await Promise.all([session.store.listIssues(), session.package().catch(() => null)]);
    // A failed delete has no version in the issue: its title comes from the stored record.
    const fallbacks = new Map<string, Readonly<Record<string, FieldValue>> | null>();
    for (const issue of issues) {
      if (issue.local === null && issue.server === null)
        fallbacks.set(issue.id, (await session.store.getRecord(issue.objectType, issue.localId))?.fields ?? null);
    }
    if (disposed || mine !== seq) return;
    const next = JSON.stringify([issues, pkg?.hash ?? null, [...fallbacks]]);
    if (next === signature) return;
    signature = next;
    render(issues, pkg, fallbacks);
  }

  function render(
    issues: readonly SyncIssue[],
    pkg: CustomizationPackage | null,
    fallbacks: ReadonlyMap<string, Readonly<Record<string, FieldValue>> | null>,
  ): void {
    syncNow.setVisible(issues.some((i) => i.resolution !== null));

    bulkOptions = resolveAllOptions(issues);
    const chosen = kindSelect.value;
    kindSelect.replaceChildren(...bulkOptions.map((o) => h('option', { value: o.value }, o.label)));
    kindSelect.value = bulkOptions.some((o) => o.value === chosen) ? chosen : 'all';
    const anyOpen = (bulkOptions[0]?.count ?? 0) > 0;
    bulk.hidden = !anyOpen;
    if (!anyOpen && bulk.contains(document.activeElement)) listHeading.focus();

    listHeading.textContent = issues.length === 0 ? 'Open issues' : `Open issues (${issues.length})`;
    if (issues.length === 0) {
      replaceKeepingFocus(list, [h('p', { className: 'issues-empty' }, 'No conflicts or sync issues.')], () => listHeading);
      return;
    }
    // Unanswered first, newest first.
    const sorted = [...issues].sort((a, b) => Number(a.resolution !== null) - Number(b.resolution !== null) || b.detectedAt - a.detectedAt);
    const items = sorted.map((issue) => {
      const object = pkg?.objects.find((o) => o.name === issue.objectType);
      const words = describeIssue(issue);
      const title = issueTitle(issue, object, fallbacks.get(issue.id));
      const detailsId = uniqueId('issue-details');
      return h(
        'li',
        { className: 'issues-item' },
        h(
          'button',
          {
            type: 'button',
            className: 'subtle issues-open',
            'data-focus-key': `open:${issue.id}`,
            'aria-describedby': detailsId,
            onclick: () => navigate({ tab: 'issues', issueId: issue.id }),
          },
          title,
        ),
        h(
          'div',
          { id: detailsId },
          h(
            'div',
            { className: 'issues-line' },
            h('span', { className: issue.kind === 'failed' ? 'tag unsynced' : 'tag conflict' }, words.kind),
            h('span', { className: 'tag' }, object?.label ?? issue.objectType),
          ),
          h('div', { className: 'muted' }, words.changed),
          words.answer ? h('div', { className: 'issues-answered' }, `${words.answer}. ${words.answerChoice ?? ''}`) : null,
        ),
      );
    });
    replaceKeepingFocus(list, [h('ul', { className: 'plain' }, items)], () => listHeading);
  }

  async function answerAll(choice: 'local' | 'server'): Promise<void> {
    const option = bulkOptions.find((o) => o.value === kindSelect.value) ?? bulkOptions[0];
    if (!option || option.count === 0) {
      answersSavedAtRun = null;
      notice.show({ kind: 'info', title: 'There are no unanswered issues of that kind.' });
      return;
    }
    const kind = option.value === 'all' ? undefined : option.value;
    const label = choice === 'local' ? 'Keep mine' : 'Keep theirs';
    const kinds = kind ? [kind] : KINDS.filter((k) => bulkOptions.some((o) => o.value === k));
    const plural = option.count === 1 ? 'issue' : 'issues';
    const confirmed = await confirmDialog({
      title: `${label} for ${option.count} ${plural}?`,
      body: [
        `This answers ${option.count} unanswered ${plural}${kind ? ` of the kind “${ISSUE_KIND_WORDS[kind]}”` : ''}. For each kind:`,
        ...kinds.map((k) => `${ISSUE_KIND_WORDS[k]} — ${ISSUE_CHOICES[k][choice].label}: ${ISSUE_CHOICES[k][choice].means}`),
        'Answers are applied at the next sync; you can change any of them until then.',
      ],
      confirm: `${label} for ${option.count} ${plural}`,
      danger: choice === 'server',
    });
    if (!confirmed || disposed) return;
    try {
      const count = await resolveAll(session.store, { choice }, kind);
      // An earlier "Synced. Your answers were applied." is not true of these.
      syncNow.clearNotice();
      notice.show({
        kind: 'success',
        title: `${count} ${count === 1 ? 'answer' : 'answers'} saved.`,
        next: 'They are applied at the next sync.',
      });
      answersSavedAtRun = syncRuns;
    } catch (error) {
      answersSavedAtRun = null;
      notice.show(issuesErrorText(error, 'The answers could not be saved.'));
    }
  }

  // "Applied at the next sync" is stale once a sync that began after the answers were saved ends well.
  let syncRuns = 0;
  let answersSavedAtRun: number | null = null;
  let wasSyncing = session.engine.current.phase === 'syncing';
  disposables.add(
    session.engine.status$.subscribe((status) => {
      const syncing = status.phase === 'syncing';
      if (syncing && !wasSyncing) syncRuns += 1;
      wasSyncing = syncing;
      if (status.phase === 'done' && answersSavedAtRun !== null && syncRuns > answersSavedAtRun) {
        answersSavedAtRun = null;
        notice.clear();
      }
    }),
  );
  disposables.add(
    session.changes$.subscribe(() => {
      refresh().catch((error: unknown) => {
        if (!disposed) notice.show(issuesErrorText(error, 'The issues could not be read.'));
      });
    }),
  );

  return {
    element,
    dispose() {
      disposed = true;
      disposables.dispose();
    },
  };
}
