import type { ObjectDefinition } from '../../src/metadata/index.js';
import { mailObjectRoles, type MailObjectRoles } from '../../src/taskpane/mail/mail-object-roles.js';
import { senderLookupNotice, trackingNotice } from '../../src/taskpane/mail/mail-tab-notice.js';
import { demoPackage } from '../support/demo-package.js';

/** A package of other names: no field is called as in the demo, the roles still come out. */
const COMPANY: ObjectDefinition = {
  name: 'Company',
  label: 'Companies',
  titleField: 'CompanyName',
  userKeys: [],
  fields: [
    { name: 'CompanyName', type: 'text', required: true },
    { name: 'City', type: 'text' },
  ],
};
const PERSON: ObjectDefinition = {
  name: 'Person',
  label: 'People',
  titleField: 'FullName',
  userKeys: [],
  fields: [
    { name: 'FullName', type: 'text', required: true },
    { name: 'Mailbox', type: 'text', kind: 'email' },
    { name: 'Mobile', type: 'text', kind: 'phone' },
    { name: 'Position', type: 'text' },
    { name: 'Employer', type: 'reference', references: 'Company' },
  ],
};
const DEAL: ObjectDefinition = {
  name: 'Deal',
  titleField: 'Title',
  userKeys: [],
  fields: [
    { name: 'Title', type: 'text', required: true },
    { name: 'CompanyRef', type: 'reference', references: 'Company' },
    { name: 'Phase', type: 'picklist', values: ['New', 'Offer', 'Won', 'Lost'] },
    { name: 'Amount', type: 'number', kind: 'currency', currency: 'USD' },
    { name: 'Due', type: 'date' },
  ],
};
const ACTION: ObjectDefinition = {
  name: 'Action',
  titleField: 'Summary',
  userKeys: [],
  fields: [
    { name: 'Summary', type: 'text', required: true },
    { name: 'When', type: 'datetime' },
    { name: 'Kind', type: 'picklist', values: ['Phone call', 'Email', 'Visit'] },
    { name: 'State', type: 'picklist', values: ['Open', 'Completed'] },
    { name: 'Who', type: 'reference', references: 'Person' },
    { name: 'Notes', type: 'text', bulk: true },
  ],
};

const names = (roles: MailObjectRoles) => ({
  contact: roles.contact?.object.name ?? null,
  account: roles.account?.object.name ?? null,
  opportunity: roles.opportunity?.object.name ?? null,
  lead: roles.lead?.object.name ?? null,
  activity: roles.activity?.object.name ?? null,
});

describe('mailObjectRoles', () => {
  test('the demo package (v1): every role with the demo field names; no lead', () => {
    const roles = mailObjectRoles(demoPackage('demo-v1'));
    expect(names(roles)).toEqual({ contact: 'Contact', account: 'Account', opportunity: 'Opportunity', lead: null, activity: 'Activity' });
    expect(roles.contact).toMatchObject({
      email: 'Email',
      firstName: 'FirstName',
      lastName: 'LastName',
      phone: 'Phone',
      jobTitle: 'JobTitle',
      account: 'AccountId',
      company: null,
    });
    expect(roles.account).toMatchObject({ name: 'Name', location: 'Location' });
    expect(roles.opportunity).toMatchObject({
      name: 'Name',
      account: 'AccountId',
      primaryContact: 'PrimaryContactId',
      stage: 'Stage',
      closedStages: ['Closed Won', 'Closed Lost'],
      firstStage: 'Prospecting',
      revenue: 'Revenue',
      closeDate: 'CloseDate',
    });
    expect(roles.activity).toMatchObject({
      subject: 'Subject',
      start: 'Start',
      type: 'Type',
      emailType: 'E-mail',
      callType: 'Call',
      status: 'Status',
      doneStatus: 'Done',
      contact: 'ContactId',
      account: 'AccountId',
      opportunity: 'OpportunityId',
      description: 'Description',
    });
  });

  test('the demo package v2 has a lead: name, e-mail and company fields', () => {
    const roles = mailObjectRoles(demoPackage('demo-v2'));
    expect(roles.lead).toMatchObject({
      email: 'Email',
      firstName: 'FirstName',
      lastName: 'LastName',
      company: 'Company',
      account: null,
      jobTitle: null,
    });
  });

  test('other names: fields found by kind, type and reference, not by the demo names', () => {
    const roles = mailObjectRoles({ objects: [ACTION, DEAL, PERSON, COMPANY] });
    expect(names(roles)).toEqual({ contact: 'Person', account: 'Company', opportunity: 'Deal', lead: null, activity: 'Action' });
    expect(roles.contact).toMatchObject({
      email: 'Mailbox',
      firstName: null,
      lastName: 'FullName',
      phone: 'Mobile',
      jobTitle: 'Position',
      account: 'Employer',
    });
    expect(roles.account).toMatchObject({ name: 'CompanyName', location: 'City' });
    expect(roles.opportunity).toMatchObject({
      account: 'CompanyRef',
      primaryContact: null,
      stage: 'Phase',
      closedStages: ['Won', 'Lost'],
      firstStage: 'New',
      revenue: 'Amount',
      closeDate: 'Due',
    });
    expect(roles.activity).toMatchObject({
      subject: 'Summary',
      start: 'When',
      type: 'Kind',
      emailType: 'Email',
      callType: 'Phone call',
      status: 'State',
      doneStatus: 'Completed',
      contact: 'Who',
      account: null,
      opportunity: null,
      description: 'Notes',
    });
  });

  test.each<[string, readonly ObjectDefinition[], ReturnType<typeof names>]>([
    ['no contact type', [COMPANY, DEAL], { contact: null, account: 'Company', opportunity: 'Deal', lead: null, activity: null }],
    [
      'a contact type without an e-mail field does not count',
      [{ ...PERSON, name: 'Contact', fields: PERSON.fields.filter((f) => f.name !== 'Mailbox') }, COMPANY],
      { contact: null, account: 'Company', opportunity: null, lead: null, activity: null },
    ],
    ['found by label when the name is another', [{ ...PERSON, name: 'Z_PERS', label: 'Contacts' }], { ...nulls(), contact: 'Z_PERS' }],
    ['an empty package', [], nulls()],
  ])('%s', (_name, objects, expected) => {
    expect(names(mailObjectRoles({ objects }))).toEqual(expected);
  });
});

function nulls(): ReturnType<typeof names> {
  return { contact: null, account: null, opportunity: null, lead: null, activity: null };
}

describe('senderLookupNotice and trackingNotice', () => {
  test('a package without contacts: the tab says so, and that the rest works', () => {
    expect(mailObjectRoles({ objects: [COMPANY, DEAL] }).contact).toBeNull();
    const notice = senderLookupNotice(['Company', 'Deal']);
    expect(notice.title).toBe('Your configuration has no contact record type, so Fieldbook cannot look up who sent this message.');
    expect(notice.next).toMatch(/^Your records and sync work as usual\./);
  });

  test('contacts without an e-mail field: the notice names the missing field', () => {
    const contact = { ...PERSON, name: 'Contact', fields: PERSON.fields.filter((f) => f.name !== 'Mailbox') };
    expect(mailObjectRoles({ objects: [contact] }).contact).toBeNull();
    expect(senderLookupNotice(['Contact']).title).toMatch(/contacts have no e-mail address field/);
  });

  test('the demo package can look up senders and track messages', () => {
    const roles = mailObjectRoles(demoPackage());
    expect(roles.contact).not.toBeNull();
    expect(trackingNotice(roles)).toBeNull();
  });

  test.each<[string, readonly ObjectDefinition[], RegExp]>([
    ['no activity type', [PERSON], /no activity record type/],
    [
      'activities without a contact reference',
      [PERSON, { ...ACTION, fields: ACTION.fields.filter((f) => f.name !== 'Who') }],
      /cannot refer to a contact/,
    ],
  ])('tracking: %s', (_name, objects, expected) => {
    expect(trackingNotice(mailObjectRoles({ objects }))).toMatch(expected);
  });
});
