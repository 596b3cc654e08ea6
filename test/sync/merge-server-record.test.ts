import type { CrmRecord } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/local-record.js';
import { recordFromServer } from '../../src/sync/merge-server-record.js';

const SERVER: CrmRecord = {
  rowId: '1-ACME',
  lastUpd: '2026-03-02T10:30:00.000Z',
  modNum: 5,
  owner: 'alice',
  updatedBy: 'bob',
  fields: { Name: 'Acme', Stage: 'Won', Revenue: 1200 },
};

/** What the server's record becomes locally, whatever was there before (but localId and readOnly). */
const fromServer = (over: Partial<LocalRecord> = {}): LocalRecord => ({
  localId: '1-ACME',
  objectType: 'Deal',
  rowId: '1-ACME',
  lastUpd: '2026-03-02T10:30:00.000Z',
  modNum: 5,
  owner: 'alice',
  updatedBy: 'bob',
  fields: { Name: 'Acme', Stage: 'Won', Revenue: 1200 },
  base: { Name: 'Acme', Stage: 'Won', Revenue: 1200 },
  state: 'clean',
  origin: 'crm',
  readOnly: false,
  changedAt: null,
  pending: null,
  ...over,
});

/** The local copy as the last sync left it: older values, an extra field the server has since cleared. */
const OLD: LocalRecord = fromServer({
  lastUpd: '2026-03-01T09:00:00.000Z',
  modNum: 4,
  updatedBy: 'alice',
  fields: { Name: 'Acme', Stage: 'Open', Revenue: 1000, Note: 'call back' },
  base: { Name: 'Acme', Stage: 'Open', Revenue: 1000, Note: 'call back' },
});

type Row = [name: string, existing: LocalRecord | undefined, expected: LocalRecord];

const rows: Row[] = [
  ['Siebel insert: a new local record under the ROW_ID', undefined, fromServer()],
  ['Siebel update: overwrites all fields, not just the updated ones', OLD, fromServer()],
  [
    'Siebel update of a read-only referenced record: stays read-only (the engine resets it)',
    { ...OLD, readOnly: true },
    fromServer({ readOnly: true }),
  ],
  [
    'a record created here, its insert confirmed: keeps its L- id, becomes a CRM record',
    { ...OLD, localId: 'L-42', rowId: null, lastUpd: null, modNum: null, base: null, state: 'created', origin: 'local', changedAt: 7 },
    fromServer({ localId: 'L-42' }),
  ],
  [
    'the server side of a resolved conflict: local changes and the pending upload are dropped',
    {
      ...OLD,
      fields: { Name: 'Acme Corp' },
      state: 'updated',
      changedAt: 9,
      pending: { kind: 'update', operationId: 'op-00000001', fields: { Name: 'Acme Corp' }, modNum: 4 },
    },
    fromServer(),
  ],
];

describe('recordFromServer (Siebel insert / Siebel update)', () => {
  it.each(rows)('%s', (_name, existing, expected) => {
    expect(recordFromServer(SERVER, 'Deal', existing)).toStrictEqual(expected);
  });

  it('fields and base are copies: editing the fields leaves the base and the server record alone', () => {
    const record = recordFromServer(SERVER, 'Deal', undefined);
    (record.fields as Record<string, unknown>)['Stage'] = 'Lost';
    expect(record.base).toEqual(SERVER.fields);
    expect(SERVER.fields['Stage']).toBe('Won');
  });

  it('refuses to overwrite another record', () => {
    expect(() => recordFromServer(SERVER, 'Deal', { ...OLD, rowId: '1-OTHER' })).toThrow(RangeError);
    expect(() => recordFromServer(SERVER, 'Deal', { ...OLD, objectType: 'Account' })).toThrow(RangeError);
  });
});
