import type { FieldValue } from '../../src/protocol';
import type { LocalRecord } from '../../src/store';
import { buildSampleInbox, UNKNOWN_MESSAGE_ID, UNKNOWN_SENDER } from '../../src/taskpane/mail/build-sample-inbox';
import { mailObjectRoles } from '../../src/taskpane/mail/mail-object-roles';
import { demoPackage } from '../support/demo-package';
import { localRecord } from '../support/local-record-fixture';

const roles = mailObjectRoles(demoPackage());

const NOW = Date.UTC(2026, 2, 4, 12, 0, 0);

/** Only the ids, fields and state (deleted or not) matter here; the rest is the shared default. */
const record = (objectType: string, localId: string, fields: Record<string, FieldValue>, extra: Partial<LocalRecord> = {}): LocalRecord =>
  localRecord(objectType, localId, extra, fields);
const contact = (
  id: string,
  first: string,
  last: string,
  email: string | null,
  accountId?: string,
  extra?: Partial<LocalRecord>,
): LocalRecord =>
  record('Contact', id, { FirstName: first, LastName: last, Email: email, ...(accountId ? { AccountId: accountId } : {}) }, extra);

const accounts = [
  record('Account', '1-A', { Name: 'Acme Pumps', Location: 'Lyon' }),
  record('Account', 'L-b', { Name: 'Borealis', Location: 'Oslo' }, { origin: 'local', state: 'created' }),
];
const opportunities = [
  record('Opportunity', '1-O1', { Name: 'Zeta retrofit', AccountId: '1-A', Stage: 'Proposal' }),
  record('Opportunity', '1-O2', { Name: 'Alpha pumps', AccountId: '1-A', Stage: 'Closed Won' }),
  record('Opportunity', '1-O3', { Name: 'Zulu service', AccountId: '1-A', Stage: 'Negotiation', PrimaryContactId: '1-C3' }),
];

describe('buildSampleInbox', () => {
  test.each<[string, LocalRecord[], { id: string; from: string; subject: string }[]]>([
    [
      'no contacts: only the unknown sender',
      [],
      [{ id: UNKNOWN_MESSAGE_ID, from: UNKNOWN_SENDER.email, subject: 'Request for a product demo' }],
    ],
    [
      'contacts without an e-mail are left out; account topic is its first open opportunity',
      [
        contact('1-C1', 'Anna', 'Berg', 'anna@acme.example', '1-A'),
        contact('1-C2', 'Ben', 'Aal', null, '1-A'),
        contact('1-C4', 'Cleo', 'Dorn', '   ', '1-A'),
      ],
      [
        { id: 'sample-1-C1', from: 'anna@acme.example', subject: 'Re: Zeta retrofit — next steps' },
        { id: UNKNOWN_MESSAGE_ID, from: UNKNOWN_SENDER.email, subject: 'Request for a product demo' },
      ],
    ],
    [
      'the primary contact gets their own opportunity; an account without open ones gives its name; no account: generic',
      [
        contact('1-C3', 'Carl', 'Adler', 'carl@acme.example', '1-A'),
        contact('L-c5', 'Dana', 'Bloom', 'dana@borealis.example', 'L-b', { state: 'created', origin: 'local', rowId: null }),
        contact('1-C6', 'Eve', 'Cole', 'eve@solo.example'),
      ],
      [
        { id: 'sample-1-C3', from: 'carl@acme.example', subject: 'Re: Zulu service — next steps' },
        { id: UNKNOWN_MESSAGE_ID, from: UNKNOWN_SENDER.email, subject: 'Request for a product demo' },
        { id: 'sample-L-c5', from: 'dana@borealis.example', subject: 'Re: Borealis — next steps' },
        { id: 'sample-1-C6', from: 'eve@solo.example', subject: 'Re: Next steps' },
      ],
    ],
    [
      'at most three contacts, by last name; deleted ones, duplicates of an address and the unknown sender left out',
      [
        contact('1-D', 'Dora', 'Dietz', 'dora@x.example'),
        contact('1-A1', 'Alma', 'Arndt', 'alma@x.example'),
        contact('1-X', 'Xavier', 'Aaron', 'xavier@x.example', undefined, { state: 'deleted' }),
        contact('1-B', 'Bodo', 'Brandt', 'ALMA@x.example'),
        contact('1-J', 'Jordan', 'Avery', 'Jordan.Avery@newprospect.example'),
        contact('1-C', 'Cora', 'Claus', 'cora@x.example'),
      ],
      [
        { id: 'sample-1-A1', from: 'alma@x.example', subject: 'Re: Next steps' },
        { id: UNKNOWN_MESSAGE_ID, from: UNKNOWN_SENDER.email, subject: 'Request for a product demo' },
        { id: 'sample-1-C', from: 'cora@x.example', subject: 'Re: Next steps' },
        { id: 'sample-1-D', from: 'dora@x.example', subject: 'Re: Next steps' },
      ],
    ],
  ])('%s', (_name, contacts, expected) => {
    const inbox = buildSampleInbox({ roles, contacts, accounts, opportunities, now: NOW });
    expect(inbox.map((m) => ({ id: m.id, from: m.from.email, subject: m.subject }))).toEqual(expected);
  });

  test('is deterministic, newest first, all before now, with a sender name and a body of a few lines', () => {
    const contacts = [
      contact('1-C1', 'Anna', 'Berg', 'anna@acme.example', '1-A'),
      contact('1-C3', 'Carl', 'Adler', 'carl@acme.example', '1-A'),
    ];
    const first = buildSampleInbox({ roles, contacts, accounts, opportunities, now: NOW });
    const again = buildSampleInbox({ roles, contacts: [...contacts].reverse(), accounts, opportunities, now: NOW });
    expect(again).toEqual(first);
    const times = first.map((m) => m.receivedAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const message of first) {
      expect(message.receivedAt).toBeLessThan(NOW);
      expect(message.from.name).not.toBe('');
      expect(message.body.split('\n').length).toBeGreaterThanOrEqual(3);
    }
    expect(first.find((m) => m.id === 'sample-1-C1')?.from.name).toBe('Anna Berg');
    expect(first.find((m) => m.id === UNKNOWN_MESSAGE_ID)?.from).toEqual(UNKNOWN_SENDER);
    // Times follow `now`.
    const later = buildSampleInbox({ roles, contacts, accounts, opportunities, now: NOW + 1000 });
    expect(later.map((m) => m.receivedAt - 1000)).toEqual(times);
  });
});

describe('buildSampleInbox with another package', () => {
  test('reads the package’s own names: a Person with a Mailbox at a Company', () => {
    const person = {
      ...roles.contact!,
      object: { ...roles.contact!.object, name: 'Person' },
      email: 'Mailbox',
      firstName: null,
      lastName: 'FullName',
      account: 'Employer',
    };
    const company = { ...roles.account!, object: { ...roles.account!.object, name: 'Company' }, name: 'CompanyName' };
    const inbox = buildSampleInbox({
      roles: { contact: person, account: company, opportunity: null },
      contacts: [record('Person', 'P-1', { FullName: 'Anna Berg', Mailbox: 'anna@acme.example', Employer: 'C-1' })],
      accounts: [record('Company', 'C-1', { CompanyName: 'Acme Pumps' })],
      opportunities: [],
      now: NOW,
    });
    expect(inbox[0]).toMatchObject({
      id: 'sample-P-1',
      subject: 'Re: Acme Pumps — next steps',
      from: { name: 'Anna Berg', email: 'anna@acme.example' },
    });
  });

  test('a package without contacts: only the unknown sender writes', () => {
    const inbox = buildSampleInbox({
      roles: { contact: null, account: roles.account, opportunity: roles.opportunity },
      contacts: [record('Contact', '1-C', { FirstName: 'Anna', LastName: 'Berg', Email: 'anna@acme.example' })],
      accounts,
      opportunities,
      now: NOW,
    });
    expect(inbox.map((m) => m.id)).toEqual([UNKNOWN_MESSAGE_ID]);
  });
});
