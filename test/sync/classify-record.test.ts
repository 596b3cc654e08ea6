import { classifyRecord, type Classification, type LocalSide, type ServerSide } from '../../src/sync/classify-record.js';
import type { LocalState } from '../../src/store/local-record.js';

// Change keys: the local record last saw T1; the server now has T1 (same) or T2 (other).
const T1 = '2026-03-01T09:00:00.000Z';
const T2 = '2026-03-02T10:30:00.000Z';
const ROW = '1-ABC';

const local = (state: LocalState, hasOpenIssue = false): LocalSide =>
  state === 'created' ? { state, rowId: null, lastUpd: null, hasOpenIssue } : { state, rowId: ROW, lastUpd: T1, hasOpenIssue };
const SAME: ServerSide = { lastUpd: T1 };
const OTHER: ServerSide = { lastUpd: T2 };
const MISSING: ServerSide = null;

type Row = [name: string, local: LocalSide | null, server: ServerSide, expected: Classification];

// One row per (local state × server key × open issue), named after the Siebel case it implements.
const rows: Row[] = [
  // No local copy.
  ['Siebel insert: a new record on the server', null, SAME, 'serverInsert'],

  // clean: the rep did not change it.
  ['no difference: same change key', local('clean'), SAME, 'nothing'],
  ['Siebel update: the server changed it', local('clean'), OTHER, 'serverUpdate'],
  ['Siebel delete: deleted on the server or out of the filters', local('clean'), MISSING, 'serverDelete'],
  ['open conflict, same key: awaits the rep', local('clean', true), SAME, 'awaitingResolution'],
  ['open conflict, server changed it: awaits the rep', local('clean', true), OTHER, 'awaitingResolution'],
  ['open conflict, no server key: awaits the rep', local('clean', true), MISSING, 'awaitingResolution'],

  // created: made here, never on the server.
  ['IBM Notes insert (a server key cannot concern it)', local('created'), SAME, 'localInsert'],
  ['IBM Notes insert, whatever the server key', local('created'), OTHER, 'localInsert'],
  ['IBM Notes insert: a new record in IBM Notes', local('created'), MISSING, 'localInsert'],
  ['duplicate user key open: awaits the rep', local('created', true), SAME, 'awaitingResolution'],
  ['duplicate user key open, other key: awaits the rep', local('created', true), OTHER, 'awaitingResolution'],
  ['duplicate user key open: the insert is not retried', local('created', true), MISSING, 'awaitingResolution'],

  // updated: the rep changed it.
  ['IBM Notes update: only the rep changed it', local('updated'), SAME, 'localUpdate'],
  ['conflict: updated in IBM Notes and on the Siebel Server', local('updated'), OTHER, 'conflictBothUpdated'],
  ['IBM Notes update although the key is gone: NOT_FOUND makes it updated-vs-deleted', local('updated'), MISSING, 'localUpdate'],
  ['open conflict, same key: the update is not resent', local('updated', true), SAME, 'awaitingResolution'],
  ['open both-updated conflict: not raised again', local('updated', true), OTHER, 'awaitingResolution'],
  ['open updated-vs-deleted conflict: awaits the rep', local('updated', true), MISSING, 'awaitingResolution'],

  // deleted: the rep deleted it.
  ['IBM Notes delete', local('deleted'), SAME, 'localDelete'],
  ['conflict: deleted in IBM Notes, updated on the Siebel Server', local('deleted'), OTHER, 'conflictDeletedVsUpdated'],
  ['IBM Notes delete of a record already gone on the server', local('deleted'), MISSING, 'localDelete'],
  ['open conflict, same key: the delete is not resent', local('deleted', true), SAME, 'awaitingResolution'],
  ['open deleted-vs-updated conflict: not raised again', local('deleted', true), OTHER, 'awaitingResolution'],
  ['open conflict, no server key: awaits the rep', local('deleted', true), MISSING, 'awaitingResolution'],
];

describe('classifyRecord (Siebel: compare the change keys)', () => {
  it.each(rows)('%s', (_name, l, s, expected) => {
    expect(classifyRecord(l, s)).toBe(expected);
  });

  it('covers every local state × server key × open issue once', () => {
    const combos = new Set(
      rows.flatMap(([, l, s]) => (l === null ? [] : [`${l.state}/${s === null ? 'missing' : s.lastUpd}/${l.hasOpenIssue}`])),
    );
    expect(combos.size).toBe(4 * 3 * 2);
  });

  it('a record the server sent no key for and that is not here is a programming error', () => {
    expect(() => classifyRecord(null, null)).toThrow(RangeError);
  });

  it.each(['clean', 'updated', 'deleted'] as const)('a record in state %s without a row id is a programming error', (state) => {
    expect(() => classifyRecord({ state, rowId: null, lastUpd: null, hasOpenIssue: false }, SAME)).toThrow(RangeError);
  });

  it('a record that never saw a change key (lastUpd null) differs from any server key', () => {
    expect(classifyRecord({ state: 'clean', rowId: ROW, lastUpd: null, hasOpenIssue: false }, SAME)).toBe('serverUpdate');
  });
});
