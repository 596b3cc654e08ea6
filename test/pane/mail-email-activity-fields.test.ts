import type { LocalRecord } from '../../src/store';
import { emailActivityFields, emailActivityStart, emailActivitySubject, NO_SUBJECT } from '../../src/taskpane/mail/email-activity-fields';
import { findTrackedActivity } from '../../src/taskpane/mail/find-tracked-activity';
import { mailObjectRoles, type ActivityRole } from '../../src/taskpane/mail/mail-object-roles';
import { referenceId, refersTo } from '../../src/taskpane/mail/reference-id';
import { demoPackage } from '../support/demo-package';
import { localRecord } from '../support/local-record-fixture';

/** The demo package's activity: Type E-mail, Subject, Start, Status Done, ContactId, AccountId, OpportunityId, Description. */
const role = mailObjectRoles(demoPackage()).activity!;
/** The same with a Subject of 11 characters. */
const shortSubject: ActivityRole = {
  ...role,
  object: { ...role.object, fields: role.object.fields.map((f) => (f.name === 'Subject' ? { ...f, maxLength: 11 } : f)) },
};
/** A package's activity with other names, no type, status or description field. */
const plain: ActivityRole = {
  ...role,
  subject: 'Title',
  start: 'When',
  type: null,
  emailType: null,
  status: null,
  doneStatus: null,
  contact: 'Who',
  account: null,
  opportunity: 'Deal',
  description: null,
};

type Ids = Pick<LocalRecord, 'rowId' | 'localId'>;
const synced = (rowId: string): Ids => ({ rowId, localId: rowId });
const offline = (localId: string): Ids => ({ rowId: null, localId });
const uploaded = (localId: string, rowId: string): Ids => ({ rowId, localId });

const RECEIVED = Date.UTC(2026, 2, 4, 9, 30, 15, 250);

describe('referenceId / refersTo', () => {
  test.each<[string, Ids, string]>([
    ['synced record: its ROW_ID', synced('1-ABC'), '1-ABC'],
    ['created offline: its local id', offline('L-1234'), 'L-1234'],
    ['created offline, uploaded since: its ROW_ID', uploaded('L-1234', '1-XYZ'), '1-XYZ'],
  ])('%s', (_name, record, expected) => {
    expect(referenceId(record)).toBe(expected);
  });

  test.each<[unknown, Ids, boolean]>([
    ['1-XYZ', uploaded('L-1', '1-XYZ'), true],
    ['L-1', uploaded('L-1', '1-XYZ'), true],
    ['1-OTHER', uploaded('L-1', '1-XYZ'), false],
    ['', offline(''), false],
    [null, offline('L-1'), false],
    [42, offline('42'), false],
  ])('%j refers to %j: %s', (value, record, expected) => {
    expect(refersTo(value, record)).toBe(expected);
  });
});

describe('emailActivitySubject', () => {
  test.each<[string, string, number | undefined, string]>([
    ['kept as is', 'Re: Pump upgrade — next steps', undefined, 'Re: Pump upgrade — next steps'],
    ['blanks trimmed and collapsed', '  Re:\tPump   upgrade \n', undefined, 'Re: Pump upgrade'],
    ['no subject', '   ', undefined, NO_SUBJECT],
    ['exactly the limit', 'abcde', 5, 'abcde'],
    ['cut to the limit', 'abcdefgh', 5, 'abcde'],
    ['cut before a space drops it', 'abcd efgh', 5, 'abcd'],
    ['an emoji across the limit is left out whole', 'abcd😀', 5, 'abcd'],
    ['default limit is 200', 'x'.repeat(250), undefined, 'x'.repeat(200)],
  ])('%s', (_name, subject, max, expected) => {
    const result = emailActivitySubject(subject, max);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(max ?? 200);
  });
});

describe('emailActivityStart', () => {
  test.each([
    [Date.UTC(2026, 0, 1), '2026-01-01T00:00:00.000Z'],
    [RECEIVED, '2026-03-04T09:30:15.250Z'],
  ])('%i → %s', (ms, iso) => {
    expect(emailActivityStart(ms)).toBe(iso);
  });
});

describe('emailActivityFields', () => {
  const message = { subject: 'Re: Pump upgrade — next steps', receivedAt: RECEIVED, body: 'Hi,\n\nThanks  for the call.\n' };
  const base = {
    Type: 'E-mail',
    Subject: 'Re: Pump upgrade — next steps',
    Start: '2026-03-04T09:30:15.250Z',
    Status: 'Done',
    Description: 'Hi, Thanks for the call.',
  };

  test.each<[string, Parameters<typeof emailActivityFields>[0], Record<string, unknown>]>([
    ['contact only', { message, role, contact: synced('1-C') }, { ...base, ContactId: '1-C' }],
    [
      'contact and account',
      { message, role, contact: synced('1-C'), account: synced('1-A') },
      { ...base, ContactId: '1-C', AccountId: '1-A' },
    ],
    [
      'with an opportunity',
      { message, role, contact: synced('1-C'), account: synced('1-A'), opportunity: synced('1-O') },
      { ...base, ContactId: '1-C', AccountId: '1-A', OpportunityId: '1-O' },
    ],
    [
      'records created offline are referenced by local id',
      { message, role, contact: offline('L-c'), account: offline('L-a'), opportunity: offline('L-o') },
      { ...base, ContactId: 'L-c', AccountId: 'L-a', OpportunityId: 'L-o' },
    ],
    [
      'uploaded records by ROW_ID',
      { message, role, contact: uploaded('L-c', '1-C'), account: null, opportunity: null },
      { ...base, ContactId: '1-C' },
    ],
    [
      'an empty body leaves no description',
      { message: { ...message, body: '  \n ' }, role, contact: synced('1-C') },
      { Type: 'E-mail', Subject: base.Subject, Start: base.Start, Status: 'Done', ContactId: '1-C' },
    ],
    [
      'the subject is cut to the field length',
      { message: { ...message, subject: 'Quote '.repeat(10) }, role: shortSubject, contact: synced('1-C') },
      { ...base, Subject: 'Quote Quote', ContactId: '1-C' },
    ],
    [
      'a long body is cut at 500 characters',
      { message: { ...message, body: 'y'.repeat(600) }, role, contact: synced('1-C') },
      { ...base, Description: `${'y'.repeat(500)}…`, ContactId: '1-C' },
    ],
    [
      'another package’s names; fields it lacks are left out',
      { message, role: plain, contact: synced('1-C'), account: synced('1-A'), opportunity: synced('1-O') },
      { Title: base.Subject, When: base.Start, Who: '1-C', Deal: '1-O' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(emailActivityFields(input)).toEqual(expected);
  });
});

describe('findTrackedActivity', () => {
  const contact = uploaded('L-c', '1-C');
  const expected = emailActivityFields({ message: { subject: 'Re: Pump', receivedAt: RECEIVED, body: '' }, role, contact });
  const activity = (localId: string, fields: Record<string, string>, state: LocalRecord['state'] = 'clean'): LocalRecord =>
    localRecord('Activity', localId, { state }, fields);
  const same = { Type: 'E-mail', Subject: 'Re: Pump', Start: '2026-03-04T09:30:15.250Z', Status: 'Done' };

  test.each<[string, LocalRecord[], string | null]>([
    ['none', [], null],
    ['same contact by ROW_ID', [activity('1-X', { ...same, ContactId: '1-C' })], '1-X'],
    ['same contact by local id (not uploaded yet)', [activity('L-x', { ...same, ContactId: 'L-c' }, 'created')], 'L-x'],
    ['another contact', [activity('1-X', { ...same, ContactId: '1-D' })], null],
    ['another subject', [activity('1-X', { ...same, Subject: 'Re: Pumps', ContactId: '1-C' })], null],
    ['another start', [activity('1-X', { ...same, Start: '2026-03-04T09:30:16.250Z', ContactId: '1-C' })], null],
    [
      'same instant written with an offset',
      [activity('1-X', { ...same, Start: '2026-03-04T10:30:15.250+01:00', ContactId: '1-C' })],
      '1-X',
    ],
    ['deleted activity does not count', [activity('1-X', { ...same, ContactId: '1-C' }, 'deleted')], null],
    ['the live one among others', [activity('1-W', { ...same, ContactId: '1-D' }), activity('1-X', { ...same, ContactId: '1-C' })], '1-X'],
  ])('%s', (_name, activities, found) => {
    expect(findTrackedActivity(activities, role, contact, expected)?.localId ?? null).toBe(found);
  });

  test('another package’s names', () => {
    const fields = emailActivityFields({ message: { subject: 'Re: Pump', receivedAt: RECEIVED, body: '' }, role: plain, contact });
    const mine = activity('1-X', { Title: 'Re: Pump', When: '2026-03-04T09:30:15.250Z', Who: 'L-c' });
    expect(findTrackedActivity([activity('1-W', { ...same, ContactId: '1-C' }), mine], plain, contact, fields)?.localId).toBe('1-X');
  });
});
