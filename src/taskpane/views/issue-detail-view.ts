import { type CustomizationPackage, findField, type ObjectDefinition, recordTitle } from '../../metadata/index.js';
import type { FieldValue } from '../../protocol/index.js';
import type { LocalRecord, SyncIssue } from '../../store/index.js';
import { resolveIssue } from '../../sync/index.js';
import type { BackTarget, Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { h, uniqueId, type Child } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import type { VersionRow } from '../issues/compare-versions.js';
import { defaultPicks, type Side } from '../issues/default-picks.js';
import { describeIssue, ISSUE_KIND_WORDS, type IssueChoice } from '../issues/describe-issue.js';
import { duplicateIssueText } from '../issues/duplicate-issue-text.js';
import { formatFieldValue, type FormatOptions } from '../issues/format-field-value.js';
import { formatTime } from '../issues/format-time.js';
import { issueComparison } from '../issues/issue-comparison.js';
import { issueTitle } from '../issues/issue-title.js';
import { issuesErrorText } from './issues-error-text.js';
import { replaceKeepingFocus } from './issues-keep-focus.js';
import { createNotice } from './issues-notice.js';
import { loadReferenceTitles, referenceTitleFrom } from './issues-reference-titles.js';
import { createSyncNowControl, describeSyncResult } from './issues-sync-now.js';

const formatDateTime = (iso: string) => formatTime(Date.parse(iso));

/** What one render of an issue needs besides the issue: read together, compared as one signature. */
interface IssueContext {
  readonly object: ObjectDefinition | undefined;
  /** The issue's record as stored now (a deleted one too, with its base). */
  readonly record: LocalRecord | undefined;
  /** How values read: datetimes for people, references by the name of the record on this device. */
  readonly format: FormatOptions;
  /** A duplicate's existing record, when it is on this device. */
  readonly existing: LocalRecord | undefined;
}

/**
 * One issue: both versions side by side with the differing fields highlighted and
 * what each side changed since the last sync (issueComparison), references by name,
 * the answers its kind allows (per field for "both updated"; for a duplicate the
 * existing record, "Use the existing record" and "Edit mine"), "Retry now" for a
 * failed operation, and the way back. Re-read after every store write; when a sync
 * closes the issue, it says so.
 */
export function createIssueDetailView(session: PaneSession, navigate: Navigate, issueId: string): View {
  const disposables = new Disposables();
  const headingId = uniqueId('issue-title');
  const radioPrefix = uniqueId('pick');
  const notice = createNotice();
  const syncNow = createSyncNowControl(session);
  disposables.add(() => syncNow.dispose());
  const content = h('div', {}, h('p', {}, 'Loading…'));
  // A record opened from here comes back here ("Back to the issue"), not to its list.
  const backHere: BackTarget = { route: { tab: 'issues', issueId }, label: 'the issue' };
  const back = h(
    'button',
    { type: 'button', className: 'subtle issues-back', onclick: () => navigate({ tab: 'issues' }) },
    h('span', { 'aria-hidden': 'true' }, '← '),
    'Back to all issues',
  );
  const element = h('section', { className: 'issue-detail', 'aria-labelledby': headingId }, back, content);

  /** Field picks the rep made here and has not saved yet: kept across re-renders. */
  const touched = new Map<string, Side>();
  let disposed = false;
  let seq = 0;
  let signature = '';
  let firstRender = true;
  let engineSyncing = session.engine.current.phase === 'syncing';
  let retryButton: HTMLButtonElement | null = null;
  let retrying = false;
  /** The notice shows an answer's confirmation, which a closed issue makes stale. */
  let noticeIsAnswer = false;

  const heading = () => content.querySelector<HTMLElement>(`#${CSS.escape(headingId)}`);

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const [issues, pkg] = await Promise.all([session.store.listIssues(), session.package().catch(() => null)]);
    const issue = issues.find((i) => i.id === issueId) ?? null;
    const [objectType, localId] = issue ? [issue.objectType, issue.localId] : splitIssueId(issueId);
    const record = objectType && localId ? await session.store.getRecord(objectType, localId) : undefined;
    const object = pkg?.objects.find((o) => o.name === objectType);
    const titles = issue
      ? await loadReferenceTitles(session.store, pkg?.objects ?? [], object, [issue.local, issue.server?.fields, record?.base])
      : new Map<string, string>();
    const existingRowId = issue?.kind === 'duplicate' ? (issue.server?.rowId ?? null) : null;
    const existing = existingRowId && objectType ? await session.store.getRecordByRowId(objectType, existingRowId) : undefined;
    if (disposed || mine !== seq) return;
    const next = JSON.stringify([issue, record ?? null, pkg?.hash ?? null, [...titles], existing ?? null]);
    if (next === signature) return;
    signature = next;
    const context: IssueContext = { object, record, existing, format: { formatDateTime, referenceTitle: referenceTitleFrom(titles) } };
    replaceKeepingFocus(content, issue ? renderIssue(issue, context) : renderClosed(pkg, record), heading);
    if (firstRender) {
      firstRender = false;
      heading()?.focus();
    }
  }

  function renderClosed(pkg: CustomizationPackage | null, record: LocalRecord | undefined): Child[] {
    syncNow.setVisible(false);
    if (noticeIsAnswer) notice.clear();
    noticeIsAnswer = false;
    const object = record ? pkg?.objects.find((o) => o.name === record.objectType) : undefined;
    return [
      h('h1', { id: headingId, tabindex: -1 }, 'This issue is closed'),
      h('p', {}, 'A sync applied the answer or the change went through. Nothing is left to do here.'),
      notice.element,
      syncNow.element,
      record && record.state !== 'deleted' ? openRecordButton(record, object) : null,
    ];
  }

  function renderIssue(issue: SyncIssue, context: IssueContext): (Child | Child[])[] {
    const { object, record } = context;
    const words = describeIssue(issue);
    const title = issueTitle(issue, object, record?.fields);
    const duplicate = issue.kind === 'duplicate';
    const show = (field: string, value: FieldValue) => formatFieldValue(value, object && findField(object, field), context.format);
    // A duplicate says which record holds the key, in words; its error code is no news to a rep.
    const problem = duplicate
      ? messageBar('warning', duplicateIssueText(issue, object, show) ?? issue.message)
      : messageBar(issue.kind === 'failed' ? 'error' : 'warning', issue.message, issue.code ? `Error code: ${issue.code}` : undefined);
    problem.removeAttribute('role'); // static text of the page, not news
    let answered: HTMLElement | null = null;
    if (words.answer) {
      answered = messageBar('info', words.answer, `${words.answerChoice ?? ''}. You can change your answer until then.`);
      answered.removeAttribute('role');
    }
    syncNow.setVisible(issue.resolution !== null);
    return [
      h(
        'h1',
        { id: headingId, tabindex: -1 },
        title,
        h('span', { className: 'visually-hidden' }, ': '),
        h('span', { className: issue.kind === 'failed' ? 'tag unsynced' : 'tag conflict' }, words.kind),
      ),
      h('p', { className: 'muted' }, `${object?.label ?? issue.objectType} · ${words.changed}`),
      problem,
      duplicate ? existingRecordPart(issue, context) : null,
      answered,
      syncNow.element,
      notice.element,
      comparison(issue, context),
      issue.kind === 'failed' ? retrySection() : null,
      duplicate ? duplicateChoices(words.keepMine, words.keepTheirs, context) : choices(issue, words.keepMine, words.keepTheirs),
      record && record.state !== 'deleted' && !duplicate ? openRecordButton(record, object) : null,
    ];
  }

  function comparison(issue: SyncIssue, context: IssueContext): Child[] {
    const { object, record } = context;
    if (issue.local === null && issue.server === null) {
      return [
        h(
          'p',
          {},
          issue.kind === 'failed'
            ? 'You deleted this record; the delete could not be applied yet.'
            : 'Neither version of this record is available.',
        ),
      ];
    }
    const base = record?.base ?? (issue.kind === 'deletedVsUpdated' ? (record?.fields ?? null) : null);
    const { caption, mineHeading, theirsHeading, rows, pickable } = issueComparison(issue, base, object, context.format);
    const both = theirsHeading !== null;
    const differing = rows.filter((r) => r.differs).map((r) => r.field);
    const defaults = pickable
      ? defaultPicks(differing, issue.local, issue.server?.fields ?? null, record?.base ?? null, issue.resolution)
      : {};
    const pickOf = (field: string): Side => touched.get(field) ?? defaults[field] ?? 'local';

    const table = h(
      'table',
      { className: 'issues-compare' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Field'),
          h('th', { scope: 'col' }, mineHeading),
          both ? h('th', { scope: 'col' }, theirsHeading) : null,
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            { className: row.highlighted ? 'differs' : null },
            h(
              'th',
              { scope: 'row' },
              row.label,
              row.highlightWords ? h('span', { className: 'visually-hidden' }, ` (${row.highlightWords})`) : null,
            ),
            h('td', {}, pickable && row.differs ? pickCell(row, 'local', pickOf(row.field)) : row.mine, note(row.mineNote)),
            both
              ? h('td', {}, pickable && row.differs ? pickCell(row, 'server', pickOf(row.field)) : row.theirs, note(row.theirsNote))
              : null,
          ),
        ),
      ),
    );
    const parts: Child[] = [h('div', { className: 'issues-table-scroll' }, table)];
    if (pickable && differing.length > 0) {
      parts.push(
        h(
          'p',
          { className: 'muted' },
          'Highlighted fields differ. Choose a version for each, then apply your picks. Fields not shown as different stay as they are.',
        ),
        h(
          'div',
          { className: 'toolbar' },
          h(
            'button',
            {
              type: 'button',
              className: 'primary',
              'data-focus-key': 'apply-picks',
              onclick: () =>
                void answer({ choice: 'fields', pick: Object.fromEntries(differing.map((f) => [f, pickOf(f)])) }, 'Your picks'),
            },
            'Apply my picks',
          ),
        ),
      );
    }
    return parts;
  }

  function note(text: string | null): HTMLElement | null {
    return text === null ? null : h('span', { className: 'issues-change-note' }, text);
  }

  /** Which record holds the key: a way to it when it is on this device, else why it is not. */
  function existingRecordPart(issue: SyncIssue, context: IssueContext): HTMLElement {
    const { existing, object } = context;
    if (existing) {
      return h(
        'div',
        { className: 'toolbar' },
        h(
          'button',
          {
            type: 'button',
            'data-focus-key': 'open-existing',
            onclick: () => navigate({ tab: 'records', objectType: existing.objectType, localId: existing.localId, back: backHere }),
          },
          'Open the existing record',
          h('span', { className: 'visually-hidden' }, ` ${recordTitle(existing, object)}`),
        ),
      );
    }
    return h(
      'p',
      { className: 'muted' },
      issue.server
        ? 'The existing record is not on this device (it is outside your filters); its values are shown below.'
        : 'The existing record is not visible to you, so it cannot be shown here.',
    );
  }

  /**
   * A duplicate's answers: the existing record (the usual one: the rep typed a record
   * that is already there), their own record's form to change its key, or sending it
   * again as it is.
   */
  function duplicateChoices(mine: IssueChoice, theirs: IssueChoice, context: IssueContext): HTMLElement {
    const titleId = uniqueId('issue-choices');
    const editMeansId = uniqueId('issue-choice-means');
    const record = context.record?.state === 'created' ? context.record : undefined;
    return h(
      'section',
      { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, 'Choose what to do'),
      h(
        'ul',
        { className: 'plain issues-choices' },
        choiceItem(theirs, 'server', true),
        record
          ? h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  'aria-describedby': editMeansId,
                  'data-focus-key': 'edit-mine',
                  onclick: () =>
                    navigate({ tab: 'records', objectType: record.objectType, localId: record.localId, create: true, back: backHere }),
                },
                'Edit mine',
              ),
              h(
                'p',
                { id: editMeansId, className: 'muted' },
                `Opens your new record to change ${keyWords(context.object)}. Then come back and choose ${mine.label}.`,
              ),
            )
          : null,
        choiceItem(mine, 'local', false),
      ),
    );
  }

  function choiceItem(choice: IssueChoice, side: Side, primary: boolean): HTMLElement {
    const meansId = uniqueId('issue-choice-means');
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          className: primary ? 'primary' : null,
          'aria-describedby': meansId,
          'data-focus-key': `choice:${side}`,
          onclick: () => void answer({ choice: side }, choice.label),
        },
        choice.label,
      ),
      h('p', { id: meansId, className: 'muted' }, choice.means),
    );
  }

  function pickCell(row: VersionRow, side: Side, picked: Side): HTMLElement {
    const valueId = uniqueId('pick-value');
    const input = h('input', {
      type: 'radio',
      name: `${radioPrefix}-${row.field}`,
      value: side,
      checked: picked === side,
      'aria-label': `${side === 'local' ? 'Keep mine' : 'Keep theirs'} for ${row.label}`,
      'aria-describedby': valueId,
      'data-focus-key': `pick:${row.field}:${side}`,
      onchange: () => touched.set(row.field, side),
    });
    return h('label', { className: 'inline issues-pick' }, input, h('span', { id: valueId }, side === 'local' ? row.mine : row.theirs));
  }

  function choices(issue: SyncIssue, mine: IssueChoice, theirs: IssueChoice): HTMLElement {
    const titleId = uniqueId('issue-choices');
    return h(
      'section',
      { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, issue.kind === 'bothUpdated' ? 'Or keep one whole version' : 'Choose what to keep'),
      h(
        'ul',
        { className: 'plain issues-choices' },
        choiceItem(mine, 'local', issue.kind !== 'bothUpdated'),
        choiceItem(theirs, 'server', false),
      ),
    );
  }

  function retrySection(): HTMLElement {
    const titleId = uniqueId('issue-retry');
    retryButton = h('button', { type: 'button', 'data-focus-key': 'retry', onclick: () => void retry() }, 'Retry now');
    setRetryBusy();
    return h(
      'section',
      { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, 'Try again'),
      h('p', {}, 'Failed operations are tried again at every sync. Retry now runs a sync at once.'),
      h('div', { className: 'toolbar' }, retryButton),
    );
  }

  function setRetryBusy(): void {
    if (!retryButton) return;
    const busy = retrying || engineSyncing;
    if (busy) retryButton.setAttribute('aria-disabled', 'true');
    else retryButton.removeAttribute('aria-disabled');
    retryButton.textContent = retrying ? 'Retrying…' : 'Retry now';
  }

  async function retry(): Promise<void> {
    if (retrying || engineSyncing) return;
    retrying = true;
    noticeIsAnswer = false;
    setRetryBusy();
    notice.show({ kind: 'info', title: 'Retrying…' });
    try {
      const status = await session.engine.sync();
      const still = (await session.store.listIssues()).find((i) => i.id === issueId);
      if (disposed) return;
      if (status.phase !== 'done') notice.show(describeSyncResult(status));
      else if (!still) notice.show({ kind: 'success', title: 'The operation went through.', next: 'This issue is closed.' });
      else if (still.kind === 'failed')
        notice.show({ kind: 'error', title: 'It failed again.', next: still.code ? `${still.message} (${still.code})` : still.message });
      else
        notice.show({
          kind: 'warning',
          title: `It is now a conflict: ${ISSUE_KIND_WORDS[still.kind]}.`,
          next: 'Choose what to keep below.',
        });
    } catch (error) {
      if (!disposed) notice.show(issuesErrorText(error, 'The retry could not run.'));
    } finally {
      retrying = false;
      setRetryBusy();
    }
  }

  async function answer(resolution: Parameters<typeof resolveIssue>[2], label: string): Promise<void> {
    try {
      await resolveIssue(session.store, issueId, resolution);
      touched.clear();
      if (disposed) return;
      // The page shows the saved answer itself (its "Answer saved" bar): the notice only speaks it, once,
      // in other words than the bar's, so the bar's words are on the page once.
      syncNow.clearNotice();
      notice.announce({ kind: 'success', title: `Your answer is kept: ${label}.` });
      noticeIsAnswer = true;
    } catch (error) {
      if (!disposed) notice.show(issuesErrorText(error, 'The answer could not be saved.'));
    }
  }

  function openRecordButton(record: LocalRecord, object: ObjectDefinition | undefined): HTMLElement {
    return h(
      'div',
      { className: 'toolbar' },
      h(
        'button',
        {
          type: 'button',
          'data-focus-key': 'open-record',
          onclick: () => navigate({ tab: 'records', objectType: record.objectType, localId: record.localId, back: backHere }),
        },
        'Open record',
        h(
          'span',
          { className: 'visually-hidden' },
          ` ${issueTitle({ local: record.fields, server: null, rowId: record.rowId, localId: record.localId }, object)}`,
        ),
      ),
    );
  }

  disposables.add(
    session.engine.status$.subscribe((status) => {
      engineSyncing = status.phase === 'syncing';
      setRetryBusy();
    }),
  );
  disposables.add(
    session.changes$.subscribe(() => {
      refresh().catch((error: unknown) => {
        if (!disposed) notice.show(issuesErrorText(error, 'The issue could not be read.'));
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

/** The fields of the object's user keys, in words: "its Name and Location". */
function keyWords(object: ObjectDefinition | undefined): string {
  const names = [...new Set(object?.userKeys.flat() ?? [])].map((name) => (object && findField(object, name)?.label) ?? name);
  if (names.length === 0) return 'it';
  return `its ${names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`}`;
}

/** An issue id is `${objectType}/${localId}`: lets a closed issue still offer its record. */
function splitIssueId(id: string): [string | null, string | null] {
  const slash = id.indexOf('/');
  return slash > 0 ? [id.slice(0, slash), id.slice(slash + 1)] : [null, null];
}
