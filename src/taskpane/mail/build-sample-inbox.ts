import type { LocalRecord } from '../../store/index.js';
import type { SimulatedMessage } from '../host/simulated-mailbox.js';
import { isOpenOpportunity } from './is-open-opportunity.js';
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
 * from `now`, so the same data builds the same inbox. Newest first.
 */
export function buildSampleInbox(data: SampleInboxData): SimulatedMessage[] {
  const senders = data.contacts
    .filter((c) => c.state !== 'deleted' && text(c.fields['Email']) !== '' && !sameEmail(text(c.fields['Email']), UNKNOWN_SENDER.email))
    .sort(compareContacts)
    .filter((c, i, all) => all.findIndex((o) => sameEmail(text(o.fields['Email']), text(c.fields['Email']))) === i)
    .slice(0, SAMPLE_CONTACT_COUNT);

  const messages: SimulatedMessage[] = senders.map((contact, index) => {
    const name = fullName(contact);
    const account = data.accounts.find((a) => a.state !== 'deleted' && refersTo(contact.fields['AccountId'], a)) ?? null;
    const accountName = account ? text(account.fields['Name']) : '';
    const topic = topicFor(contact, account, data.opportunities) ?? accountName;
    const subject = topic === '' ? 'Re: Next steps' : `Re: ${topic} — next steps`;
    const jobTitle = text(contact.fields['JobTitle']);
    const signature = [jobTitle, accountName].filter((s) => s !== '').join(', ');
    return {
      id: `sample-${contact.localId}`,
      subject,
      from: { name, email: text(contact.fields['Email']) },
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
function topicFor(contact: LocalRecord, account: LocalRecord | null, opportunities: readonly LocalRecord[]): string | null {
  const open = opportunities
    .filter((o) => o.state !== 'deleted' && isOpenOpportunity(o.fields) && text(o.fields['Name']) !== '')
    .sort((a, b) => text(a.fields['Name']).localeCompare(text(b.fields['Name'])) || a.localId.localeCompare(b.localId));
  const primary = open.find((o) => refersTo(o.fields['PrimaryContactId'], contact));
  if (primary) return text(primary.fields['Name']);
  const ofAccount = account ? open.find((o) => refersTo(o.fields['AccountId'], account)) : undefined;
  return ofAccount ? text(ofAccount.fields['Name']) : null;
}

function compareContacts(a: LocalRecord, b: LocalRecord): number {
  return (
    text(a.fields['LastName']).localeCompare(text(b.fields['LastName'])) ||
    text(a.fields['FirstName']).localeCompare(text(b.fields['FirstName'])) ||
    normalizeEmail(text(a.fields['Email'])).localeCompare(normalizeEmail(text(b.fields['Email']))) ||
    a.localId.localeCompare(b.localId)
  );
}

function fullName(contact: LocalRecord): string {
  const name = [text(contact.fields['FirstName']), text(contact.fields['LastName'])].filter((s) => s !== '').join(' ');
  return name === '' ? text(contact.fields['Email']) : name;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
