import { combineLatest, concat, from, of, startWith, Subject, switchMap, type Observable } from 'rxjs';
import { findField, type ObjectDefinition } from '../../metadata/index.js';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import { describeError, type RepMessage } from '../services/describe-error.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { Navigate } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_TITLE } from '../services/replaced-device-text.js';
import { h, replaceChildren, uniqueId, type Child } from '../dom/h.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import type { MailHost, MailMessage } from '../host/mail-host.js';
import { SimulatedMailbox } from '../host/simulated-mailbox.js';
import { DEFAULT_SUBJECT_MAX_LENGTH, emailActivityFields } from '../mail/email-activity-fields.js';
import { findContactsByEmail } from '../mail/find-contact-by-email.js';
import { findTrackedActivity } from '../mail/find-tracked-activity.js';
import { openOpportunitiesOf } from '../mail/open-opportunities-of.js';
import { referenceId } from '../mail/reference-id.js';
import { resolveReference } from '../mail/resolve-reference.js';
import { splitDisplayName } from '../mail/split-display-name.js';
import { RECORD_TAG_TEXT, recordTags } from '../records/record-tags.js';
import { createMailboxSimulatorView } from './mailbox-simulator-view.js';
import { displayFormat, formatDateTime } from '../format/display-format.js';

/** What the pane knows of the selected message's sender. */
interface SenderContext {
  readonly contact: LocalRecord | null;
  /** Further contacts with the same address (the first one is shown). */
  readonly otherMatches: number;
  readonly contactObject: ObjectDefinition | undefined;
  readonly account: LocalRecord | null;
  /** The account reference to give the activity: the resolved account's, else the contact's raw value. */
  readonly accountRef: string | null;
  readonly openOpportunities: readonly LocalRecord[];
  /** Accounts for the "Create contact" form (only loaded when no contact matches). */
  readonly accounts: readonly LocalRecord[];
  readonly tracked: LocalRecord | null;
  readonly subjectMaxLength: number;
}

type Shown =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading'; readonly message: MailMessage }
  | { readonly kind: 'failed'; readonly message: MailMessage; readonly problem: RepMessage }
  | { readonly kind: 'ready'; readonly message: MailMessage; readonly context: SenderContext; readonly signature: string };

interface ContactDraft {
  firstName: string;
  lastName: string;
  email: string;
  accountRef: string;
}

/**
 * The Mail tab: who sent the selected message in the rep's CRM (contact, account,
 * open opportunities), "Create contact" for an unknown sender, and "Track this
 * email" as a finished e-mail activity — neither on a device its administrator
 * replaced, which says why instead. Outlook supplies the message; in a plain
 * browser the mailbox simulator above does. Re-renders when the selection or the
 * store changes; a later selection wins over a slower earlier lookup.
 */
export function createMailContextView(session: PaneSession, host: MailHost, navigate: Navigate): View {
  const disposables = new Disposables();
  const content = h('div', { className: 'mail-context-body' });
  const announcer = h('div', { className: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  let simulator: View | null = null;
  if (host instanceof SimulatedMailbox) {
    simulator = createMailboxSimulatorView(session, host);
    disposables.add(() => simulator?.dispose());
  }

  const element = h('div', { className: 'mail-context' }, simulator?.element, content, announcer);

  // What the rep did per message, kept across re-renders (a sync writing the store must not wipe a half-typed form).
  const drafts = new Map<string, ContactDraft>();
  const opportunityChoice = new Map<string, string>();
  const problems = new Map<string, { readonly action: 'create' | 'track'; readonly problem: RepMessage }>();
  const busy = new Set<string>();
  const createdContact = new Map<string, string>();
  let pendingFocus: string | null = null;
  let shown: Shown = { kind: 'none' };
  let revoked = false;

  const refresh$ = new Subject<void>();
  disposables.add(() => refresh$.complete());

  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  disposables.add(() => clearTimeout(announceTimer));
  const announce = (text: string): void => {
    announcer.textContent = '';
    // Setting the text a moment after clearing makes screen readers read it even when it repeats.
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => (announcer.textContent = text), 50);
  };

  disposables.add(
    combineLatest([host.selected$, session.changes$.pipe(startWith(undefined)), refresh$.pipe(startWith(undefined))])
      .pipe(switchMap(([message]) => lookUp(message)))
      .subscribe((next) => {
        // A store write that changed nothing shown (a sync of other records) leaves the DOM, and the focus, alone.
        if (next.kind === 'ready' && shown.kind === 'ready' && next.signature === shown.signature) {
          shown = next;
          return;
        }
        shown = next;
        render();
      }),
  );

  disposables.add(
    deviceRevoked$(session).subscribe((at) => {
      if (revoked === (at !== null)) return;
      revoked = at !== null;
      render();
    }),
  );

  function lookUp(message: MailMessage | null): Observable<Shown> {
    if (message === null) return of({ kind: 'none' });
    const lookup = from(load(message));
    // Keep the current message on screen while it is looked up again; a new one says it is being looked up.
    return shown.kind !== 'none' && 'message' in shown && shown.message.id === message.id
      ? lookup
      : concat(of<Shown>({ kind: 'loading', message }), lookup);
  }

  async function load(message: MailMessage): Promise<Shown> {
    try {
      const pkg = await session.requirePackage();
      const store = session.store;
      const contactObject = pkg.objects.find((o) => o.name === 'Contact');
      const activityObject = pkg.objects.find((o) => o.name === 'Activity');
      const subjectField = activityObject ? findField(activityObject, 'Subject') : undefined;
      const subjectMaxLength = subjectField?.maxLength ?? DEFAULT_SUBJECT_MAX_LENGTH;

      const matches = await findContactsByEmail(store, message.from.email);
      let contact = matches[0] ?? null;
      if (contact === null) {
        // A contact the rep just created here with another address than the sender's is still "this sender".
        const createdId = createdContact.get(message.id);
        const created = createdId ? await store.getRecord('Contact', createdId) : undefined;
        if (created && created.state !== 'deleted') contact = created;
      }
      const account = contact ? await resolveReference(store, 'Account', contact.fields['AccountId']) : null;
      const rawAccount = contact?.fields['AccountId'];
      const accountRef = account ? referenceId(account) : typeof rawAccount === 'string' && rawAccount !== '' ? rawAccount : null;
      const openOpportunities = account ? await openOpportunitiesOf(store, account) : [];
      const accounts = contact
        ? []
        : (await store.listRecords('Account'))
            .filter((a) => a.state !== 'deleted')
            .sort((a, b) => textOf(a, 'Name').localeCompare(textOf(b, 'Name')));

      let tracked: LocalRecord | null = null;
      if (contact) {
        const expected = emailActivityFields({
          message: { subject: message.subject, receivedAt: message.receivedAt, body: '' },
          contact,
          subjectMaxLength,
        });
        const ids = [...new Set([contact.rowId, contact.localId].filter((id): id is string => id !== null))];
        const activities = (await Promise.all(ids.map((id) => store.findByField('Activity', 'ContactId', id)))).flat();
        tracked = findTrackedActivity(activities, contact, expected);
      }

      const context: SenderContext = {
        contact,
        otherMatches: Math.max(0, matches.length - 1),
        contactObject,
        account,
        accountRef,
        openOpportunities,
        accounts,
        tracked,
        subjectMaxLength,
      };
      return { kind: 'ready', message, context, signature: signatureOf(message, context) };
    } catch (error) {
      return { kind: 'failed', message, problem: toRepMessage(error) };
    }
  }

  function render(): void {
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && content.contains(active) ? active.dataset['focusKey'] : undefined;
    const selection =
      active instanceof HTMLInputElement && focusKey !== undefined ? { start: active.selectionStart, end: active.selectionEnd } : null;

    replaceChildren(content, renderShown());

    const target = pendingFocus ?? focusKey;
    pendingFocus = null;
    if (target === undefined) return;
    const next = content.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(target)}"]`);
    if (!next) return;
    next.focus();
    if (selection && next instanceof HTMLInputElement && target === focusKey) {
      try {
        next.setSelectionRange(selection.start, selection.end);
      } catch {
        // type=email inputs have no selection API.
      }
    }
  }

  function renderShown(): Child | Child[] {
    switch (shown.kind) {
      case 'none':
        return h('p', { className: 'mail-empty' }, 'Select a message to see its sender in your CRM.');
      case 'loading':
        return [senderCard(shown.message, h('p', { role: 'status' }, 'Looking up the sender…'))];
      case 'failed':
        return [senderCard(shown.message, messageBar('error', shown.problem.title, shown.problem.next))];
      case 'ready':
        return renderReady(shown.message, shown.context);
    }
  }

  function senderCard(message: MailMessage, ...body: Child[]): HTMLElement {
    const id = uniqueId('mail-sender');
    return h(
      'section',
      { className: 'card mail-sender', 'aria-labelledby': id },
      h('h2', { id }, 'Sender'),
      h(
        'p',
        { className: 'mail-from' },
        h('strong', {}, message.from.name || message.from.email || 'Unknown sender'),
        message.from.email && message.from.name ? h('span', { className: 'mail-address' }, ` <${message.from.email}>`) : null,
      ),
      h('p', { className: 'muted' }, `${message.subject || '(no subject)'} · received ${formatDateTime(message.receivedAt)}`),
      ...body,
    );
  }

  function renderReady(message: MailMessage, context: SenderContext): Child[] {
    const problem = problems.get(message.id);
    if (!context.contact) {
      if (message.from.email.trim() === '')
        return [senderCard(message, h('p', {}, 'This message has no sender address, so Fieldbook cannot look it up.'))];
      return [
        senderCard(
          message,
          h('p', {}, 'No contact has this e-mail address.'),
          revoked
            ? replacedNote('create contacts')
            : createContactForm(message, context, problem?.action === 'create' ? problem.problem : null),
        ),
        trackPlaceholder(),
      ];
    }
    return [
      senderCard(message, ...contactSummary(context.contact, context)),
      trackSection(message, context.contact, context, problem?.action === 'track' ? problem.problem : null),
    ];
  }

  /** Instead of a form on a replaced device: nothing it enters could ever be sent. */
  function replacedNote(what: string): HTMLElement {
    return h('p', { className: 'muted' }, `${REPLACED_TITLE} It can no longer ${what}: use your new device.`);
  }

  function trackPlaceholder(): HTMLElement {
    const id = uniqueId('mail-track');
    return h(
      'section',
      { className: 'card mail-track', 'aria-labelledby': id },
      h('h2', { id }, 'Track this email'),
      h('p', { className: 'muted' }, 'Create the contact first, then track the message as an activity.'),
    );
  }

  function contactSummary(contact: LocalRecord, context: SenderContext): Child[] {
    const name = fullName(contact);
    const summary: Child[] = [];
    for (const field of context.contactObject?.fields ?? []) {
      if (field.type === 'reference' || field.bulk || field.name === 'FirstName' || field.name === 'LastName') continue;
      const value = contact.fields[field.name];
      if (value === null || value === undefined || value === '') continue;
      summary.push(h('dt', {}, field.label ?? field.name), h('dd', {}, String(value)));
    }
    const account = context.account;
    summary.push(
      h('dt', {}, 'Account'),
      h(
        'dd',
        {},
        account
          ? h(
              'button',
              {
                type: 'button',
                className: 'mail-link',
                'data-focus-key': 'open-account',
                onclick: () => navigate({ tab: 'records', objectType: 'Account', localId: account.localId }),
              },
              h('span', { className: 'visually-hidden' }, 'Open account '),
              textOf(account, 'Name') || account.localId,
            )
          : context.accountRef
            ? h('span', { className: 'muted' }, 'Not on this device')
            : h('span', { className: 'muted' }, 'None'),
      ),
    );
    const oppsId = uniqueId('mail-opps');
    return [
      h('h3', {}, 'Contact'),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            className: 'mail-link mail-contact-name',
            'data-focus-key': 'open-contact',
            onclick: () => navigate({ tab: 'records', objectType: 'Contact', localId: contact.localId }),
          },
          h('span', { className: 'visually-hidden' }, 'Open contact '),
          name,
        ),
        recordTags(contact, false).includes('unsynced') ? h('span', { className: 'tag unsynced' }, RECORD_TAG_TEXT.unsynced) : null,
      ),
      context.otherMatches > 0
        ? h(
            'p',
            { className: 'muted' },
            context.otherMatches === 1 ? 'One more contact has this address.' : `${context.otherMatches} more contacts have this address.`,
          )
        : null,
      h('dl', { className: 'fields' }, summary),
      ...(account
        ? [
            h('h3', { id: oppsId }, 'Open opportunities'),
            context.openOpportunities.length === 0
              ? h('p', { className: 'muted' }, 'No open opportunities for this account.')
              : h(
                  'ul',
                  { className: 'plain mail-opportunities', 'aria-labelledby': oppsId },
                  context.openOpportunities.map((opportunity) =>
                    h(
                      'li',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          className: 'mail-link',
                          'data-focus-key': `open-opportunity-${opportunity.localId}`,
                          onclick: () => navigate({ tab: 'records', objectType: 'Opportunity', localId: opportunity.localId }),
                        },
                        h('span', { className: 'visually-hidden' }, 'Open opportunity '),
                        textOf(opportunity, 'Name') || opportunity.localId,
                      ),
                      ' ',
                      h('span', { className: 'muted mail-opportunity-details' }, opportunityDetails(opportunity)),
                    ),
                  ),
                ),
          ]
        : []),
    ];
  }

  function createContactForm(message: MailMessage, context: SenderContext, problem: RepMessage | null): HTMLElement {
    let draft = drafts.get(message.id);
    if (!draft) {
      const name = splitDisplayName(message.from.name, message.from.email);
      draft = { firstName: name.firstName, lastName: name.lastName, email: message.from.email.trim(), accountRef: '' };
      drafts.set(message.id, draft);
    }
    const current = draft;
    const isBusy = busy.has(message.id);
    const headingId = uniqueId('mail-create');
    const maxLength = (name: string): number | undefined =>
      context.contactObject ? findField(context.contactObject, name)?.maxLength : undefined;
    const input = (
      key: 'firstName' | 'lastName' | 'email',
      label: string,
      type: 'text' | 'email',
      required: boolean,
      autocomplete: string,
    ): Child[] => {
      const id = uniqueId(`mail-${key}`);
      const fieldName = key === 'firstName' ? 'FirstName' : key === 'lastName' ? 'LastName' : 'Email';
      return [
        h('label', { for: id }, label, required ? null : h('span', { className: 'muted' }, ' (optional)')),
        h('input', {
          id,
          type,
          value: current[key],
          required,
          maxlength: maxLength(fieldName),
          autocomplete,
          spellcheck: type === 'email' ? 'false' : null,
          'data-focus-key': `create-${key}`,
          oninput: (event) => (current[key] = (event.target as HTMLInputElement).value),
        }),
      ];
    };
    const accountId = uniqueId('mail-account');
    return h(
      'form',
      {
        className: 'mail-create-contact',
        'aria-labelledby': headingId,
        onsubmit: (event) => {
          event.preventDefault();
          void createContact(message, current);
        },
      },
      h('h3', { id: headingId }, 'Create contact'),
      input('firstName', 'First name', 'text', true, 'off'),
      input('lastName', 'Last name', 'text', true, 'off'),
      input('email', 'E-mail', 'email', false, 'off'),
      h('label', { for: accountId }, 'Account', h('span', { className: 'muted' }, ' (optional)')),
      h(
        'select',
        {
          id: accountId,
          'data-focus-key': 'create-account',
          onchange: (event) => (current.accountRef = (event.target as HTMLSelectElement).value),
        },
        h('option', { value: '', selected: current.accountRef === '' }, 'None'),
        context.accounts.map((account) => {
          const ref = referenceId(account);
          const location = textOf(account, 'Location');
          return h(
            'option',
            { value: ref, selected: current.accountRef === ref },
            `${textOf(account, 'Name') || account.localId}${location ? ` (${location})` : ''}`,
          );
        }),
      ),
      problem ? messageBar('error', problem.title, problem.next) : null,
      h(
        'div',
        { className: 'toolbar' },
        h(
          'button',
          { type: 'submit', className: 'primary', 'data-focus-key': 'create-submit', 'aria-disabled': isBusy ? 'true' : null },
          isBusy ? 'Creating contact…' : 'Create contact',
        ),
      ),
    );
  }

  async function createContact(message: MailMessage, draft: ContactDraft): Promise<void> {
    if (busy.has(message.id)) return;
    busy.add(message.id);
    problems.delete(message.id);
    render();
    try {
      const fields: Record<string, FieldValue> = { FirstName: draft.firstName.trim(), LastName: draft.lastName.trim() };
      if (draft.email.trim() !== '') fields['Email'] = draft.email.trim();
      if (draft.accountRef !== '') fields['AccountId'] = draft.accountRef;
      const contact = await (await session.edits()).create('Contact', fields);
      createdContact.set(message.id, contact.localId);
      drafts.delete(message.id);
      pendingFocus = 'open-contact';
      announce(`Contact ${fullName(contact)} created.`);
    } catch (error) {
      problems.set(message.id, { action: 'create', problem: toRepMessage(error) });
      pendingFocus = 'create-submit';
    } finally {
      busy.delete(message.id);
      refresh$.next();
    }
  }

  function trackSection(message: MailMessage, contact: LocalRecord, context: SenderContext, problem: RepMessage | null): HTMLElement {
    const headingId = uniqueId('mail-track');
    const section = (...body: Child[]): HTMLElement =>
      h('section', { className: 'card mail-track', 'aria-labelledby': headingId }, h('h2', { id: headingId }, 'Track this email'), ...body);
    const tracked = context.tracked;
    if (tracked) {
      return section(
        h(
          'div',
          { className: 'message success' },
          h('strong', {}, 'Tracked as an activity'),
          h(
            'a',
            {
              href: '#',
              className: 'mail-activity-link',
              'data-focus-key': 'open-activity',
              onclick: (event) => {
                event.preventDefault();
                navigate({ tab: 'records', objectType: 'Activity', localId: tracked.localId });
              },
            },
            h('span', { className: 'visually-hidden' }, 'Open activity '),
            textOf(tracked, 'Subject') || 'Activity',
          ),
          recordTags(tracked, false).includes('unsynced') ? h('span', { className: 'tag unsynced' }, RECORD_TAG_TEXT.unsynced) : null,
        ),
      );
    }
    if (revoked) return section(replacedNote('track e-mails'));
    const isBusy = busy.has(message.id);
    const selectId = uniqueId('mail-track-opportunity');
    const chosen = opportunityChoice.get(message.id) ?? '';
    return section(
      h(
        'form',
        {
          'aria-labelledby': headingId,
          onsubmit: (event) => {
            event.preventDefault();
            void track(message, contact, context);
          },
        },
        h(
          'p',
          { className: 'muted' },
          `Saves the message as a finished e-mail activity of ${fullName(contact)}${context.account ? ` and ${textOf(context.account, 'Name')}` : ''}.`,
        ),
        context.openOpportunities.length > 0
          ? [
              h('label', { for: selectId }, 'Opportunity', h('span', { className: 'muted' }, ' (optional)')),
              h(
                'select',
                {
                  id: selectId,
                  'data-focus-key': 'track-opportunity',
                  onchange: (event) => opportunityChoice.set(message.id, (event.target as HTMLSelectElement).value),
                },
                h('option', { value: '', selected: chosen === '' }, 'None'),
                context.openOpportunities.map((o) =>
                  h('option', { value: o.localId, selected: chosen === o.localId }, textOf(o, 'Name') || o.localId),
                ),
              ),
            ]
          : null,
        problem ? messageBar('error', problem.title, problem.next) : null,
        h(
          'div',
          { className: 'toolbar' },
          h(
            'button',
            { type: 'submit', className: 'primary', 'data-focus-key': 'track-submit', 'aria-disabled': isBusy ? 'true' : null },
            isBusy ? 'Tracking…' : 'Track this email',
          ),
        ),
      ),
    );
  }

  async function track(message: MailMessage, contact: LocalRecord, context: SenderContext): Promise<void> {
    if (busy.has(message.id)) return;
    busy.add(message.id);
    problems.delete(message.id);
    render();
    try {
      let body = '';
      try {
        body = await message.bodyText();
      } catch {
        // The activity is still worth having without the excerpt.
      }
      const chosen = opportunityChoice.get(message.id) ?? '';
      const opportunity = context.openOpportunities.find((o) => o.localId === chosen) ?? null;
      const account = context.account ?? (context.accountRef ? { rowId: context.accountRef, localId: context.accountRef } : null);
      const fields = emailActivityFields({
        message: { subject: message.subject, receivedAt: message.receivedAt, body },
        contact,
        account,
        opportunity,
        subjectMaxLength: context.subjectMaxLength,
      });
      // Another pane (or a double click) may have tracked it meanwhile: look again right before writing.
      const ids = [...new Set([contact.rowId, contact.localId].filter((id): id is string => id !== null))];
      const activities = (await Promise.all(ids.map((id) => session.store.findByField('Activity', 'ContactId', id)))).flat();
      if (!findTrackedActivity(activities, contact, fields)) await (await session.edits()).create('Activity', fields);
      pendingFocus = 'open-activity';
      announce('Tracked as an activity.');
    } catch (error) {
      problems.set(message.id, { action: 'track', problem: toRepMessage(error) });
      pendingFocus = 'track-submit';
    } finally {
      busy.delete(message.id);
      refresh$.next();
    }
  }

  return { element, dispose: () => disposables.dispose() };
}

function toRepMessage(error: unknown): RepMessage {
  if (error instanceof ProtocolError) return describeError(error, 'edit');
  return { title: 'Fieldbook could not do that.', next: error instanceof Error ? error.message : String(error) };
}

/** What a re-render would show: equal signatures mean the DOM can stay as it is. */
function signatureOf(message: MailMessage, context: SenderContext): string {
  const record = (r: LocalRecord | null): unknown => (r ? [r.localId, r.rowId, r.state, r.fields] : null);
  return JSON.stringify([
    message.id,
    message.subject,
    message.from,
    message.receivedAt,
    record(context.contact),
    context.otherMatches,
    record(context.account),
    context.accountRef,
    context.openOpportunities.map(record),
    context.accounts.map((a) => [a.localId, a.rowId, a.fields['Name'] ?? null, a.fields['Location'] ?? null]),
    record(context.tracked),
    context.subjectMaxLength,
    context.contactObject?.fields.map((f) => [f.name, f.label ?? null]) ?? null,
  ]);
}

function textOf(record: LocalRecord, field: string): string {
  const value = record.fields[field];
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function fullName(contact: LocalRecord): string {
  return (
    [textOf(contact, 'FirstName'), textOf(contact, 'LastName')].filter((s) => s !== '').join(' ') ||
    textOf(contact, 'Email') ||
    contact.localId
  );
}

function opportunityDetails(opportunity: LocalRecord): string {
  const parts = [textOf(opportunity, 'Stage')];
  const revenue = opportunity.fields['Revenue'];
  if (typeof revenue === 'number') parts.push(displayFormat().number(revenue));
  const close = textOf(opportunity, 'CloseDate');
  if (close) parts.push(`closes ${displayFormat().day(close)}`);
  return parts.filter((p) => p !== '').join(' · ');
}
