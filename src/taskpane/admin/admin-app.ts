import { ProtocolError } from '../../protocol/index.js';
import { describeError } from '../services/describe-error.js';
import { formText } from '../dom/form-text.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import type { View } from '../dom/view.js';
import { createAdminJobsView } from './admin-jobs-view.js';
import { createAdminPackagesView } from './admin-packages-view.js';
import { AdminSession } from './admin-session.js';
import { createAdminSitesView } from './admin-sites-view.js';

type Section = 'sites' | 'replacements' | 'packages';
const SECTIONS: readonly { readonly id: Section; readonly label: string }[] = [
  { id: 'sites', label: 'Sites' },
  { id: 'replacements', label: 'Replacements' },
  { id: 'packages', label: 'Packages' },
];

/**
 * The administrator's page (served by the gateway at /pane/admin.html): sign in,
 * then sites and Advanced Find, replacement jobs step by step, and packages.
 */
export function startAdminApp(root: HTMLElement, gatewayUrl: string): void {
  let view: View | null = null;
  const mount = (next: View) => {
    view?.dispose();
    view = next;
  };

  const signIn = (error?: HTMLElement) => {
    const userId = uniqueId('user');
    const passwordId = uniqueId('password');
    const form = h(
      'form',
      { className: 'card' },
      h('label', { for: userId }, 'User name'),
      h('input', { id: userId, type: 'text', name: 'userName', autocomplete: 'username', required: true }),
      h('label', { for: passwordId }, 'Password'),
      h('input', { id: passwordId, type: 'password', name: 'password', autocomplete: 'current-password', required: true }),
      error ?? null,
      h('div', { className: 'toolbar' }, h('button', { type: 'submit', className: 'primary' }, 'Sign in')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      void AdminSession.signIn(gatewayUrl, formText(data, 'userName').trim(), formText(data, 'password')).then(
        (session) => shell(session, 'sites'),
        (raw: unknown) => {
          const failure = raw instanceof ProtocolError ? raw : new ProtocolError('CONNECTIVITY', String(raw));
          const words =
            failure.code === 'FORBIDDEN'
              ? { title: 'This account is not an administrator.', next: 'Sign in with an administrator account.' }
              : describeError(failure, 'signIn');
          signIn(messageBar('error', words.title, words.next));
        },
      );
    });
    replaceChildren(root, h('main', { className: 'admin' }, h('h1', {}, 'Fieldbook administration'), form));
  };

  const shell = (session: AdminSession, section: Section) => {
    const tablist = h('div', { role: 'tablist', 'aria-label': 'Administration' });
    const panel = h('div', { className: 'admin', role: 'tabpanel', id: 'admin-panel' });
    const open = (next: Section) => {
      replaceChildren(
        tablist,
        SECTIONS.map((s) =>
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              id: `admin-tab-${s.id}`,
              'aria-selected': String(s.id === next),
              'aria-controls': 'admin-panel',
              onclick: () => open(s.id),
            },
            s.label,
          ),
        ),
      );
      panel.setAttribute('aria-labelledby', `admin-tab-${next}`);
      const nextView =
        next === 'sites'
          ? createAdminSitesView(session, () => open('replacements'))
          : next === 'replacements'
            ? createAdminJobsView(session)
            : createAdminPackagesView(session);
      mount(nextView);
      replaceChildren(panel, nextView.element);
    };
    replaceChildren(
      root,
      h(
        'header',
        { className: 'pane-header' },
        h('span', { className: 'title' }, 'Fieldbook administration'),
        h('span', { className: 'muted' }, session.displayName),
        h('button', { type: 'button', className: 'subtle', onclick: () => void session.signOut().then(() => signIn()) }, 'Sign out'),
      ),
      // The main landmark holds the tabs and their panel (a tabpanel role on <main> would hide the landmark).
      h('main', { className: 'admin-main' }, tablist, panel),
    );
    open(section);
  };

  const resumed = AdminSession.resume(gatewayUrl);
  if (resumed) shell(resumed, 'sites');
  else signIn();
}
