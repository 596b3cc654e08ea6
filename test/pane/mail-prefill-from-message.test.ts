import type { FieldValue } from '../../src/protocol/index.js';
import { mailObjectRoles } from '../../src/taskpane/mail/mail-object-roles.js';
import type { SignatureDetails } from '../../src/taskpane/mail/parse-signature.js';
import { opportunityPrefill, personPrefill, type SenderFacts } from '../../src/taskpane/mail/prefill-from-message.js';
import { demoPackage } from '../support/demo-package.js';

const roles = mailObjectRoles(demoPackage('demo-v2'));
const contact = roles.contact!;
const lead = roles.lead!;
const opportunity = roles.opportunity!;

const signature: SignatureDetails = {
  name: 'Jordan Avery',
  jobTitle: 'Head of Purchasing',
  company: 'New Prospect Ltd.',
  phone: '+44 20 7946 0958',
};
const noSignature: SignatureDetails = { name: null, jobTitle: null, company: null, phone: null };
const sender = (name: string, email: string, details: SignatureDetails = signature): SenderFacts => ({
  from: { name, email },
  signature: details,
});

describe('personPrefill', () => {
  test.each<[string, Parameters<typeof personPrefill>, Record<string, FieldValue>]>([
    [
      'a contact: display name, address, phone and job title from the signature (contacts have no company field)',
      [contact, sender('Jordan Avery', 'jordan.avery@newprospect.example')],
      {
        FirstName: 'Jordan',
        LastName: 'Avery',
        Email: 'jordan.avery@newprospect.example',
        Phone: '+44 20 7946 0958',
        JobTitle: 'Head of Purchasing',
      },
    ],
    [
      'a lead: the company from the signature; no phone or job title field',
      [lead, sender('Avery, Jordan', 'jordan.avery@newprospect.example')],
      { FirstName: 'Jordan', LastName: 'Avery', Email: 'jordan.avery@newprospect.example', Company: 'New Prospect Ltd.' },
    ],
    [
      'no display name: the signature’s name',
      [contact, sender('', 'j.a@x.example', { ...noSignature, name: 'Jordan Avery' })],
      { FirstName: 'Jordan', LastName: 'Avery', Email: 'j.a@x.example' },
    ],
    [
      'neither: the address',
      [contact, sender('', 'anna-lena.schmidt@x.example', noSignature)],
      { FirstName: 'Anna-Lena', LastName: 'Schmidt', Email: 'anna-lena.schmidt@x.example' },
    ],
    [
      'with an account',
      [contact, sender('Jordan Avery', 'jordan@x.example', noSignature), '1-ACC'],
      { FirstName: 'Jordan', LastName: 'Avery', Email: 'jordan@x.example', AccountId: '1-ACC' },
    ],
    [
      'a type with one name field gets the whole name',
      [{ ...contact, firstName: null, lastName: 'FullName' }, sender('Jordan Avery', 'jordan@x.example', noSignature)],
      { FullName: 'Jordan Avery', Email: 'jordan@x.example' },
    ],
  ])('%s', (_name, args, expected) => {
    expect(personPrefill(...args)).toEqual(expected);
  });
});

describe('opportunityPrefill', () => {
  test.each<[string, Parameters<typeof opportunityPrefill>[1], Record<string, FieldValue>]>([
    [
      'named after the subject, for the account, with the sender as primary contact, at the first stage',
      { subject: 'Re: Fwd: Payroll pilot for three plants', accountRef: '1-A', contactRef: 'L-c' },
      { Name: 'Payroll pilot for three plants', Stage: 'Prospecting', AccountId: '1-A', PrimaryContactId: 'L-c' },
    ],
    [
      'an unknown sender: no account, no contact',
      { subject: 'Request for a product demo', accountRef: null, contactRef: null },
      {
        Name: 'Request for a product demo',
        Stage: 'Prospecting',
      },
    ],
    ['no subject: the rep names it', { subject: 'RE:', accountRef: '1-A', contactRef: null }, { Stage: 'Prospecting', AccountId: '1-A' }],
    [
      'cut to the name field’s length (120)',
      { subject: `Re: ${'Quote '.repeat(30)}`, accountRef: null, contactRef: null },
      { Name: 'Quote '.repeat(20).trimEnd(), Stage: 'Prospecting' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(opportunityPrefill(opportunity, input)).toEqual(expected);
  });
});
