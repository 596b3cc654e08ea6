import { combineLatest, from, startWith, switchMap } from 'rxjs';
import type { LocalRecord } from '../../store/index.js';
import type { PaneSession } from '../services/pane-session.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import type { SimulatedMailbox, SimulatedMessage } from '../host/simulated-mailbox.js';
import { buildSampleInbox, type SampleInboxData } from '../mail/build-sample-inbox.js';
import { mailObjectRoles } from '../mail/mail-object-roles.js';
import { formatDateTime } from '../format/display-format.js';

/**
 * The plain browser's stand-in for Outlook's message list: sample messages built
 * from the rep's own contacts (plus one unknown sender), selected with toggle
 * buttons. Selecting one feeds the mail context view exactly as Outlook would.
 */
export function createMailboxSimulatorView(session: PaneSession, mailbox: SimulatedMailbox): View {
  const disposables = new Disposables();
  const headingId = uniqueId('mailbox-simulator');
  const list = h('ul', { className: 'mail-sim-list', role: 'list' });
  const element = h(
    'section',
    { className: 'mailbox mail-sim', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, 'Mailbox simulator'),
    h(
      'p',
      { className: 'muted' },
      'In Outlook, the selected message comes from Outlook. In this browser, select one of these sample messages, written by your own contacts.',
    ),
    list,
  );

  let selectedId: string | null = null;
  let currentMessages: readonly SimulatedMessage[] = [];
  disposables.add(
    mailbox.messages$.subscribe((messages) => {
      currentMessages = messages;
      const focused =
        document.activeElement instanceof HTMLElement && list.contains(document.activeElement)
          ? document.activeElement.dataset['messageId']
          : undefined;
      replaceChildren(
        list,
        messages.length === 0
          ? h('li', { className: 'muted' }, 'Preparing sample messages…')
          : messages.map((message) =>
              h(
                'li',
                {},
                h(
                  'button',
                  {
                    type: 'button',
                    className: 'mail-sim-message',
                    'data-message-id': message.id,
                    'aria-pressed': String(message.id === selectedId),
                    onclick: () => mailbox.select(message.id === selectedId ? null : message.id),
                  },
                  h('span', { className: 'mail-sim-from' }, message.from.name),
                  ' ',
                  h('span', { className: 'mail-sim-email' }, message.from.email),
                  ' ',
                  h('span', { className: 'mail-sim-subject' }, message.subject),
                  ' ',
                  h('span', { className: 'mail-sim-time' }, formatDateTime(message.receivedAt)),
                ),
              ),
            ),
      );
      if (focused !== undefined) list.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(focused)}"]`)?.focus();
    }),
  );

  // Selection only flips aria-pressed: rebuilding would take the focus away from the pressed button.
  disposables.add(
    combineLatest([mailbox.selectedId$, mailbox.messages$]).subscribe(([id]) => {
      selectedId = id;
      for (const button of list.querySelectorAll<HTMLButtonElement>('button[data-message-id]')) {
        button.setAttribute('aria-pressed', String(button.dataset['messageId'] === id));
      }
    }),
  );

  // Times count back from when the pane opened, so rebuilding the inbox keeps them.
  const now = Date.now();
  let builtFor: string | null = null;

  disposables.add(
    session.changes$
      .pipe(
        startWith(undefined),
        switchMap(() => from(loadInboxData(session, now))),
      )
      .subscribe((data) => {
        const signature = contactsSignature(data);
        const current = currentMessages;
        // An inbox someone else filled (a test, a demo script) is kept until the contacts change.
        if (builtFor === null && current.length > 0) {
          builtFor = signature;
          return;
        }
        if (current.length > 0 && signature === builtFor) return;
        builtFor = signature;
        mailbox.setMessages(buildSampleInbox(data));
      }),
  );

  return { element, dispose: () => disposables.dispose() };
}

/** The rep's contacts, accounts and opportunities (the package's types for them); a type the device does not hold (yet) is empty. */
async function loadInboxData(session: PaneSession, now: number): Promise<SampleInboxData> {
  // Without a package (yet) the inbox holds the unknown sender only, as with a package without contacts.
  const roles = mailObjectRoles(await session.requirePackage().catch(() => ({ objects: [] })));
  const list = async (objectType: string | undefined): Promise<LocalRecord[]> => {
    if (objectType === undefined) return [];
    try {
      return await session.store.listRecords(objectType);
    } catch {
      return [];
    }
  };
  const [contacts, accounts, opportunities] = await Promise.all([
    list(roles.contact?.object.name),
    list(roles.account?.object.name),
    list(roles.opportunity?.object.name),
  ]);
  return { roles, contacts, accounts, opportunities, now };
}

/** What of the contacts the inbox is built from: a change here rebuilds it. */
function contactsSignature(data: SampleInboxData): string {
  const role = data.roles.contact;
  const fields = role ? [role.firstName, role.lastName, role.email, role.jobTitle, role.account] : [];
  return JSON.stringify(
    data.contacts
      .filter((c) => c.state !== 'deleted')
      .map((c) => [c.localId, ...fields.map((name) => (name === null ? null : (c.fields[name] ?? null)))])
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
  );
}
