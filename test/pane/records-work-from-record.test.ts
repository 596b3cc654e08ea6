import { createPaneFormat } from '../../src/taskpane/format/pane-format.js';
import type { FieldDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { mailObjectRoles } from '../../src/taskpane/mail/mail-object-roles.js';
import { activityTimeline } from '../../src/taskpane/records/activity-timeline.js';
import { fieldHref } from '../../src/taskpane/records/field-href.js';
import { formatFieldValue } from '../../src/taskpane/records/format-field-value.js';
import { quickActions } from '../../src/taskpane/records/quick-actions.js';
import { BACK_DEPTH, backDepth, backTo } from '../../src/taskpane/services/back-target.js';
import type { PaneRoute } from '../../src/taskpane/services/navigation.js';
import { demoPackage } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';

const roles = mailObjectRoles(demoPackage());

describe('fieldHref', () => {
  const email: Pick<FieldDefinition, 'kind'> = { kind: 'email' };
  const phone: Pick<FieldDefinition, 'kind'> = { kind: 'phone' };
  test.each<[string, Pick<FieldDefinition, 'kind'>, FieldValue | undefined, string | null]>([
    ['an address', email, ' anna@acme.example ', 'mailto:anna@acme.example'],
    ['not an address', email, 'anna at acme', null],
    ['an international number', phone, '+44 20 7946 0958', 'tel:+442079460958'],
    ['a number with brackets and dashes', phone, '(555) 010-0199', 'tel:5550100199'],
    ['too few digits', phone, 'ext 12', null],
    ['a url is not linked here', { kind: 'url' }, 'https://acme.example', null],
    ['a field without a kind', {}, 'anna@acme.example', null],
    ['no value', email, null, null],
  ])('%s', (_name, field, value, expected) => {
    expect(fieldHref(field, value)).toBe(expected);
  });
});

describe('formatFieldValue: amounts with their currency', () => {
  const revenue: FieldDefinition = { name: 'Revenue', type: 'number', kind: 'currency', currency: 'EUR' };
  test.each<[string, FieldDefinition, FieldValue, string, string]>([
    ['euros in English', revenue, 125000, 'en-US', '€125,000.00'],
    ['euros in German', revenue, 125000, 'de-DE', '125.000,00 €'],
    ['dollars', { ...revenue, currency: 'USD' }, 99.5, 'en-US', '$99.50'],
    ['a percent stays a plain number', { name: 'P', type: 'number', kind: 'percent' }, 60, 'en-US', '60'],
  ])('%s', (_name, field, value, locale, expected) => {
    expect(formatFieldValue(field, value, { format: createPaneFormat(locale) }).replace(/\u00a0/g, ' ')).toBe(expected);
  });
});

describe('quickActions', () => {
  const NOW = Date.UTC(2026, 11, 1, 9, 30);
  const account = localRecord('Account', '1-A', {}, { Name: 'Acme', Location: 'Lyon' });
  const contact = localRecord('Contact', 'L-c', {}, { FirstName: 'Anna', LastName: 'Berg', AccountId: '1-A' });
  const lonely = localRecord('Contact', '1-C', {}, { FirstName: 'No', LastName: 'Account' });
  const start = '2026-12-01T09:30:00.000Z';
  test.each<[string, LocalRecord, string, { label: string; objectType: string; initial: Record<string, FieldValue> }[]]>([
    [
      'an account: log a call, new contact, opportunity and activity for it',
      account,
      'Acme',
      [
        {
          label: 'Log a call',
          objectType: 'Activity',
          initial: { AccountId: '1-A', Start: start, Type: 'Call', Status: 'Done', Subject: 'Call with Acme' },
        },
        { label: 'New contact', objectType: 'Contact', initial: { AccountId: '1-A' } },
        { label: 'New opportunity', objectType: 'Opportunity', initial: { AccountId: '1-A', Stage: 'Prospecting' } },
        { label: 'New activity', objectType: 'Activity', initial: { AccountId: '1-A', Start: start } },
      ],
    ],
    [
      'a contact (not uploaded yet): linked by its local id, and to its account',
      contact,
      'Anna Berg',
      [
        {
          label: 'Log a call',
          objectType: 'Activity',
          initial: { AccountId: '1-A', ContactId: 'L-c', Start: start, Type: 'Call', Status: 'Done', Subject: 'Call with Anna Berg' },
        },
        {
          label: 'New opportunity',
          objectType: 'Opportunity',
          initial: { AccountId: '1-A', PrimaryContactId: 'L-c', Stage: 'Prospecting' },
        },
        { label: 'New activity', objectType: 'Activity', initial: { AccountId: '1-A', ContactId: 'L-c', Start: start } },
      ],
    ],
    [
      'a contact without an account',
      lonely,
      'No Account',
      [
        {
          label: 'Log a call',
          objectType: 'Activity',
          initial: { ContactId: '1-C', Start: start, Type: 'Call', Status: 'Done', Subject: 'Call with No Account' },
        },
        { label: 'New opportunity', objectType: 'Opportunity', initial: { PrimaryContactId: '1-C', Stage: 'Prospecting' } },
        { label: 'New activity', objectType: 'Activity', initial: { ContactId: '1-C', Start: start } },
      ],
    ],
    ['an opportunity: none', localRecord('Opportunity', '1-O'), 'Deal', []],
  ])('%s', (_name, record, title, expected) => {
    expect(quickActions(roles, record, title, NOW)).toEqual(expected);
  });

  test('a package without activities offers only new contacts and opportunities', () => {
    const withoutActivities = mailObjectRoles({ objects: demoPackage().objects.filter((o) => o.name !== 'Activity') });
    expect(quickActions(withoutActivities, account, 'Acme', NOW).map((a) => a.label)).toEqual(['New contact', 'New opportunity']);
  });
});

describe('activityTimeline', () => {
  const activity = (localId: string, start: FieldValue, state: LocalRecord['state'] = 'clean'): LocalRecord =>
    localRecord('Activity', localId, { state }, { Subject: localId, Start: start });
  test.each<[string, LocalRecord[], string[]]>([
    [
      'newest first',
      [activity('1-A', '2026-01-01T10:00:00.000Z'), activity('1-B', '2026-03-01T10:00:00.000Z'), activity('1-C', '2026-02-01T10:00:00Z')],
      ['1-B', '1-C', '1-A'],
    ],
    [
      'the same instant written with an offset counts as the same',
      [activity('1-B', '2026-01-01T11:00:00+01:00'), activity('1-A', '2026-01-01T10:00:00Z')],
      ['1-A', '1-B'],
    ],
    ['undated ones last', [activity('1-U', null), activity('1-A', '2026-01-01T10:00:00Z'), activity('1-X', 'soon')], ['1-A', '1-U', '1-X']],
    ['deleted ones left out', [activity('1-D', '2026-05-01T10:00:00Z', 'deleted'), activity('1-A', '2026-01-01T10:00:00Z')], ['1-A']],
    [
      'an activity found through two fields shows once',
      [activity('1-A', '2026-01-01T10:00:00Z'), activity('1-A', '2026-01-01T10:00:00Z')],
      ['1-A'],
    ],
    ['none', [], []],
  ])('%s', (_name, activities, expected) => {
    expect(activityTimeline(activities, roles.activity!).map((a) => a.localId)).toEqual(expected);
  });
});

describe('backTo', () => {
  const list: PaneRoute = { tab: 'records', objectType: 'Account' };
  test('Back walks the way the rep came: email → contact → account', () => {
    const contact: PaneRoute = { tab: 'records', objectType: 'Contact', localId: 'c', back: backTo({ tab: 'mail' }, 'Email') };
    const account: PaneRoute = { tab: 'records', objectType: 'Account', localId: 'a', back: backTo(contact, 'Anna Berg') };
    expect(account.back).toEqual({ label: 'Anna Berg', route: contact });
    expect(contact.back).toEqual({ label: 'Email', route: { tab: 'mail' } });
    expect(backDepth(account)).toBe(2);
    expect(backDepth(list)).toBe(0);
  });

  test(`hopping between records remembers at most ${BACK_DEPTH} steps`, () => {
    let route: PaneRoute = list;
    for (let i = 0; i < BACK_DEPTH * 3; i += 1)
      route = { tab: 'records', objectType: 'Account', localId: `a${i}`, back: backTo(route, `Account ${i}`) };
    expect(backDepth(route)).toBe(BACK_DEPTH);
    // The most recent steps are the ones kept.
    expect(route.tab === 'records' && route.back?.label).toBe(`Account ${BACK_DEPTH * 3 - 1}`);
  });
});
