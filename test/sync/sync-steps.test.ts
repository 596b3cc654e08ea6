import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import { openLocalStore, type LocalStore } from '../../src/store/index.js';
import { applyResolutions } from '../../src/sync/apply-resolutions.js';
import { ensureSite } from '../../src/sync/ensure-site.js';
import type { EngineParts } from '../../src/sync/sync-session.js';
import type { Transport } from '../../src/sync/index.js';
import { keeping, issue, record, NAME_LIST } from '../store/store-fixtures.js';

/** The engine's steps one by one, against the real store (fake-indexeddb) and a scripted gateway. */

let store: LocalStore;
beforeEach(async () => {
  store = await openLocalStore({ gatewayUrl: 'https://crm.example.com', userName: 'alice', indexedDB: new IDBFactory() });
  await store.reinstall(
    { packageId: 'p', responsibilityId: 'R', hashValue: 'h', files: [], appliedAt: 1 },
    [{ objectType: 'Account', indexedFields: [], list: NAME_LIST }],
    keeping([]),
  );
});
afterEach(() => store.close());

/** RegisterSite answers with a site; `lose` drops the answer of the next call (the gateway applied it). */
class SiteGateway implements Transport {
  readonly operationIds: string[] = [];
  lose = false;
  call<N extends OperationName>(operation: N, request: RequestOf<N>): Promise<ResponseOf<N>> {
    if (operation !== 'RegisterSite') return Promise.reject(new ProtocolError('INVALID_REQUEST', `unexpected ${operation}`));
    const operationId = (request as RequestOf<'RegisterSite'>).operationId ?? 'none';
    this.operationIds.push(operationId);
    if (this.lose) {
      this.lose = false;
      return Promise.reject(new ProtocolError('CONNECTIVITY', 'the answer was lost'));
    }
    return Promise.resolve({ siteId: `S-${operationId}`, databaseId: `DB-${operationId}` } as ResponseOf<N>);
  }
}

function parts(transport: Transport): EngineParts {
  let seq = 0;
  return {
    store,
    transport,
    deviceName: 'laptop',
    productVersion: '1.0.0.0',
    now: () => 1_700_000_000_000,
    newOperationId: () => `op-${++seq}`,
    report: () => undefined,
  };
}

describe('ensureSite (Siebel: the site is registered once)', () => {
  it('registers once and then reuses the database id', async () => {
    const gateway = new SiteGateway();
    const engine = parts(gateway);
    expect(await ensureSite(engine, {})).toBe('DB-op-1');
    expect(await ensureSite(engine, {})).toBe('DB-op-1');
    expect(gateway.operationIds).toEqual(['op-1']);
    expect(await store.getSettings()).toMatchObject({ siteId: 'S-op-1', databaseId: 'DB-op-1', registerOperationId: null });
  });

  it('after a lost answer registers again under the same operation id (the gateway replays: one site)', async () => {
    const gateway = new SiteGateway();
    gateway.lose = true;
    const engine = parts(gateway);
    await expect(ensureSite(engine, {})).rejects.toMatchObject({ code: 'CONNECTIVITY' });
    expect((await store.getSettings()).registerOperationId).toBe('op-1');
    expect(await ensureSite(engine, {})).toBe('DB-op-1');
    expect(gateway.operationIds).toEqual(['op-1', 'op-1']);
  });
});

describe('applyResolutions (the rep’s answers become local changes before the uploads)', () => {
  const server = {
    rowId: '1-A',
    lastUpd: '2026-01-02T00:00:00.000Z',
    modNum: 2,
    owner: 'alice',
    updatedBy: 'dave',
    fields: { Name: 'theirs' },
  };

  it('applies an answered conflict and removes its issue; an unanswered one stays', async () => {
    await store.putRecords([
      record('Account', '1-A', { state: 'updated' }, { Name: 'mine' }),
      record('Account', '1-B', { state: 'updated' }),
    ]);
    await store.putIssues([
      issue('Account', '1-A', { kind: 'bothUpdated', local: { Name: 'mine' }, server, resolution: { choice: 'server' } }),
      issue('Account', '1-B', { kind: 'bothUpdated', server: { ...server, rowId: '1-B' } }),
    ]);
    await applyResolutions(store, () => 1_700_000_000_000);
    expect(await store.getRecord('Account', '1-A')).toMatchObject({ state: 'clean', fields: { Name: 'theirs' }, lastUpd: server.lastUpd });
    expect((await store.listIssues()).map((i) => i.id)).toEqual(['Account/1-B']);
    expect((await store.getRecord('Account', '1-B'))?.state).toBe('updated');
  });

  it('applies nothing for an answer withdrawn before the step runs', async () => {
    await store.putRecords([record('Account', '1-A', { state: 'updated' }, { Name: 'edited again' })]);
    await store.putIssues([issue('Account', '1-A', { kind: 'bothUpdated', local: { Name: 'edited again' }, server, resolution: null })]);
    await applyResolutions(store, () => 1_700_000_000_000);
    expect((await store.getRecord('Account', '1-A'))?.fields).toEqual({ Name: 'edited again' });
    expect((await store.listIssues()).map((i) => i.id)).toEqual(['Account/1-A']);
  });
});
