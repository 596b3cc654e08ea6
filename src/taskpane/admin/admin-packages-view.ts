import { ProtocolError } from '../../protocol/index.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import type { View } from '../dom/view.js';
import { newOperationId, type AdminSession } from './admin-session.js';
import { formatDateTime } from '../format/display-format.js';

/** Published packages per responsibility, and publishing a new one from its XML files. */
export function createAdminPackagesView(session: AdminSession): View {
  const element = h('section', { 'aria-labelledby': 'packages-title' });
  const list = h('div');
  const outcome = h('div');
  const filesId = uniqueId('files');
  const responsibilityId = uniqueId('responsibility');
  const files = h('input', { id: filesId, type: 'file', multiple: true, accept: '.xml' });
  const responsibility = h('input', { id: responsibilityId, type: 'text', value: 'R-SALES-REP' });

  const refresh = async () => {
    const packages = (await session.call('ListPackages', {})).packages;
    replaceChildren(
      list,
      h(
        'table',
        {},
        h('caption', { className: 'visually-hidden' }, 'Published packages'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Responsibility', 'Package', 'Published', ''].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          packages.map((p) =>
            h(
              'tr',
              {},
              h('td', {}, p.responsibilityId),
              h('td', {}, `${p.packageId} (revision ${p.revision})`),
              h('td', {}, `${formatDateTime(Date.parse(p.publishedAt))} by ${p.publishedBy}`),
              h('td', {}, p.active ? 'active' : ''),
            ),
          ),
        ),
      ),
    );
  };

  const publish = async () => {
    const chosen = [...(files.files ?? [])];
    if (chosen.length === 0) {
      replaceChildren(
        outcome,
        messageBar('error', 'Choose the package files first.', 'Select info.xml, objects.xml, filters.xml and sync.xml together.'),
      );
      return;
    }
    try {
      const contents = await Promise.all(chosen.map(async (file) => ({ name: file.name, content: await file.text() })));
      const answer = await session.call('PublishPackage', {
        responsibilityId: responsibility.value.trim(),
        files: contents,
        operationId: newOperationId(),
      });
      replaceChildren(
        outcome,
        messageBar('success', `Published ${answer.packageId}.`, 'Devices of this responsibility get it at their next sync.'),
      );
      await refresh();
    } catch (raw) {
      const error = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
      const problems = Array.isArray(error.details?.['problems'])
        ? (error.details['problems'] as { file?: string; path?: string; reason?: string }[])
        : [];
      replaceChildren(
        outcome,
        messageBar('error', 'The package was not published.', error.message),
        problems.length > 0
          ? h(
              'ul',
              {},
              problems.slice(0, 20).map((p) => h('li', {}, `${p.file ?? ''} ${p.path ?? ''}: ${p.reason ?? ''}`)),
            )
          : null,
      );
    }
  };

  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Publish a package' },
    h('h2', {}, 'Publish a package'),
    h('label', { for: responsibilityId }, 'Responsibility'),
    responsibility,
    h('label', { for: filesId }, 'Package files (XML)'),
    files,
    h('div', { className: 'toolbar' }, h('button', { type: 'submit', className: 'primary' }, 'Publish')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void publish();
  });
  element.append(h('h1', { id: 'packages-title' }, 'Packages'), list, form, outcome);
  void refresh().catch((raw: unknown) =>
    replaceChildren(outcome, messageBar('error', 'The packages could not be listed.', raw instanceof Error ? raw.message : String(raw))),
  );
  return { element, dispose: () => undefined };
}
