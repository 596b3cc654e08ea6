import type { CrmRecord } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/local-record.js';
import type { IssueKind, Resolution, SyncIssue } from '../../src/store/sync-issue.js';
import { applyResolution, type ResolutionOutcome } from '../../src/sync/resolve-conflict.js';

const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-02T10:30:00.000Z';
const NOW = 1_760_000_000_000;
const EDITED_AT = 1_750_000_000_000;

/** The server's values as the last sync saw them (T1, modNum 4). */
const BASE = { Name: 'Acme', Stage: 'Open', Revenue: 1000 };

/** The rep's version: changed the stage and revenue, added a note; the update was refused. */
const UPDATED: LocalRecord = {
  localId: '1-ACME',
  objectType: 'Deal',
  rowId: '1-ACME',
  lastUpd: T1,
  modNum: 4,
  owner: 'alice',
  updatedBy: 'alice',
  fields: { Name: 'Acme', Stage: 'Negotiation', Revenue: 1500, Note: 'call back' },
  base: BASE,
  state: 'updated',
  origin: 'crm',
  readOnly: false,
  changedAt: EDITED_AT,
  pending: { kind: 'update', operationId: 'op-update-1', fields: { Stage: 'Negotiation', Revenue: 1500, Note: 'call back' }, modNum: 4 },
};

/** The rep deleted it; the delete was refused. */
const DELETED: LocalRecord = {
  ...UPDATED,
  fields: BASE,
  state: 'deleted',
  pending: { kind: 'delete', operationId: 'op-delete-1', fields: {}, modNum: 4 },
};

/** Created here; the insert met a user key on the server. */
const CREATED: LocalRecord = {
  ...UPDATED,
  localId: 'L-9',
  rowId: null,
  lastUpd: null,
  modNum: null,
  fields: { Name: 'Acme', Stage: 'Open' },
  base: null,
  state: 'created',
  origin: 'local',
  pending: { kind: 'insert', operationId: 'op-insert-1', fields: { Name: 'Acme', Stage: 'Open' }, modNum: null },
};

/** The server's version now (T2, modNum 5): bob won the deal and set a priority. */
const SERVER: CrmRecord = {
  rowId: '1-ACME',
  lastUpd: T2,
  modNum: 5,
  owner: 'alice',
  updatedBy: 'bob',
  fields: { Name: 'Acme', Stage: 'Won', Revenue: 1000, Priority: 'High' },
};

/** SERVER as a clean local record: the outcome of every "take the server's version". */
const SERVER_VERSION: LocalRecord = {
  localId: '1-ACME',
  objectType: 'Deal',
  rowId: '1-ACME',
  lastUpd: T2,
  modNum: 5,
  owner: 'alice',
  updatedBy: 'bob',
  fields: SERVER.fields,
  base: SERVER.fields,
  state: 'clean',
  origin: 'crm',
  readOnly: false,
  changedAt: null,
  pending: null,
};

/** A record rebased on SERVER: its change key and modNum (so the next upload is accepted), its fields as base. */
const rebased = (record: LocalRecord, over: Partial<LocalRecord>): LocalRecord => ({
  ...record,
  lastUpd: T2,
  modNum: 5,
  updatedBy: 'bob',
  base: SERVER.fields,
  pending: null,
  changedAt: NOW,
  ...over,
});

const LOCAL: Resolution = { choice: 'local' };
const SERVER_CHOICE: Resolution = { choice: 'server' };
const fields = (pick: Record<string, 'local' | 'server'>): Resolution => ({ choice: 'fields', pick });

const issue = (kind: IssueKind, resolution: Resolution | null, record: LocalRecord = UPDATED): SyncIssue => ({
  id: `Deal/${record.localId}`,
  objectType: 'Deal',
  localId: record.localId,
  rowId: record.rowId,
  kind,
  local: record.state === 'deleted' ? null : record.fields,
  server: kind === 'bothUpdated' || kind === 'deletedVsUpdated' || kind === 'duplicate' ? SERVER : null,
  message: 'test',
  code: kind === 'duplicate' ? 'DUPLICATE_USER_KEY' : kind === 'failed' ? 'INTERNAL' : null,
  detectedAt: EDITED_AT + 1,
  resolution,
});

type Row = [name: string, issue: SyncIssue, record: LocalRecord | undefined, expected: ResolutionOutcome];

const rows: Row[] = [
  // Updated here and on the server.
  [
    'both updated, keep mine: local fields on the server key, uploaded again',
    issue('bothUpdated', LOCAL),
    UPDATED,
    { put: rebased(UPDATED, { state: 'updated' }) },
  ],
  ['both updated, take the server: the server version, clean', issue('bothUpdated', SERVER_CHOICE), UPDATED, { put: SERVER_VERSION }],
  [
    'both updated, per field: picked values, unnamed fields local, a field only the server has cleared when local is picked',
    issue('bothUpdated', fields({ Stage: 'server', Revenue: 'local', Priority: 'local' })),
    UPDATED,
    {
      put: rebased(UPDATED, { state: 'updated', fields: { Name: 'Acme', Stage: 'Won', Revenue: 1500, Note: 'call back', Priority: null } }),
    },
  ],
  [
    "both updated, per field, every pick the server's: equal to the server, clean",
    issue('bothUpdated', fields({ Stage: 'server', Revenue: 'server', Note: 'server', Priority: 'server' })),
    UPDATED,
    { put: rebased(UPDATED, { state: 'clean', fields: SERVER.fields, changedAt: null }) },
  ],
  [
    "both updated, keep mine when mine already equals the server's: clean, nothing to upload",
    issue('bothUpdated', LOCAL),
    { ...UPDATED, fields: { ...SERVER.fields, Note: null } },
    { put: rebased(UPDATED, { state: 'clean', fields: { ...SERVER.fields, Note: null }, changedAt: null }) },
  ],

  // Updated here, deleted on the server.
  [
    'updated vs deleted, keep mine: inserted again as a new record',
    issue('updatedVsDeleted', LOCAL),
    UPDATED,
    {
      put: {
        ...UPDATED,
        rowId: null,
        lastUpd: null,
        modNum: null,
        base: null,
        state: 'created',
        origin: 'local',
        pending: null,
        changedAt: NOW,
      },
    },
  ],
  ['updated vs deleted, take the server: removed here', issue('updatedVsDeleted', SERVER_CHOICE), UPDATED, { remove: true }],
  [
    'updated vs deleted, per field (no server values): as keep mine',
    issue('updatedVsDeleted', fields({ Stage: 'server' })),
    UPDATED,
    {
      put: {
        ...UPDATED,
        rowId: null,
        lastUpd: null,
        modNum: null,
        base: null,
        state: 'created',
        origin: 'local',
        pending: null,
        changedAt: NOW,
      },
    },
  ],

  // Deleted here, updated on the server.
  [
    "deleted vs updated, keep mine: still deleted, on the server's modNum so the delete goes through",
    issue('deletedVsUpdated', LOCAL, DELETED),
    DELETED,
    { put: rebased(DELETED, { state: 'deleted' }) },
  ],
  [
    'deleted vs updated, take the server: the server version, clean',
    issue('deletedVsUpdated', SERVER_CHOICE, DELETED),
    DELETED,
    { put: SERVER_VERSION },
  ],
  [
    'deleted vs updated, per field (no local values): keeps the record as the server has it',
    issue('deletedVsUpdated', fields({ Stage: 'local' }), DELETED),
    DELETED,
    { put: SERVER_VERSION },
  ],

  // Created here, matches a user key on the server.
  [
    'duplicate, keep mine: stays created, inserted again under a new operation id',
    issue('duplicate', LOCAL, CREATED),
    CREATED,
    { put: { ...CREATED, pending: null, changedAt: NOW } },
  ],
  [
    "duplicate, take the server: removed here, the server's record arrives by sync",
    issue('duplicate', SERVER_CHOICE, CREATED),
    CREATED,
    { remove: true },
  ],
  [
    'duplicate, per field (nothing to merge into): as keep mine',
    issue('duplicate', fields({ Name: 'server' }), CREATED),
    CREATED,
    { put: { ...CREATED, pending: null, changedAt: NOW } },
  ],

  // An operation the gateway refused.
  ['failed, keep mine: nothing changes, the operation is retried', issue('failed', LOCAL), UPDATED, {}],
  [
    "failed update, take the server: back to the server's values as last seen",
    issue('failed', SERVER_CHOICE),
    UPDATED,
    { put: { ...UPDATED, fields: BASE, state: 'clean', pending: null, changedAt: null } },
  ],
  [
    "failed delete, take the server: undeleted, the server's values as last seen",
    issue('failed', SERVER_CHOICE, DELETED),
    DELETED,
    { put: { ...DELETED, fields: BASE, state: 'clean', pending: null, changedAt: null } },
  ],
  [
    'failed insert, take the server: a record that never reached it is removed',
    issue('failed', SERVER_CHOICE, CREATED),
    CREATED,
    { remove: true },
  ],
  ['failed, per field (no server version): as keep mine', issue('failed', fields({ Stage: 'server' })), UPDATED, {}],
];

describe('applyResolution (Siebel: the rep chooses the changes to keep)', () => {
  it.each(rows)('%s', (_name, i, record, expected) => {
    expect(applyResolution(i, record, NOW)).toStrictEqual(expected);
  });

  it('has a row for every kind × choice', () => {
    const combos = new Set(rows.map(([, i]) => `${i.kind}/${i.resolution?.choice ?? ''}`));
    expect(combos.size).toBe(5 * 3);
  });

  it('does not alter the record it was given', () => {
    const copy = structuredClone(UPDATED);
    applyResolution(issue('bothUpdated', fields({ Stage: 'server' })), UPDATED, NOW);
    expect(UPDATED).toStrictEqual(copy);
  });

  describe('the local record is gone', () => {
    const needsIt: Array<[IssueKind, Resolution]> = [
      ['bothUpdated', LOCAL],
      ['bothUpdated', fields({})],
      ['updatedVsDeleted', LOCAL],
      ['updatedVsDeleted', fields({})],
      ['deletedVsUpdated', LOCAL],
      ['duplicate', LOCAL],
      ['duplicate', fields({})],
      ['failed', SERVER_CHOICE],
    ];
    it.each(needsIt)('%s resolved %o needs it: RangeError', (kind, resolution) => {
      expect(() => applyResolution(issue(kind, resolution), undefined, NOW)).toThrow(RangeError);
    });

    const doesNot: Array<[IssueKind, Resolution, ResolutionOutcome]> = [
      ['bothUpdated', SERVER_CHOICE, { put: SERVER_VERSION }],
      ['deletedVsUpdated', SERVER_CHOICE, { put: SERVER_VERSION }],
      ['deletedVsUpdated', fields({}), { put: SERVER_VERSION }],
      ['updatedVsDeleted', SERVER_CHOICE, { remove: true }],
      ['duplicate', SERVER_CHOICE, { remove: true }],
      ['failed', LOCAL, {}],
      ['failed', fields({}), {}],
    ];
    it.each(doesNot)('%s resolved %o does not', (kind, resolution, expected) => {
      expect(applyResolution(issue(kind, resolution), undefined, NOW)).toStrictEqual(expected);
    });
  });

  describe('the server version vanished (deleted between its change key and its fetch)', () => {
    const vanished = (kind: IssueKind, resolution: Resolution, record: LocalRecord): SyncIssue => ({
      ...issue(kind, resolution, record),
      server: null,
    });
    const asNewRecord: ResolutionOutcome = {
      put: {
        ...UPDATED,
        rowId: null,
        lastUpd: null,
        modNum: null,
        base: null,
        state: 'created',
        origin: 'local',
        pending: null,
        changedAt: NOW,
      },
    };
    const cases: Array<[name: string, issue: SyncIssue, record: LocalRecord, expected: ResolutionOutcome]> = [
      ['both updated, keep mine: as updated vs deleted, a new record', vanished('bothUpdated', LOCAL, UPDATED), UPDATED, asNewRecord],
      [
        'both updated, per field: as updated vs deleted, a new record',
        vanished('bothUpdated', fields({ Stage: 'server' }), UPDATED),
        UPDATED,
        asNewRecord,
      ],
      [
        'both updated, take the server: removed, as the server did',
        vanished('bothUpdated', SERVER_CHOICE, UPDATED),
        UPDATED,
        { remove: true },
      ],
      ['deleted vs updated, keep mine: deleted on both sides', vanished('deletedVsUpdated', LOCAL, DELETED), DELETED, { remove: true }],
      [
        'deleted vs updated, take the server: deleted on both sides',
        vanished('deletedVsUpdated', SERVER_CHOICE, DELETED),
        DELETED,
        { remove: true },
      ],
    ];
    it.each(cases)('%s', (_name, i, record, expected) => {
      expect(applyResolution(i, record, NOW)).toStrictEqual(expected);
    });
  });

  it('refuses malformed input', () => {
    expect(() => applyResolution(issue('bothUpdated', null), UPDATED, NOW)).toThrow(RangeError);
    expect(() => applyResolution(issue('bothUpdated', LOCAL), CREATED, NOW)).toThrow(RangeError);
    expect(() => applyResolution(issue('duplicate', LOCAL), UPDATED, NOW)).toThrow(RangeError);
  });
});
