import { deviceRecordCounts } from '../../src/taskpane/records/device-record-counts.js';
import { record, storeForEachTest } from '../store/store-fixtures.js';

const TYPES = [{ name: 'Account' }, { name: 'Contact' }];

describe('deviceRecordCounts: what the device holds, without reading every record', () => {
  const current = storeForEachTest();

  it('counts live records of every type, and the read-only ones the clean-up kept', async () => {
    const store = current();
    await store.putRecords([
      record('Account', 'a1'),
      record('Account', 'a2', { readOnly: true }),
      record('Account', 'a3', { readOnly: true }),
      record('Account', 'a4', { state: 'deleted' }),
      record('Contact', 'c1', {}, { LastName: 'Lovelace' }),
      record('Contact', 'L-1', {}, { LastName: 'Hopper' }),
    ]);
    expect(await deviceRecordCounts(store, TYPES)).toEqual({ total: 5, readOnly: 0 });
    // The clean-up lists what it kept read-only; one of them was since taken back into the filters.
    await store.setSyncHints({ readOnlyRowIds: { Account: ['a2', 'a3', 'a1'], Contact: ['gone'] } });
    expect(await deviceRecordCounts(store, TYPES)).toEqual({ total: 5, readOnly: 2 });
    await store.putRecords([record('Account', 'a3', { readOnly: true, state: 'deleted' })]);
    expect(await deviceRecordCounts(store, TYPES)).toEqual({ total: 4, readOnly: 1 });
  });

  it('is zero on an empty device', async () => {
    expect(await deviceRecordCounts(current(), TYPES)).toEqual({ total: 0, readOnly: 0 });
  });
});
