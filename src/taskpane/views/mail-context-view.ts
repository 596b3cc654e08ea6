import { combineLatest, concat, from, of, startWith, Subject, switchMap, type Observable } from 'rxjs';
import { findField } from '../../metadata/index.js';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import type { LocalRecord } from '../../store/index.js';
import { describeError, type RepMessage } from '../services/describe-error.js';
import { deviceRevoked$ } from '../services/device-revoked.js';
import type { BackTarget, Navigate, PaneRoute } from '../services/navigation.js';
import type { PaneSession } from '../services/pane-session.js';
import { REPLACED_TITLE } from '../services/replaced-device-text.js';
import { h, replaceChildren, uniqueId, type Child } from '../dom/h.js';
import { createAnnouncer } from '../dom/announcer.js';
import { createCombobox, type Combobox } from '../dom/combobox.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import type { MailHost, MailMessage } from '../host/mail-host.js';
import { SimulatedMailbox } from '../host/simulated-mailbox.js';
import { emailActivityFields } from '../mail/email-activity-fields.js';
import { findContactsByEmail } from '../mail/find-contact-by-email.js';
import { findTrackedActivity } from '../mail/find-tracked-activity.js';
import { mailObjectRoles, type AccountRole, type ActivityRole, type MailObjectRoles, type PersonRole } from '../mail/mail-object-roles.js';
import { senderLookupNotice, trackingNotice, type MailTabNotice } from '../mail/mail-tab-notice.js';
import { matchOpportunity } from '../mail/match-opportunity.js';
import { openOpportunitiesOf } from '../mail/open-opportunities-of.js';
import { parseSignature, type SignatureDetails } from '../mail/parse-signature.js';
import { opportunityPrefill, personPrefill } from '../mail/prefill-from-message.js';
import { referenceId } from '../mail/reference-id.js';
import { resolveReference } from '../mail/resolve-reference.js';
import { firstMatchingIds } from '../records/first-matching-ids.js';
import { formatFieldValue } from '../records/format-field-value.js';
import { RECORD_TAG_TEXT, recordTags } from '../records/record-tags.js';
import { createMailboxSimulatorView } from './mailbox-simulator-view.js';
import { formatDateTime } from '../format/display-format.js';

/** What the pane knows of the selected message's sender. */
interface SenderContext {
  /** The package's roles; `contact` is there (else the tab shows the notice instead). */
  readonly roles: MailObjectRoles;
  readonly contactRole: PersonRole;
  readonly contact: LocalRecord | null;
  /** Further contacts with the same address (the first one is shown). */
  readonly otherMatches: number;
  readonly account: LocalRecord | null;
  /** The account reference to give the activity: the resolved account's, else the contact's raw value. */
  readonly accountRef: string | null;
  readonly openOpportunities: readonly LocalRecord[];
  /** The open opportunity the subject names, offered first when tracking. */
  readonly suggested: LocalRecord | null;
  readonly tracked: LocalRecord | null;
  /** What the message's signature says of the sender (name, job title, company, phone). */
  readonly signature: SignatureDetails;
}

type Shown =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading'; readonly message: MailMessage }
  | { readonly kind: 'failed'; readonly message: MailMessage; readonly problem: RepMessage }
  | { readonly kind: 'unsupported'; readonly message: MailMessage; readonly notice: MailTabNotice }
  | { readonly kind: 'ready'; readonly message: MailMessage; readonly context: SenderContext; readonly signature: string };

type DraftKey = 'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle';
/**
 * The form's values; the account as its reference and its name, so a re-render shows the
 * choice again, and text typed in the account box but not picked (shown again with its error).
 */
type ContactDraft = Record<DraftKey, string> & { accountRef: string; accountText: string; accountTyped: string | null };

/** Accounts the "Create contact" form's account box suggests at once; typing narrows them through the word index. */
const ACCOUNT_SUGGESTIONS = 20;

/** "Back to Email" on the records opened from here. */
const BACK_TO_MAIL: BackTarget = { route: { tab: 'mail' }, label: 'Email' };

/**
 * The Email tab: who sent the selected message in the rep's CRM (contact, account,
 * open opportunities), "Create contact" for an unknown sender prefilled from the
 * display name and the signature, a new lead or opportunity from the message (in the
 * record form, prefilled), and "Track this email" as a finished e-mail activity,
 * offering the open opportunity the subject names — none of it on a device its
 * administrator replaced, which says why instead. Object and field names are the
 * package's (mailObjectRoles); a package without contacts gets a notice. Outlook
 * supplies the message; in a plain browser the mailbox simulator above does.
 * Re-renders when the selection or the store changes; a later selection wins over a
 * slower earlier lookup.
 */
export function createMailContextView(session: PaneSession, host: MailHost, navigate: Navigate): View {
  const disposables = new Disposables();
  const content = h('div', { className: 'mail-context-body' });
  const announcer = createAnnouncer();

  let simulator: View | null = null;
  if (host instanceof SimulatedMailbox) {
    simulator = createMailboxSimulatorView(session, host);
    disposables.add(() => simulator?.dispose());
  }

  const element = h('div', { className: 'mail-context' }, simulator?.element, content, announcer.element);

  // What the rep did per message, kept across re-renders (a sync writing the store must not wipe a half-typed form).
  const drafts = new Map<string, ContactDraft>();
  /** The account box of the form shown; replaced (and its timer stopped) when the form is drawn again. */
  let shownAccountBox: Combobox | null = null;
  disposables.add(() => shownAccountBox?.dispose());
  const opportunityChoice = new Map<string, string>();
  const problems = new Map<string, { readonly action: 'create' | 'track'; readonly problem: RepMessage }>();
  const busy = new Set<string>();
  const createdContact = new Map<string, string>();
  // Outlook reads a body asynchronously: once per message is enough.
  const bodies = new Map<string, Promise<string>>();
  let pendingFocus: string | null = null;
  let shown: Shown = { kind: 'none' };
  let revoked = false;

  const refresh$ = new Subject<void>();
  disposables.add(() => refresh$.complete());

  disposables.add(() => announcer.clear());
  const announce = (text: string): void => announcer.say(text);

  const open = (objectType: string, localId: string) => navigate({ tab: 'records', objectType, localId, back: BACK_TO_MAIL });

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

  function bodyOf(message: MailMessage): Promise<string> {
    let body = bodies.get(message.id);
    if (!body) {
      // The signature is a convenience: a body that cannot be read prefills less, and is read again next time.
      body = message.bodyText().catch(() => {
        bodies.delete(message.id);
        return '';
      });
      bodies.set(message.id, body);
    }
    return body;
  }

  async function load(message: MailMessage): Promise<Shown> {
    try {
      const pkg = await session.requirePackage();
      const store = session.store;
      const roles = mailObjectRoles(pkg);
      const contactRole = roles.contact;
      if (contactRole === null) return { kind: 'unsupported', message, notice: senderLookupNotice(pkg.objects.map((o) => o.name)) };
      const { account: accountRole, opportunity: opportunityRole, activity: activityRole } = roles;

      // An address stored in other capitals is found through the word index, once the lists are keyed.
      await session.listsReady();
      const matches = await findContactsByEmail(store, contactRole, message.from.email);
      let contact = matches[0] ?? null;
      if (contact === null) {
        // A contact the rep just created here with another address than the sender's is still "this sender".
        const createdId = createdContact.get(message.id);
        const created = createdId ? await store.getRecord(contactRole.object.name, createdId) : undefined;
        if (created && created.state !== 'deleted') contact = created;
      }
      const rawAccount = contact && contactRole.account ? contact.fields[contactRole.account] : undefined;
      const account = accountRole && contact ? await resolveReference(store, accountRole.object.name, rawAccount) : null;
      const accountRef = account ? referenceId(account) : typeof rawAccount === 'string' && rawAccount !== '' ? rawAccount : null;
      const openOpportunities = account && opportunityRole ? await openOpportunitiesOf(store, opportunityRole, account) : [];
      const suggested = opportunityRole
        ? matchOpportunity(message.subject, openOpportunities, (o) => textOf(o, opportunityRole.name))
        : null;

      let tracked: LocalRecord | null = null;
      if (contact && activityRole && trackingNotice(roles) === null) {
        const expected = emailActivityFields({
          message: { subject: message.subject, receivedAt: message.receivedAt, body: '' },
          role: activityRole,
          contact,
        });
        tracked = findTrackedActivity(await activitiesOf(activityRole, contact), activityRole, contact, expected);
      }

      const signature = contact ? NO_SIGNATURE : parseSignature(await bodyOf(message), message.from.name);
      const context: SenderContext = {
        roles,
        contactRole,
        contact,
        otherMatches: Math.max(0, matches.length - 1),
        account,
        accountRef,
        openOpportunities,
        suggested,
        tracked,
        signature,
      };
      return { kind: 'ready', message, context, signature: signatureOf(message, context) };
    } catch (error) {
      return { kind: 'failed', message, problem: toRepMessage(error) };
    }
  }

  /** The activities that refer to the contact (by ROW_ID or local id). */
  async function activitiesOf(role: ActivityRole, contact: LocalRecord): Promise<LocalRecord[]> {
    const field = role.contact;
    if (field === null) return [];
    const ids = [...new Set([contact.rowId, contact.localId].filter((id): id is string => id !== null))];
    return (await Promise.all(ids.map((id) => session.store.findByField(role.object.name, field, id)))).flat();
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
      case 'unsupported':
        return [senderCard(shown.message, messageBar('info', shown.notice.title, shown.notice.next))];
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
    const { contactRole } = context;
    const contactWord = contactRole.object.name.toLocaleLowerCase();
    if (!context.contact) {
      if (message.from.email.trim() === '')
        return [senderCard(message, h('p', {}, 'This message has no sender address, so Fieldbook cannot look it up.'))];
      return [
        senderCard(
          message,
          h('p', {}, `No ${contactWord} has this e-mail address.`),
          revoked
            ? replacedNote(`create ${(contactRole.object.label ?? `${contactRole.object.name}s`).toLocaleLowerCase()}`)
            : createContactForm(message, context, problem?.action === 'create' ? problem.problem : null),
        ),
        createFromMessage(message, context),
        trackPlaceholder(contactWord),
      ];
    }
    return [
      senderCard(message, ...contactSummary(context.contact, context)),
      createFromMessage(message, context),
      trackSection(message, context.contact, context, problem?.action === 'track' ? problem.problem : null),
    ];
  }

  /** Instead of a form on a replaced device: nothing it enters could ever be sent. */
  function replacedNote(what: string): HTMLElement {
    return h('p', { className: 'muted' }, `${REPLACED_TITLE} It can no longer ${what}: use your new device.`);
  }

  function trackPlaceholder(contactWord: string): HTMLElement {
    const id = uniqueId('mail-track');
    return h(
      'section',
      { className: 'card mail-track', 'aria-labelledby': id },
      h('h2', { id }, 'Track this email'),
      h('p', { className: 'muted' }, `Create the ${contactWord} first, then track the message as an activity.`),
    );
  }

  /**
   * A new opportunity (for the sender's account) or lead (for a sender the CRM does not
   * know) opens the record form prefilled from the message; its Back returns here.
   */
  function createFromMessage(message: MailMessage, context: SenderContext): HTMLElement | null {
    const { opportunity, lead } = context.roles;
    const actions: { label: string; route: PaneRoute }[] = [];
    if (opportunity) {
      actions.push({
        label: `New ${opportunity.object.name.toLocaleLowerCase()} from this message`,
        route: {
          tab: 'records',
          objectType: opportunity.object.name,
          create: true,
          initial: opportunityPrefill(opportunity, {
            subject: message.subject,
            accountRef: context.accountRef,
            contactRef: context.contact ? referenceId(context.contact) : null,
          }),
          back: BACK_TO_MAIL,
        },
      });
    }
    if (lead && !context.contact) {
      actions.push({
        label: `New ${lead.object.name.toLocaleLowerCase()} from this message`,
        route: {
          tab: 'records',
          objectType: lead.object.name,
          create: true,
          initial: personPrefill(lead, { from: message.from, signature: context.signature }),
          back: BACK_TO_MAIL,
        },
      });
    }
    if (actions.length === 0 || revoked) return null;
    const id = uniqueId('mail-create-from');
    return h(
      'section',
      { className: 'card mail-create-from', 'aria-labelledby': id },
      h('h2', { id }, 'Create from this message'),
      h('p', { className: 'muted' }, 'Opens the form filled in from the sender, the signature and the subject: check it, then save.'),
      h(
        'div',
        { className: 'toolbar' },
        actions.map((action, index) =>
          h('button', { type: 'button', 'data-focus-key': `create-from-${index}`, onclick: () => navigate(action.route) }, action.label),
        ),
      ),
    );
  }

  function contactSummary(contact: LocalRecord, context: SenderContext): Child[] {
    const { contactRole, roles } = context;
    const name = fullName(contact, contactRole);
    const summary: Child[] = [];
    for (const field of contactRole.object.fields) {
      if (field.type === 'reference' || field.bulk || field.name === contactRole.firstName || field.name === contactRole.lastName) continue;
      const value = contact.fields[field.name];
      if (value === null || value === undefined || value === '') continue;
      summary.push(h('dt', {}, field.label ?? field.name), h('dd', {}, formatFieldValue(field, value)));
    }
    const account = context.account;
    const accountRole = roles.account;
    const accountWord = accountRole?.object.name ?? 'Account';
    if (contactRole.account !== null) {
      summary.push(
        h('dt', {}, findField(contactRole.object, contactRole.account)?.label ?? accountWord),
        h(
          'dd',
          {},
          account && accountRole
            ? h(
                'button',
                {
                  type: 'button',
                  className: 'mail-link',
                  'data-focus-key': 'open-account',
                  onclick: () => open(accountRole.object.name, account.localId),
                },
                h('span', { className: 'visually-hidden' }, `Open ${accountWord.toLocaleLowerCase()} `),
                textOf(account, accountRole.name) || account.localId,
              )
            : context.accountRef
              ? h('span', { className: 'muted' }, 'Not on this device')
              : h('span', { className: 'muted' }, 'None'),
        ),
      );
    }
    const oppsId = uniqueId('mail-opps');
    const opportunityRole = roles.opportunity;
    const opportunityLabel = opportunityRole ? (opportunityRole.object.label ?? opportunityRole.object.name) : '';
    return [
      h('h3', {}, contactRole.object.name),
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            className: 'mail-link mail-contact-name',
            'data-focus-key': 'open-contact',
            onclick: () => open(contactRole.object.name, contact.localId),
          },
          h('span', { className: 'visually-hidden' }, `Open ${contactRole.object.name.toLocaleLowerCase()} `),
          name,
        ),
        recordTags(contact, false).includes('unsynced') ? h('span', { className: 'tag unsynced' }, RECORD_TAG_TEXT.unsynced) : null,
      ),
      context.otherMatches > 0
        ? h(
            'p',
            { className: 'muted' },
            context.otherMatches === 1
              ? `One more ${contactRole.object.name.toLocaleLowerCase()} has this address.`
              : `${context.otherMatches} more ${(contactRole.object.label ?? contactRole.object.name).toLocaleLowerCase()} have this address.`,
          )
        : null,
      h('dl', { className: 'fields' }, summary),
      ...(account && opportunityRole
        ? [
            h('h3', { id: oppsId }, `Open ${opportunityLabel.toLocaleLowerCase()}`),
            context.openOpportunities.length === 0
              ? h(
                  'p',
                  { className: 'muted' },
                  `No open ${opportunityLabel.toLocaleLowerCase()} for this ${accountWord.toLocaleLowerCase()}.`,
                )
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
                          onclick: () => open(opportunityRole.object.name, opportunity.localId),
                        },
                        h('span', { className: 'visually-hidden' }, `Open ${opportunityRole.object.name.toLocaleLowerCase()} `),
                        textOf(opportunity, opportunityRole.name) || opportunity.localId,
                      ),
                      ' ',
                      h('span', { className: 'muted mail-opportunity-details' }, opportunityDetails(opportunity, opportunityRole)),
                    ),
                  ),
                ),
          ]
        : []),
    ];
  }

  /**
   * The "Create contact" form's account: a combobox suggesting accounts by name through
   * the list and word indexes (a rep may hold 15,000 accounts), the location beside each.
   */
  function accountBox(role: AccountRole, id: string, draft: ContactDraft): Combobox {
    shownAccountBox?.dispose();
    const type = role.object.name;
    const box = createCombobox({
      attributes: { id, 'data-focus-key': 'create-account' },
      initial: draft.accountRef === '' ? null : { value: draft.accountRef, text: draft.accountText },
      suggest: async (text) => {
        await session.listsReady();
        const ids = await firstMatchingIds(session.store, type, text, ACCOUNT_SUGGESTIONS);
        return (await session.store.getRecords(type, ids)).map((account) => {
          const location = role.location ? textOf(account, role.location) : '';
          return {
            value: referenceId(account),
            text: textOf(account, role.name) || account.localId,
            ...(location ? { note: location } : {}),
          };
        });
      },
      noMatch: `No ${type.toLocaleLowerCase()} matches.`,
      onChoose: (chosen) => {
        draft.accountRef = chosen?.value ?? '';
        draft.accountText = chosen?.text ?? '';
        draft.accountTyped = null;
      },
    });
    if (draft.accountTyped !== null) box.input.value = draft.accountTyped;
    shownAccountBox = box;
    return box;
  }

  function createContactForm(message: MailMessage, context: SenderContext, problem: RepMessage | null): HTMLElement {
    const { contactRole: role } = context;
    // The box of an earlier drawing is not this form's (accountBox gives it a new one when it has an account).
    shownAccountBox?.dispose();
    shownAccountBox = null;
    let draft = drafts.get(message.id);
    if (!draft) {
      const prefill = personPrefill(role, { from: message.from, signature: context.signature });
      const value = (field: string | null): string => (field === null ? '' : String(prefill[field] ?? ''));
      draft = {
        firstName: value(role.firstName),
        lastName: value(role.lastName),
        email: value(role.email),
        phone: value(role.phone),
        jobTitle: value(role.jobTitle),
        accountRef: '',
        accountText: '',
        accountTyped: null,
      };
      drafts.set(message.id, draft);
    }
    const current = draft;
    const isBusy = busy.has(message.id);
    const headingId = uniqueId('mail-create');
    const fieldOf: Record<DraftKey, string | null> = {
      firstName: role.firstName,
      lastName: role.lastName,
      email: role.email,
      phone: role.phone,
      jobTitle: role.jobTitle,
    };
    const input = (key: DraftKey, type: 'text' | 'email' | 'tel'): Child[] => {
      const name = fieldOf[key];
      const field = name === null ? undefined : findField(role.object, name);
      if (!field) return [];
      const id = uniqueId(`mail-${key}`);
      const required = field.required === true;
      return [
        h('label', { for: id }, field.label ?? field.name, required ? null : h('span', { className: 'muted' }, ' (optional)')),
        h('input', {
          id,
          // A phone number is text with a phone keypad (the pane's styles cover text inputs).
          type: type === 'tel' ? 'text' : type,
          inputmode: type === 'tel' ? 'tel' : null,
          value: current[key],
          required,
          maxlength: field.maxLength,
          autocomplete: 'off',
          spellcheck: type === 'text' ? null : 'false',
          'data-focus-key': `create-${key}`,
          oninput: (event) => (current[key] = (event.target as HTMLInputElement).value),
        }),
      ];
    };
    const accountId = uniqueId('mail-account');
    const accountRole = context.roles.account;
    const accountField = role.account === null ? undefined : findField(role.object, role.account);
    const contactWord = role.object.name.toLocaleLowerCase();
    return h(
      'form',
      {
        className: 'mail-create-contact',
        'aria-labelledby': headingId,
        onsubmit: (event) => {
          event.preventDefault();
          void createContact(message, role, current, accountRole);
        },
      },
      h('h3', { id: headingId }, `Create ${contactWord}`),
      input('firstName', 'text'),
      input('lastName', 'text'),
      input('email', 'email'),
      input('phone', 'tel'),
      input('jobTitle', 'text'),
      accountField && accountRole
        ? [
            h(
              'label',
              { for: accountId },
              accountField.label ?? accountField.name,
              accountField.required ? null : h('span', { className: 'muted' }, ' (optional)'),
            ),
            accountBox(accountRole, accountId, current).element,
          ]
        : null,
      problem ? messageBar('error', problem.title, problem.next) : null,
      h(
        'div',
        { className: 'toolbar' },
        h(
          'button',
          { type: 'submit', className: 'primary', 'data-focus-key': 'create-submit', 'aria-disabled': isBusy ? 'true' : null },
          isBusy ? `Creating ${contactWord}…` : `Create ${contactWord}`,
        ),
      ),
    );
  }

  async function createContact(
    message: MailMessage,
    role: PersonRole,
    draft: ContactDraft,
    accountRole: AccountRole | null,
  ): Promise<void> {
    if (busy.has(message.id)) return;
    // Text typed in the account box but not picked names no account: said, rather than the contact
    // created with the account picked before (or none) while the box shows another name.
    const box = role.account === null ? null : shownAccountBox;
    const typed = box?.input.value.trim() ?? '';
    if (box !== null && box.chosen() === null && typed !== '') {
      draft.accountTyped = typed;
      const accountWord = (accountRole?.object.name ?? 'account').toLocaleLowerCase();
      problems.set(message.id, {
        action: 'create',
        problem: {
          title: `Pick the ${accountWord} from the list.`,
          next: `Type part of its name and choose it, or clear the box to create the ${role.object.name.toLocaleLowerCase()} without one.`,
        },
      });
      pendingFocus = 'create-account';
      render();
      return;
    }
    // The box says what is chosen: a choice whose name was since erased is no choice.
    if (box !== null) {
      const chosen = box.chosen();
      draft.accountRef = chosen?.value ?? '';
      draft.accountText = chosen?.text ?? '';
      draft.accountTyped = null;
    }
    busy.add(message.id);
    problems.delete(message.id);
    render();
    try {
      const fields: Record<string, FieldValue> = {};
      const keys: [DraftKey, string | null][] = [
        ['firstName', role.firstName],
        ['lastName', role.lastName],
        ['email', role.email],
        ['phone', role.phone],
        ['jobTitle', role.jobTitle],
      ];
      for (const [key, field] of keys) {
        const value = draft[key].trim();
        // An empty required name is left for LocalEdits to refuse with the field's own message.
        if (field !== null && (value !== '' || findField(role.object, field)?.required)) fields[field] = value;
      }
      if (role.account !== null && draft.accountRef !== '') fields[role.account] = draft.accountRef;
      const contact = await (await session.edits()).create(role.object.name, fields);
      createdContact.set(message.id, contact.localId);
      drafts.delete(message.id);
      pendingFocus = 'open-contact';
      announce(`${role.object.name} ${fullName(contact, role)} created.`);
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
    const activityRole = context.roles.activity;
    const cannot = trackingNotice(context.roles);
    if (cannot !== null || activityRole === null) return section(h('p', { className: 'muted' }, cannot));
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
                open(activityRole.object.name, tracked.localId);
              },
            },
            h('span', { className: 'visually-hidden' }, `Open ${activityRole.object.name.toLocaleLowerCase()} `),
            textOf(tracked, activityRole.subject) || activityRole.object.name,
          ),
          recordTags(tracked, false).includes('unsynced') ? h('span', { className: 'tag unsynced' }, RECORD_TAG_TEXT.unsynced) : null,
        ),
      );
    }
    if (revoked) return section(replacedNote('track e-mails'));
    const isBusy = busy.has(message.id);
    const selectId = uniqueId('mail-track-opportunity');
    const hintId = uniqueId('mail-track-suggested');
    const opportunityRole = context.roles.opportunity;
    const suggested = context.suggested;
    // The rep's own choice wins; until they make one, the opportunity the subject names is chosen.
    const chosen = opportunityChoice.get(message.id) ?? (suggested ? suggested.localId : '');
    const accountName = context.account && context.roles.account ? textOf(context.account, context.roles.account.name) : '';
    const canLinkOpportunity = opportunityRole !== null && activityRole.opportunity !== null && context.openOpportunities.length > 0;
    return section(
      h(
        'form',
        {
          'aria-labelledby': headingId,
          onsubmit: (event) => {
            event.preventDefault();
            void track(message, contact, context, activityRole, opportunityChoice.get(message.id) ?? suggested?.localId ?? '');
          },
        },
        h(
          'p',
          { className: 'muted' },
          `Saves the message as a finished e-mail activity of ${fullName(contact, context.contactRole)}${accountName ? ` and ${accountName}` : ''}.`,
        ),
        canLinkOpportunity
          ? [
              h(
                'label',
                { for: selectId },
                findField(activityRole.object, activityRole.opportunity ?? '')?.label ?? opportunityRole.object.name,
                h('span', { className: 'muted' }, ' (optional)'),
              ),
              h(
                'select',
                {
                  id: selectId,
                  'data-focus-key': 'track-opportunity',
                  'aria-describedby': suggested ? hintId : null,
                  onchange: (event) => opportunityChoice.set(message.id, (event.target as HTMLSelectElement).value),
                },
                h('option', { value: '', selected: chosen === '' }, 'None'),
                context.openOpportunities.map((o) =>
                  h('option', { value: o.localId, selected: chosen === o.localId }, textOf(o, opportunityRole.name) || o.localId),
                ),
              ),
              suggested
                ? h(
                    'p',
                    { id: hintId, className: 'muted field-hint' },
                    `Suggested from the subject: ${textOf(suggested, opportunityRole.name) || suggested.localId}.`,
                  )
                : null,
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

  async function track(
    message: MailMessage,
    contact: LocalRecord,
    context: SenderContext,
    role: ActivityRole,
    chosen: string,
  ): Promise<void> {
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
      const opportunity = context.openOpportunities.find((o) => o.localId === chosen) ?? null;
      const account = context.account ?? (context.accountRef ? { rowId: context.accountRef, localId: context.accountRef } : null);
      const fields = emailActivityFields({
        message: { subject: message.subject, receivedAt: message.receivedAt, body },
        role,
        contact,
        account,
        opportunity,
      });
      // Another pane (or a double click) may have tracked it meanwhile: look again right before writing.
      if (!findTrackedActivity(await activitiesOf(role, contact), role, contact, fields))
        await (await session.edits()).create(role.object.name, fields);
      pendingFocus = 'open-activity';
      // Said in other words than the page's "Tracked as an activity": the page shows a state, this tells what happened.
      announce('Email saved as an activity on the contact.');
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

const NO_SIGNATURE: SignatureDetails = { name: null, jobTitle: null, company: null, phone: null };

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
    context.suggested?.localId ?? null,
    record(context.tracked),
    context.signature,
    [context.roles.contact, context.roles.account, context.roles.opportunity, context.roles.lead, context.roles.activity].map(
      (role) => role?.object.fields.map((f) => [f.name, f.label ?? null, f.maxLength ?? null, f.required ?? false]) ?? null,
    ),
  ]);
}

function textOf(record: LocalRecord, field: string): string {
  const value = record.fields[field];
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

function fullName(contact: LocalRecord, role: PersonRole): string {
  const part = (field: string | null) => (field === null ? '' : textOf(contact, field));
  return [part(role.firstName), part(role.lastName)].filter((s) => s !== '').join(' ') || part(role.email) || contact.localId;
}

function opportunityDetails(opportunity: LocalRecord, role: NonNullable<MailObjectRoles['opportunity']>): string {
  const shown = (field: string | null): string => {
    const definition = field === null ? undefined : findField(role.object, field);
    return definition ? formatFieldValue(definition, opportunity.fields[definition.name]) : '';
  };
  const close = shown(role.closeDate);
  return [shown(role.stage), shown(role.revenue), close ? `closes ${close}` : ''].filter((p) => p !== '').join(' · ');
}
