import type { FieldValue } from '../../src/protocol';
import type { LocalRecord, LocalStore } from '../../src/store';
import { findContactsByEmail } from '../../src/taskpane/mail/find-contact-by-email';
import { openOpportunitiesOf } from '../../src/taskpane/mail/open-opportunities-of';
import { resolveReference } from '../../src/taskpane/mail/resolve-reference';
import { mailObjectRoles } from '../../src/taskpane/mail/mail-object-roles';
import { demoPackage } from '../support/demo-package';
import { localRecord } from '../support/local-record-fixture';
import { listSpecOf, listingMatches, recordListing, searchTerms } from '../../src/store';
import { ACCOUNT_CONTACT, appliedPackage, freshIndexedDb, keeping, openStore } from '../store/store-fixtures';

const roles = mailObjectRoles(demoPackage());

/** Only the ids, fields and state (deleted or not) matter here; the rest is the shared default. */
const record = (objectType: string, localId: string, fields: Record<string, FieldValue>, extra: Partial<LocalRecord> = {}): LocalRecord =>
  localRecord(objectType, localId, extra, fields);

/** The store's lookups over an array, counting full scans (listRecords) and word-index searches. */
function fakeStore(records: readonly LocalRecord[]) {
  const calls = { scans: 0, searches: 0 };
  const store: Pick<LocalStore, 'findByField' | 'listRecords' | 'getRecord' | 'getRecordByRowId' | 'matchRecordIds' | 'getRecords'> = {
    // The word index's answer, by its definition (record-listing.ts).
    matchRecordIds: async (type, search) => {
      calls.searches += 1;
      const object = demoPackage().objects.find((o) => o.name === type);
      if (!object) return [];
      return records
        .filter(
          (r) =>
            r.objectType === type &&
            listingMatches(recordListing(r, listSpecOf(object)) ?? { sort: '', changed: 0, words: [] }, searchTerms(search)),
        )
        .map((r) => r.localId);
    },
    getRecords: async (type, localIds) => records.filter((r) => r.objectType === type && localIds.includes(r.localId)),
    findByField: async (type, field, value) => records.filter((r) => r.objectType === type && (r.fields[field] ?? null) === value),
    listRecords: async (type) => {
      calls.scans += 1;
      return records.filter((r) => r.objectType === type);
    },
    getRecord: async (type, localId) => records.find((r) => r.objectType === type && r.localId === localId),
    getRecordByRowId: async (type, rowId) => records.find((r) => r.objectType === type && r.rowId === rowId),
  };
  return { store, calls };
}

const contacts = [
  record('Contact', '1-B', { FirstName: 'Anna', LastName: 'Berg', Email: 'anna@acme.example' }),
  record('Contact', '1-A', { FirstName: 'Anna', LastName: 'Berg', Email: 'anna@acme.example' }),
  record('Contact', '1-M', { FirstName: 'Mixed', LastName: 'Case', Email: ' Mixed.Case@Acme.example ' }),
  record('Contact', '1-D', { FirstName: 'Del', LastName: 'Eted', Email: 'gone@acme.example' }, { state: 'deleted' }),
  record('Contact', '1-N', { FirstName: 'No', LastName: 'Mail' }),
];

describe('findContactsByEmail', () => {
  test.each<[string, string, string[], { scans: number; searches: number }]>([
    ['exact match by index, nothing else read', 'anna@acme.example', ['1-A', '1-B'], { scans: 0, searches: 0 }],
    ['sender address with blanks', '  anna@acme.example ', ['1-A', '1-B'], { scans: 0, searches: 0 }],
    ['sender address in capitals: lower-case index lookup', 'ANNA@ACME.EXAMPLE', ['1-A', '1-B'], { scans: 0, searches: 0 }],
    ['stored address with capitals and blanks: the word index, no scan', 'mixed.case@acme.example', ['1-M'], { scans: 0, searches: 1 }],
    ['deleted contacts do not match', 'gone@acme.example', [], { scans: 0, searches: 1 }],
    ['unknown sender', 'jordan.avery@newprospect.example', [], { scans: 0, searches: 1 }],
    ['an address that only starts another one does not match it', 'anna@acme.ex', [], { scans: 0, searches: 1 }],
    ['empty address matches nothing and looks nothing up', '  ', [], { scans: 0, searches: 0 }],
  ])('%s', async (_name, email, ids, reads) => {
    const { store, calls } = fakeStore(contacts);
    expect((await findContactsByEmail(store, roles.contact!, email)).map((c) => c.localId)).toEqual(ids);
    expect(calls).toEqual(reads);
  });

  test('in the real store: the word index finds an address stored in capitals', async () => {
    const store = await openStore(freshIndexedDb());
    try {
      await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
      await store.putRecords(contacts);
      // The fixture's Contact list searches FirstName, LastName and Email, as the demo package's does.
      const person = { ...roles.contact!, email: 'Email' };
      expect((await findContactsByEmail(store, person, 'mixed.case@acme.example')).map((c) => c.localId)).toEqual(['1-M']);
      expect(await findContactsByEmail(store, person, 'gone@acme.example')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

describe('resolveReference', () => {
  const records = [
    record('Account', '1-A', { Name: 'Acme' }),
    record('Account', 'L-b', { Name: 'Borealis' }),
    record('Account', 'L-c', { Name: 'Uploaded' }, { rowId: '1-C' }),
    record('Account', '1-D', { Name: 'Deleted' }, { state: 'deleted' }),
  ];
  test.each<[string, unknown, string | null]>([
    ['ROW_ID', '1-A', '1-A'],
    ['local id of a record created offline', 'L-b', 'L-b'],
    ['ROW_ID of a record created offline and uploaded', '1-C', 'L-c'],
    ['its old local id still finds it', 'L-c', 'L-c'],
    ['deleted', '1-D', null],
    ['not on this device', '1-Z', null],
    ['empty', '', null],
    ['no value', null, null],
  ])('%s', async (_name, value, found) => {
    const { store } = fakeStore(records);
    expect((await resolveReference(store, 'Account', value))?.localId ?? null).toBe(found);
  });
});

describe('openOpportunitiesOf', () => {
  const records = [
    record('Opportunity', '1-O1', { Name: 'Zeta', AccountId: '1-C', Stage: 'Proposal' }),
    record('Opportunity', 'L-o2', { Name: 'Alpha', AccountId: 'L-c', Stage: 'Prospecting' }, { state: 'created' }),
    record('Opportunity', '1-O3', { Name: 'Won', AccountId: '1-C', Stage: 'Closed Won' }),
    record('Opportunity', '1-O4', { Name: 'Lost', AccountId: '1-C', Stage: 'Closed Lost' }),
    record('Opportunity', '1-O5', { Name: 'Gone', AccountId: '1-C', Stage: 'Proposal' }, { state: 'deleted' }),
    record('Opportunity', '1-O6', { Name: 'Other account', AccountId: '1-X', Stage: 'Proposal' }),
  ];
  test.each<[string, { rowId: string | null; localId: string }, string[]]>([
    ['by ROW_ID and by local id, by name, open only', { rowId: '1-C', localId: 'L-c' }, ['L-o2', '1-O1']],
    ['account not uploaded yet', { rowId: null, localId: 'L-c' }, ['L-o2']],
    ['account without opportunities', { rowId: '1-Q', localId: '1-Q' }, []],
  ])('%s', async (_name, account, ids) => {
    const { store } = fakeStore(records);
    expect((await openOpportunitiesOf(store, roles.opportunity!, account)).map((o) => o.localId)).toEqual(ids);
  });

  test('an opportunity type without an account reference has none for an account', async () => {
    const { store } = fakeStore(records);
    expect(await openOpportunitiesOf(store, { ...roles.opportunity!, account: null }, { rowId: '1-C', localId: 'L-c' })).toEqual([]);
  });
});

describe('findContactsByEmail with another package’s names', () => {
  test('looks in the role’s object and e-mail field', async () => {
    const people = [record('Person', 'P-1', { FullName: 'Anna Berg', Mailbox: 'anna@acme.example' }), ...contacts];
    const { store } = fakeStore(people);
    const person = { ...roles.contact!, object: { ...roles.contact!.object, name: 'Person' }, email: 'Mailbox' };
    expect((await findContactsByEmail(store, person, 'ANNA@acme.example')).map((c) => c.localId)).toEqual(['P-1']);
    expect(await findContactsByEmail(store, { ...person, email: null }, 'anna@acme.example')).toEqual([]);
  });
});
