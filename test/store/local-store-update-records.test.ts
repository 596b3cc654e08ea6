import type { LocalStore, TableSpec, UnsentWork } from '../../src/store/index.js';
import { ACCOUNT_CONTACT, appliedPackage, freshIndexedDb, issue, keeping, openStore, record, NAME_LIST } from './store-fixtures.js';

/**
 * updateRecords and reinstall decide inside their own transaction: what they are
 * handed is what is stored at that moment, and nothing can be written between that
 * and their write (docs/architecture.md, Sync: conditional writes).
 */
describe('LocalStore.updateRecords', () => {
  let store: LocalStore;

  beforeEach(async () => {
    store = await openStore(freshIndexedDb());
    await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
    await store.putRecords([record('Account', '1-A'), record('Contact', '1-C', { state: 'updated' })]);
    await store.putIssues([issue('Contact', '1-C', { resolution: { choice: 'server' } })]);
  });

  afterEach(() => store.close());

  it('hands the decision the records and issues as stored, and writes what it decides', async () => {
    const result = await store.updateRecords(
      {
        records: [
          { objectType: 'Account', localId: '1-A' },
          { objectType: 'Contact', localId: '1-C' },
          { objectType: 'Contact', localId: 'nope' },
        ],
        issueIds: ['Contact/1-C', 'Contact/nope'],
      },
      (seen) => {
        const account = seen.record('Account', '1-A');
        return {
          put: account ? [{ ...account, fields: { Name: 'Renamed' } }] : [],
          remove: [{ objectType: 'Contact', localId: '1-C' }],
          deleteIssues: ['Contact/1-C'],
          result: {
            contact: seen.record('Contact', '1-C')?.state,
            missing: seen.record('Contact', 'nope'),
            issue: seen.issue('Contact/1-C')?.resolution,
            noIssue: seen.issue('Contact/nope'),
          },
        };
      },
    );
    expect(result).toEqual({ contact: 'updated', missing: undefined, issue: { choice: 'server' }, noIssue: undefined });
    expect((await store.getRecord('Account', '1-A'))?.fields).toEqual({ Name: 'Renamed' });
    expect(await store.getRecord('Contact', '1-C')).toBeUndefined();
    expect(await store.listIssues()).toEqual([]);
  });

  it('writes nothing when the decision throws, and rejects with its error', async () => {
    const failure = new Error('decided against it');
    await expect(
      store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => {
        void seen.record('Account', '1-A');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await store.getRecord('Account', '1-A'))?.fields).toEqual({ Name: 'Account 1-A' });
  });

  it('refuses to write a record of a type it did not read, and to hand out one it did not read', async () => {
    await expect(
      store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, () => ({
        put: [record('Contact', '1-X')],
        result: null,
      })),
    ).rejects.toThrow(/Contact records were written but not read/);
    await expect(
      store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => ({ result: seen.record('Account', '1-B') })),
    ).rejects.toThrow(/Account 1-B was not read/);
    expect(await store.getRecord('Contact', '1-X')).toBeUndefined();
  });

  it('is one transaction: a write started during it waits, so the decision never works on a stale read', async () => {
    // Both start at once; IndexedDB runs overlapping read-write transactions one after the other.
    let sawState: string | undefined;
    const [, edit] = await Promise.all([
      store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => {
        const account = seen.record('Account', '1-A');
        sawState = account?.state;
        return { put: account && account.state === 'clean' ? [{ ...account, fields: { Name: 'From the server' } }] : [], result: null };
      }),
      store.updateRecords({ records: [{ objectType: 'Account', localId: '1-A' }] }, (seen) => {
        const account = seen.record('Account', '1-A');
        return {
          put: account ? [{ ...account, fields: { ...account.fields, Phone: '555' }, state: 'updated' as const }] : [],
          result: account,
        };
      }),
    ]);
    // The edit ran second and saw the first write: nothing was lost either way.
    expect(sawState).toBe('clean');
    expect(edit?.fields).toEqual({ Name: 'From the server' });
    expect((await store.getRecord('Account', '1-A'))?.fields).toEqual({ Name: 'From the server', Phone: '555' });
  });
});

describe('LocalStore.reinstall', () => {
  const ACCOUNT_ONLY: readonly TableSpec[] = [{ objectType: 'Account', indexedFields: ['Name'], list: NAME_LIST }];

  it('hands its plan the unsent work as stored, dropped tables included, and archives what the plan archives', async () => {
    const store = await openStore(freshIndexedDb());
    try {
      await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
      const created = record('Account', 'L-1');
      const contactEdit = record('Contact', '1-C', { state: 'updated' }, { Name: 'edited' });
      const pendingClean = record('Account', '1-P', { pending: { kind: 'update', operationId: 'op-1', fields: {}, modNum: 1 } });
      await store.putRecords([created, contactEdit, pendingClean, record('Account', '1-A')]);
      await store.putIssues([issue('Account', '1-A')]);

      let seen: UnsentWork | undefined;
      await store.reinstall(appliedPackage('pkg-2'), ACCOUNT_ONLY, (unsent) => {
        seen = unsent;
        return {
          keep: unsent.outbox.filter((r) => r.objectType === 'Account'),
          archive: unsent.outbox
            .filter((r) => r.objectType === 'Contact')
            .map((r) => ({
              id: `a-${r.localId}`,
              objectType: r.objectType,
              localId: r.localId,
              rowId: r.rowId,
              state: r.state,
              fields: r.fields,
              reason: 'gone',
              archivedAt: 1,
            })),
        };
      });

      expect(seen?.outbox.map((r) => `${r.objectType}/${r.localId}`)).toEqual(['Account/1-P', 'Account/L-1', 'Contact/1-C']);
      expect(seen?.issues.map((i) => i.id)).toEqual(['Account/1-A']);
      expect((await store.listRecords('Account')).map((r) => r.localId)).toEqual(['1-P', 'L-1']);
      expect((await store.listArchive()).map((e) => [e.id, e.fields])).toEqual([['a-1-C', { Name: 'edited' }]]);
      expect(await store.listIssues()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('writes nothing when its plan keeps a record the new structure has no table for', async () => {
    const store = await openStore(freshIndexedDb());
    try {
      await store.reinstall(appliedPackage(), ACCOUNT_CONTACT, keeping([]));
      await store.putRecords([record('Contact', 'L-9')]);
      await expect(
        store.reinstall(appliedPackage('pkg-2'), ACCOUNT_ONLY, (unsent) => ({ keep: unsent.outbox, archive: [] })),
      ).rejects.toMatchObject({
        code: 'STRUCTURE_DAMAGED',
      });
      expect((await store.listRecords('Contact')).map((r) => r.localId)).toEqual(['L-9']);
      expect((await store.getAppliedPackage())?.packageId).toBe('pkg-1');
    } finally {
      await store.close();
    }
  });
});
