import 'fake-indexeddb/auto';
import type { LocalRecord, LocalStore } from '../../src/store/index.js';
import { applyResolutions } from '../../src/sync/apply-resolutions.js';
import { referenceFieldsTo, repointReferences } from '../../src/sync/repoint-references.js';
import { demoPackage } from '../support/demo-package.js';
import { ACCOUNT_CONTACT, appliedPackage, freshIndexedDb, issue, keeping, openStore, record } from '../store/store-fixtures.js';

const NOW = 1_700_000_000_000;
const EXISTING = {
  rowId: '1-EXISTING',
  lastUpd: '2026-11-30T10:00:00.000Z',
  modNum: 1,
  owner: 'alice',
  updatedBy: 'bob',
  fields: { Name: 'BEACON AS', Location: 'Bergen, Norway' },
};

describe('referenceFieldsTo', () => {
  it('lists every reference field of the package that points at the type', () => {
    expect(referenceFieldsTo(demoPackage().objects, 'Account')).toEqual([
      { objectType: 'Contact', field: 'AccountId' },
      { objectType: 'Opportunity', field: 'AccountId' },
      { objectType: 'Activity', field: 'AccountId' },
    ]);
  });
});

describe('repointReferences (a new record replaced by the existing one)', () => {
  it.each<[string, LocalRecord, Partial<LocalRecord> | null]>([
    [
      'a new contact of the new account: still new, now of the existing account',
      record('Contact', 'L-c', {}, { LastName: 'Lee', AccountId: 'L-a' }),
      { state: 'created', fields: { LastName: 'Lee', AccountId: '1-EXISTING' }, changedAt: NOW },
    ],
    [
      'a synced contact moved to the new account: a change to upload',
      record('Contact', '1-C', {}, { LastName: 'Lee', AccountId: 'L-a' }),
      { state: 'updated', fields: { LastName: 'Lee', AccountId: '1-EXISTING' } },
    ],
    ['a contact of another account: untouched', record('Contact', 'L-d', {}, { LastName: 'Ng', AccountId: '1-OTHER' }), null],
    ['a deleted contact: left alone', record('Contact', '1-D', { state: 'deleted' }, { AccountId: 'L-a' }), null],
    [
      'a request in flight: resent as it was',
      record(
        'Contact',
        'L-e',
        { pending: { operationId: 'op-1', request: null } as unknown as LocalRecord['pending'] },
        { AccountId: 'L-a' },
      ),
      null,
    ],
  ])('%s', (_name, subject, expected) => {
    const result = repointReferences(subject, ['AccountId'], 'L-a', '1-EXISTING', NOW);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });
});

describe('applyResolutions: "use the existing record" for a duplicate', () => {
  /** The object types this store has tables for. */
  const OBJECTS = demoPackage().objects.filter((o) => o.name === 'Account' || o.name === 'Contact');
  let store: LocalStore;
  beforeEach(async () => {
    store = await openStore(freshIndexedDb());
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
  });
  afterEach(() => store.close());

  it('removes the new record and points what referred to it at the existing record', async () => {
    await store.putRecords([
      record('Account', 'L-a', {}, { Name: 'Beacon AS', Location: 'Bergen, Norway' }),
      record('Contact', 'L-c', {}, { LastName: 'Lee', AccountId: 'L-a' }),
      record('Contact', '1-C', {}, { LastName: 'Ng', AccountId: '1-OTHER' }),
    ]);
    await store.putIssues([
      issue('Account', 'L-a', {
        kind: 'duplicate',
        rowId: null,
        server: EXISTING,
        code: 'DUPLICATE_USER_KEY',
        resolution: { choice: 'server' },
      }),
    ]);
    expect(await applyResolutions(store, () => NOW, OBJECTS)).toBe(1);
    expect(await store.getRecord('Account', 'L-a')).toBeUndefined();
    expect(await store.getRecord('Contact', 'L-c')).toMatchObject({ state: 'created', fields: { AccountId: '1-EXISTING' } });
    expect(await store.getRecord('Contact', '1-C')).toMatchObject({ state: 'clean', fields: { AccountId: '1-OTHER' } });
    expect(await store.listIssues()).toEqual([]);
  });

  it('without the existing record (not visible to the rep) the references stay: there is nothing to point them at', async () => {
    await store.putRecords([record('Account', 'L-a'), record('Contact', 'L-c', {}, { AccountId: 'L-a' })]);
    await store.putIssues([issue('Account', 'L-a', { kind: 'duplicate', rowId: null, server: null, resolution: { choice: 'server' } })]);
    await applyResolutions(store, () => NOW, OBJECTS);
    expect(await store.getRecord('Account', 'L-a')).toBeUndefined();
    expect((await store.getRecord('Contact', 'L-c'))?.fields['AccountId']).toBe('L-a');
  });

  it('"send mine again" keeps the references to the new record', async () => {
    await store.putRecords([record('Account', 'L-a'), record('Contact', 'L-c', {}, { AccountId: 'L-a' })]);
    await store.putIssues([issue('Account', 'L-a', { kind: 'duplicate', rowId: null, server: EXISTING, resolution: { choice: 'local' } })]);
    await applyResolutions(store, () => NOW, OBJECTS);
    expect(await store.getRecord('Account', 'L-a')).toMatchObject({ state: 'created', pending: null });
    expect((await store.getRecord('Contact', 'L-c'))?.fields['AccountId']).toBe('L-a');
  });
});
