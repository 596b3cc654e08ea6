import type { CustomizationPackage } from '../../metadata/index.js';
import type { ArchiveEntry, LocalState } from '../../store/index.js';
import type { PaneSession } from '../services/pane-session.js';
import { downloadFile } from '../dom/download-file.js';
import { h, uniqueId } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { archiveCsv } from '../issues/archive-csv.js';
import { archiveFileName } from '../issues/archive-file-name.js';
import { archiveJson } from '../issues/archive-json.js';
import { formatTime } from '../issues/format-time.js';
import { issueTitle } from '../issues/issue-title.js';
import { replaceKeepingFocus } from './issues-keep-focus.js';
import { createNotice } from './issues-notice.js';

const STATE_WORDS: Readonly<Record<LocalState, string>> = {
  created: 'New record',
  updated: 'Changed record',
  deleted: 'Deleted record',
  clean: 'Unchanged record',
};

/**
 * The archive: local changes that could not be uploaded (an incompatible package,
 * a replaced device), kept for the rep to read and export. Shown below the issues.
 */
export function createArchiveView(session: PaneSession): View {
  const disposables = new Disposables();
  const headingId = uniqueId('archive-title');
  const heading = h('h2', { id: headingId, tabindex: -1 }, 'Archive');
  const body = h('div', {});
  const notice = createNotice();
  const element = h(
    'section',
    { className: 'archive-view', 'aria-labelledby': headingId },
    heading,
    h('p', { className: 'muted' }, 'Changes this device could not upload. They are kept here so you can export them and enter them again.'),
    body,
    notice.element,
  );
  let disposed = false;
  let seq = 0;
  let signature = '';

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const [entries, pkg] = await Promise.all([session.store.listArchive(), session.package().catch(() => null)]);
    if (disposed || mine !== seq) return;
    const next = JSON.stringify([entries, pkg?.hash ?? null]);
    if (next === signature) return;
    signature = next;
    replaceKeepingFocus(body, render(entries, pkg), () => heading);
  }

  function render(entries: readonly ArchiveEntry[], pkg: CustomizationPackage | null): HTMLElement[] {
    if (entries.length === 0) return [h('p', { className: 'issues-empty' }, 'No changes are waiting in the archive.')];
    const sorted = [...entries].sort((a, b) => b.archivedAt - a.archivedAt);
    return [
      h(
        'ul',
        { className: 'plain archive-list' },
        sorted.map((entry) => {
          const object = pkg?.objects.find((o) => o.name === entry.objectType);
          return h(
            'li',
            {},
            h(
              'div',
              { className: 'issues-line' },
              h('strong', {}, issueTitle({ local: entry.fields, server: null, rowId: entry.rowId, localId: entry.localId }, object)),
              h('span', { className: 'tag' }, object?.label ?? entry.objectType),
            ),
            h('div', {}, entry.reason),
            h('div', { className: 'muted' }, `${STATE_WORDS[entry.state]} · archived on ${formatTime(entry.archivedAt)}`),
          );
        }),
      ),
      h(
        'div',
        { className: 'toolbar' },
        h('button', { type: 'button', 'data-focus-key': 'export-json', onclick: () => void exportAs('json') }, 'Export JSON'),
        h('button', { type: 'button', 'data-focus-key': 'export-csv', onclick: () => void exportAs('csv') }, 'Export CSV'),
      ),
    ];
  }

  async function exportAs(format: 'json' | 'csv'): Promise<void> {
    try {
      const entries = await session.store.listArchive();
      const name = archiveFileName(format, new Date());
      if (format === 'json') downloadFile(name, 'application/json', archiveJson(entries));
      else downloadFile(name, 'text/csv;charset=utf-8', archiveCsv(entries));
      notice.show({ kind: 'success', title: `Exported ${entries.length} ${entries.length === 1 ? 'change' : 'changes'} to ${name}.` });
    } catch (error) {
      notice.show({
        kind: 'error',
        title: 'The archive could not be exported.',
        next: error instanceof Error ? error.message : String(error),
      });
    }
  }

  disposables.add(
    session.changes$.subscribe(() => {
      refresh().catch((error: unknown) => {
        if (!disposed)
          notice.show({
            kind: 'error',
            title: 'The archive could not be read.',
            next: error instanceof Error ? error.message : String(error),
          });
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
