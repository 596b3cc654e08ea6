import type { LocalStore } from '../../src/store/index.js';
import { findDuplicateRecord } from '../../src/sync/index.js';
import { tableSpecs } from '../../src/sync/table-specs.js';
import { appliedPackage, freshIndexedDb, keeping, openStore, record } from '../store/store-fixtures.js';
import { demoPackage } from '../support/demo-package.js';

const objects = demoPackage('demo-v1').objects;
const account = objects.find((o) => o.name === 'Account')!;
const contact = objects.find((o) => o.name === 'Contact')!;

describe('findDuplicateRecord (fake-indexeddb, the store indexes user-key fields)', () => {
  let store: LocalStore;
  beforeEach(async () => {
    store = await openStore(freshIndexedDb());
    await store.reinstall(appliedPackage(), tableSpecs(objects), keeping([]));
    await store.putRecords([
      record('Account', '1-BEACON', {}, { Name: 'Beacon AS', Location: 'Bergen, Norway' }),
      record('Account', '1-OTHER', {}, { Name: 'Beacon AS', Location: 'Oslo, Norway' }),
      record('Account', '1-GONE', { state: 'deleted' }, { Name: 'Gone Ltd', Location: 'Lyon, France' }),
      record('Account', 'L-NEW', {}, { Name: 'Fresh Oy', Location: 'Turku, Finland' }),
      record('Contact', '1-ANN', {}, { FirstName: 'Ann', LastName: 'Lee', Email: 'ann.lee@example.com' }),
    ]);
  });
  afterEach(() => store.close());

  const found = async (objectType: 'Account' | 'Contact', fields: Record<string, string>, own: string | null = null) => {
    const match = await findDuplicateRecord(store, objectType === 'Account' ? account : contact, fields, own);
    return match && { localId: match.record.localId, key: [...match.key] };
  };

  test('the same name and location, in another spelling of case and spacing', async () => {
    await expect(found('Account', { Name: 'Beacon AS', Location: 'Bergen, Norway' })).resolves.toEqual({
      localId: '1-BEACON',
      key: ['Name', 'Location'],
    });
    await expect(found('Account', { Name: ' BEACON  AS ', Location: 'bergen, norway' })).resolves.toEqual({
      localId: '1-BEACON',
      key: ['Name', 'Location'],
    });
    await expect(found('Account', { Name: 'beacon as', Location: 'Oslo,  Norway' })).resolves.toEqual({
      localId: '1-OTHER',
      key: ['Name', 'Location'],
    });
  });

  test('the same name in a third place is no duplicate', async () => {
    await expect(found('Account', { Name: 'Beacon AS', Location: 'Turku, Finland' })).resolves.toBeNull();
  });

  test('a record being deleted does not count', async () => {
    await expect(found('Account', { Name: 'Gone Ltd', Location: 'Lyon, France' })).resolves.toBeNull();
  });

  test('the record being saved is not its own duplicate; a local new record is another’s', async () => {
    await expect(found('Account', { Name: 'Fresh Oy', Location: 'Turku, Finland' }, 'L-NEW')).resolves.toBeNull();
    await expect(found('Account', { Name: 'Fresh Oy', Location: 'Turku, Finland' })).resolves.toEqual({
      localId: 'L-NEW',
      key: ['Name', 'Location'],
    });
  });

  test('a contact matches on its e-mail key alone, found through the e-mail index', async () => {
    await expect(found('Contact', { FirstName: 'Anna', LastName: 'Berg', Email: 'Ann.Lee@Example.com' })).resolves.toEqual({
      localId: '1-ANN',
      key: ['Email'],
    });
    await expect(found('Contact', { FirstName: 'Anna', LastName: 'Berg' })).resolves.toBeNull();
  });
});
