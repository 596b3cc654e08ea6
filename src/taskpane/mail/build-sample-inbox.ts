import type { LocalRecord } from '../../store/index.js';
import type { SimulatedMessage } from '../host/simulated-mailbox.js';
import { isOpenOpportunity } from './is-open-opportunity.js';
import type { MailObjectRoles, OpportunityRole, PersonRole } from './mail-object-roles.js';
import { refersTo } from './reference-id.js';
import { normalizeEmail, sameEmail } from './same-email.js';

/** How many of the rep's contacts write in the sample inbox. */
export const SAMPLE_CONTACT_COUNT = 3;

/** The sender no contact has: shows the "Create contact" path. */
export const UNKNOWN_SENDER = { name: 'Jordan Avery', email: 'jordan.avery@newprospect.example' } as const;

export const UNKNOWN_MESSAGE_ID = 'sample-unknown-sender';

const MINUTE = 60_000;
/** How long before `now` each contact's message arrived (newest first); the unknown sender's arrives in between. */
const CONTACT_AGES = [12 * MINUTE, 3 * 60 * MINUTE + 5 * MINUTE, 26 * 60 * MINUTE];
const UNKNOWN_AGE = 47 * MINUTE;

export interface SampleInboxData {
  /** Which of the package's objects and fields are the contact's, account's and opportunity's (mailObjectRoles). */
  readonly roles: Pick<MailObjectRoles, 'contact' | 'account' | 'opportunity'>;
  readonly contacts: readonly LocalRecord[];
  readonly accounts: readonly LocalRecord[];
  readonly opportunities: readonly LocalRecord[];
  /** Epoch ms the messages' times count back from. */
  readonly now: number;
}

/**
 * The plain browser's sample inbox, built from the rep's own data so selecting a
 * message finds a real contact: one message from each of up to three contacts with
 * an e-mail address (about their open opportunity, else their account), and one
 * from a sender no contact has. Ids derive from the contacts' local ids and times
 * from `now`, so the same data builds the same inbox. Newest first. Field names are
 * the package's (the roles); a package without contacts gets the unknown sender only.
 */
export function buildSampleInbox(data: SampleInboxData): SimulatedMessage[] {
  const { contact: role, account: accountRole, opportunity: opportunityRole } = data.roles;
  const field = (record: LocalRecord, name: string | null | undefined): string => (name ? text(record.fields[name]) : '');
  const email = (c: LocalRecord): string => field(c, role?.email);
  const senders = role
    ? data.contacts
        .filter((c) => c.state !== 'deleted' && email(c) !== '' && !sameEmail(email(c), UNKNOWN_SENDER.email))
        .sort((a, b) => compareContacts(a, b, role))
        .filter((c, i, all) => all.findIndex((o) => sameEmail(email(o), email(c))) === i)
        .slice(0, SAMPLE_CONTACT_COUNT)
    : [];

  const messages: SimulatedMessage[] = senders.map((contact, index) => {
    const name = fullName(contact, role);
    const accountRef = role?.account ? contact.fields[role.account] : null;
    const account = accountRole ? (data.accounts.find((a) => a.state !== 'deleted' && refersTo(accountRef, a)) ?? null) : null;
    const accountName = account ? field(account, accountRole?.name) : '';
    const topic = (opportunityRole ? topicFor(contact, account, data.opportunities, opportunityRole) : null) ?? accountName;
    const subject = topic === '' ? 'Re: Next steps' : `Re: ${topic} — next steps`;
    const jobTitle = field(contact, role?.jobTitle);
    const signature = [jobTitle, accountName].filter((s) => s !== '').join(', ');
    return {
      id: `sample-${contact.localId}`,
      subject,
      from: { name, email: email(contact) },
      receivedAt: data.now - (CONTACT_AGES[index] ?? (index + 1) * 60 * MINUTE),
      body: [
        'Hi,',
        '',
        `Thanks for your time last week${topic === '' ? '' : ` on ${topic}`}.`,
        'Could you send me the updated proposal and the timeline we talked about?',
        'I am free on Thursday afternoon to go through the next steps.',
        '',
        'Best regards,',
        name,
        signature,
      ]
        .join('\n')
        .trimEnd(),
    };
  });

  messages.push({
    id: UNKNOWN_MESSAGE_ID,
    subject: 'Request for a product demo',
    from: { name: UNKNOWN_SENDER.name, email: UNKNOWN_SENDER.email },
    receivedAt: data.now - UNKNOWN_AGE,
    body: [
      'Hello,',
      '',
      'We met briefly at the trade fair in Lyon. We are looking for a new supplier for our three plants',
      'and would like to see a demo of your product line.',
      'Could we set up a call next week?',
      '',
      'Kind regards,',
      'Jordan Avery',
      'Head of Purchasing, New Prospect Ltd.',
      'Phone: +44 20 7946 0958',
    ].join('\n'),
  });

  return messages.sort((a, b) => b.receivedAt - a.receivedAt || a.id.localeCompare(b.id));
}

/** The open opportunity the contact is the primary contact of, else the first open one of their account (by name). */
function topicFor(
  contact: LocalRecord,
  account: LocalRecord | null,
  opportunities: readonly LocalRecord[],
  role: OpportunityRole,
): string | null {
  const name = (o: LocalRecord): string => text(o.fields[role.name]);
  const open = opportunities
    .filter((o) => o.state !== 'deleted' && isOpenOpportunity(o.fields, role) && name(o) !== '')
    .sort((a, b) => name(a).localeCompare(name(b)) || a.localId.localeCompare(b.localId));
  const { primaryContact, account: accountField } = role;
  const primary = primaryContact ? open.find((o) => refersTo(o.fields[primaryContact], contact)) : undefined;
  if (primary) return name(primary);
  const ofAccount = account && accountField ? open.find((o) => refersTo(o.fields[accountField], account)) : undefined;
  return ofAccount ? name(ofAccount) : null;
}

function compareContacts(a: LocalRecord, b: LocalRecord, role: PersonRole): number {
  const field = (record: LocalRecord, name: string | null): string => (name ? text(record.fields[name]) : '');
  return (
    field(a, role.lastName).localeCompare(field(b, role.lastName)) ||
    field(a, role.firstName).localeCompare(field(b, role.firstName)) ||
    normalizeEmail(field(a, role.email)).localeCompare(normalizeEmail(field(b, role.email))) ||
    a.localId.localeCompare(b.localId)
  );
}

function fullName(contact: LocalRecord, role: PersonRole | null): string {
  const field = (name: string | null | undefined): string => (name ? text(contact.fields[name]) : '');
  const name = [field(role?.firstName), field(role?.lastName)].filter((s) => s !== '').join(' ');
  return name === '' ? field(role?.email) : name;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
