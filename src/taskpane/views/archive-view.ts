import type { CustomizationPackage } from '../../metadata/index.js';
import { ProtocolError } from '../../protocol/index.js';
import type { ArchiveEntry } from '../../store/index.js';
import { importChanges, type ImportedLine } from '../../sync/index.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_TITLE } from '../services/replaced-device-text.js';
import { downloadFile } from '../dom/download-file.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { archiveCsv } from '../issues/archive-csv.js';
import { archiveFileName } from '../issues/archive-file-name.js';
import { CHANGE_WORDS } from '../issues/changes-file-json.js';
import { exportChanges } from '../issues/export-changes.js';
import { formatTime } from '../issues/format-time.js';
import { importLineText, importOutcomeWords, importSummary } from '../issues/import-report-text.js';
import { issueTitle } from '../issues/issue-title.js';
import { readableReason } from '../issues/readable-reason.js';
import { issuesErrorText } from './issues-error-text.js';
import { replaceKeepingFocus } from './issues-keep-focus.js';
import { createNotice } from './issues-notice.js';

/** Far above any changes file (10,000 changes), low enough to read in the pane. */
const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
const IMPORT_NOTE =
  'Import takes the changes file another of your devices exported (for example the one your administrator replaced) and enters its changes here; the next sync sends them.';

/**
 * The archive: local changes that could not be uploaded (an incompatible package,
 * a replaced device), kept for the rep to read and export; and Import, which takes
 * a changes file exported on another device of the rep's (a replaced one) and
 * enters its changes here as local edits (sync/import-changes.ts). Shown below the issues.
 */
export function createArchiveView(session: PaneSession): View {
  const disposables = new Disposables();
  const headingId = uniqueId('archive-title');
  const heading = h('h2', { id: headingId, tabindex: -1 }, 'Archive');
  const body = h('div', {});
  const notice = createNotice();
  const report = h('div', {});
  const importNoteId = uniqueId('archive-import-note');
  const importNote = h('p', { id: importNoteId, className: 'muted' }, IMPORT_NOTE);
  const fileInput = h('input', { type: 'file', accept: '.json,application/json', hidden: true, 'aria-label': 'Changes file to import' });
  const importButton = h(
    'button',
    { type: 'button', 'aria-describedby': importNoteId, onclick: () => fileInput.click() },
    'Import changes…',
  );
  // The visible name ends in "…" (a file choice follows); its accessible name is "Import changes".
  importButton.setAttribute('aria-label', 'Import changes');
  const element = h(
    'section',
    { className: 'archive-view', 'aria-labelledby': headingId },
    heading,
    h('p', { className: 'muted' }, 'Changes this device could not upload. They are kept here so you can export them and enter them again.'),
    body,
    h('div', { className: 'toolbar' }, importButton, fileInput),
    importNote,
    notice.element,
    report,
  );
  let disposed = false;
  let seq = 0;
  let signature = '';
  let importing = false;
  let revokedAt: number | null = null;

  const renderImport = () => {
    importButton.disabled = importing || revokedAt !== null;
    importNote.textContent =
      revokedAt !== null ? `${REPLACED_TITLE} Nothing can be imported here: import on your new device.` : IMPORT_NOTE;
  };

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
          // A deleted record's name is in the values it was based on.
          const fields = entry.state === 'deleted' && entry.base ? entry.base : entry.fields;
          return h(
            'li',
            {},
            h(
              'div',
              { className: 'issues-line' },
              h('strong', {}, issueTitle({ local: fields, server: null, rowId: entry.rowId, localId: entry.localId }, object)),
              h('span', { className: 'tag' }, object?.label ?? entry.objectType),
            ),
            h('div', {}, readableReason(entry.reason)),
            h('div', { className: 'muted' }, `${CHANGE_WORDS[entry.state]} · archived on ${formatTime(entry.archivedAt)}`),
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
      const entries = (await session.store.listArchive()).map((entry) => ({ ...entry, reason: readableReason(entry.reason) }));
      let name: string;
      // JSON: the changes file another device can import, with the records' names; CSV: a table to read.
      if (format === 'json') name = await exportChanges(session, entries);
      else {
        name = archiveFileName(format, new Date());
        downloadFile(name, 'text/csv;charset=utf-8', archiveCsv(entries));
      }
      notice.show({ kind: 'success', title: `Exported ${entries.length} ${entries.length === 1 ? 'change' : 'changes'} to ${name}.` });
    } catch (error) {
      notice.show({
        kind: 'error',
        title: 'The archive could not be exported.',
        next: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async function importFile(file: File): Promise<void> {
    if (importing) return;
    importing = true;
    renderImport();
    replaceChildren(report);
    notice.show({ kind: 'info', title: `Importing ${file.name}…` });
    try {
      if (file.size > MAX_IMPORT_BYTES) {
        throw new ProtocolError(
          'INVALID_REQUEST',
          `${file.name} is ${Math.ceil(file.size / 1024 / 1024)} MB, too large for a changes file.`,
        );
      }
      const text = await file.text();
      const pkg = await session.requirePackage();
      const lines = await importChanges(session.store, pkg.objects, session.login.userName, text, Date.now());
      if (disposed) return;
      notice.show(importSummary(lines));
      renderReport(lines, pkg);
    } catch (error) {
      if (disposed) return;
      // A refused file wrote nothing: its message names what is wrong with it.
      if (error instanceof ProtocolError && error.code === 'INVALID_REQUEST')
        notice.show({ kind: 'error', title: `${file.name} could not be imported.`, next: error.message });
      else notice.show(issuesErrorText(error, `${file.name} could not be imported.`));
    } finally {
      importing = false;
      if (!disposed) renderImport();
    }
  }

  function renderReport(lines: readonly ImportedLine[], pkg: CustomizationPackage): void {
    if (lines.length === 0) return;
    const reportHeadingId = uniqueId('archive-import-report');
    replaceChildren(
      report,
      h(
        'section',
        { className: 'card', 'aria-labelledby': reportHeadingId },
        h('h3', { id: reportHeadingId }, 'What was imported'),
        h(
          'ul',
          { className: 'plain archive-list' },
          lines.map((line) => {
            const object = pkg.objects.find((o) => o.name === line.objectType);
            const tag = line.outcome === 'conflict' ? 'tag conflict' : line.outcome === 'skipped' ? 'tag unsynced' : 'tag';
            return h(
              'li',
              {},
              h(
                'div',
                { className: 'issues-line' },
                h('span', { className: tag }, importOutcomeWords(line)),
                h('span', { className: 'tag' }, object?.label ?? line.objectType),
              ),
              h('div', {}, importLineText(line)),
            );
          }),
        ),
      ),
    );
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    // The same file can be chosen again (a second import changes nothing and says so).
    fileInput.value = '';
    if (file) void importFile(file);
  });

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
  disposables.add(
    deviceRevoked$(session).subscribe((at) => {
      revokedAt = at;
      renderImport();
    }),
  );
  renderImport();

  return {
    element,
    dispose() {
      disposed = true;
      disposables.dispose();
    },
  };
}
