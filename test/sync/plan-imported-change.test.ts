import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { planImportedChange, type ImportedChange, type ImportOutcomeKind } from '../../src/sync/index.js';
import { demoObject } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';

const ACCOUNT = demoObject('Account');
const CONTEXT = { object: ACCOUNT, userName: 'bob', now: 1_000 };
const BASE: Record<string, FieldValue> = { Name: 'Beacon AS', Location: 'Bergen, Norway', Phone: '+47 555 0100', Employees: 40 };

function change(patch: Partial<ImportedChange> = {}): ImportedChange {
  return {
    objectType: 'Account',
    localId: '1-ACC',
    rowId: '1-ACC',
    state: 'updated',
    fields: { ...BASE, Phone: '+47 555 0199' },
    modNum: 3,
    lastUpd: '2026-11-01T00:00:00.000Z',
    base: BASE,
    title: 'Beacon AS',
    ...patch,
  };
}

/** This device's copy of the account, as last synced (modNum 3 unless patched). */
function current(patch: Partial<LocalRecord> = {}, fields: Record<string, FieldValue> = BASE): LocalRecord {
  return localRecord('Account', '1-ACC', { modNum: 3, ...patch }, { ...fields });
}

type Row = [
  name: string,
  change: ImportedChange,
  current: LocalRecord | undefined,
  expected: { outcome: ImportOutcomeKind; state?: LocalRecord['state']; fields?: Record<string, FieldValue>; issue?: string },
];

const ROWS: Row[] = [
  [
    'an update on the version this device holds: the changed field goes onto it',
    change(),
    current({}, { ...BASE, Employees: 41 }),
    { outcome: 'imported', state: 'updated', fields: { ...BASE, Employees: 41, Phone: '+47 555 0199' } },
  ],
  [
    'an update the server overtook (another modification number): a conflict holding the server version',
    change(),
    current({ modNum: 4 }, { ...BASE, Phone: '+47 555 0111' }),
    { outcome: 'conflict', state: 'updated', fields: { ...BASE, Phone: '+47 555 0199' }, issue: 'bothUpdated' },
  ],
  [
    'an update without a modification number (an old archive): a conflict, never an overwrite',
    change({ modNum: null }),
    current(),
    { outcome: 'conflict', state: 'updated', issue: 'bothUpdated' },
  ],
  [
    'an update whose values the server already has: nothing to do',
    change(),
    current({ modNum: 4 }, { ...BASE, Phone: '+47 555 0199' }),
    { outcome: 'already' },
  ],
  [
    'the same file imported twice: the copy already holds the change',
    change(),
    current({ state: 'updated' }, { ...BASE, Phone: '+47 555 0199' }),
    { outcome: 'already' },
  ],
  [
    'a copy changed on this device since: left alone',
    change(),
    current({ state: 'updated' }, { ...BASE, Phone: '+47 555 0777' }),
    { outcome: 'skipped' },
  ],
  [
    'an update of a record not on this device: entered with its modification number for the gateway to check',
    change(),
    undefined,
    { outcome: 'imported', state: 'updated', fields: { ...BASE, Phone: '+47 555 0199' } },
  ],
  [
    'an update of a record not here and without a modification number: skipped',
    change({ modNum: null }),
    undefined,
    { outcome: 'skipped' },
  ],
  [
    'a delete on the same version: deleted here',
    change({ state: 'deleted', fields: BASE }),
    current(),
    { outcome: 'imported', state: 'deleted' },
  ],
  [
    'a delete the server overtook: deletedVsUpdated',
    change({ state: 'deleted', fields: BASE }),
    current({ modNum: 5 }, { ...BASE, Employees: 50 }),
    { outcome: 'conflict', state: 'deleted', issue: 'deletedVsUpdated' },
  ],
  [
    'a new record: created under its old local id',
    change({ rowId: null, localId: 'L-NEW', state: 'created', modNum: null, base: null, fields: { Name: 'Fjord AS', Location: 'Oslo' } }),
    undefined,
    { outcome: 'imported', state: 'created', fields: { Name: 'Fjord AS', Location: 'Oslo' } },
  ],
  [
    'a new record imported before: already',
    change({ rowId: null, localId: 'L-NEW', state: 'created', modNum: null, base: null, fields: { Name: 'Fjord AS', Location: 'Oslo' } }),
    localRecord('Account', 'L-NEW', {}, { Name: 'Fjord AS', Location: 'Oslo' }),
    { outcome: 'already' },
  ],
  [
    'a new record imported before and edited here since: left alone',
    change({ rowId: null, localId: 'L-NEW', state: 'created', modNum: null, base: null, fields: { Name: 'Fjord AS', Location: 'Oslo' } }),
    localRecord('Account', 'L-NEW', {}, { Name: 'Fjord ASA', Location: 'Oslo' }),
    { outcome: 'skipped' },
  ],
];

describe('planImportedChange', () => {
  test.each(ROWS)('%s', (_name, input, here, expected) => {
    const plan = planImportedChange(input, here, CONTEXT);
    expect(plan.outcome).toBe(expected.outcome);
    if (expected.state) expect(plan.put?.state).toBe(expected.state);
    else expect(plan.put).toBeUndefined();
    if (expected.fields) expect(plan.put?.fields).toEqual(expected.fields);
    expect(plan.issue?.kind).toBe(expected.issue);
    if (plan.issue) {
      // The conflict shows the server's version as this device knows it, and the rep's.
      expect(plan.issue.server?.fields).toEqual(here?.fields);
      expect(plan.issue.local).toEqual(plan.put?.state === 'deleted' ? null : plan.put?.fields);
      // Its base is what the old device's edit was made to: the other side's changes since show.
      if (input.base) expect(plan.put?.base).toEqual(input.base);
    }
    if (plan.put) expect(plan.put).toMatchObject({ changedAt: 1_000, pending: null, updatedBy: 'bob' });
  });

  test("a value against the package's rules is entered, and named as needing a fix before it can be sent", () => {
    const plan = planImportedChange(change({ fields: { ...BASE, Employees: -5 } }), current(), CONTEXT);
    expect(plan.outcome).toBe('imported');
    expect(plan.problems).toEqual([expect.objectContaining({ field: 'Employees', rule: 'min' })]);
  });

  test('an unknown field or a value of the wrong type throws INVALID_REQUEST (the file is refused)', () => {
    expect(() => planImportedChange(change({ fields: { ...BASE, Shoe: 1 } }), current(), CONTEXT)).toThrow(/no field "Shoe"/);
    expect(() => planImportedChange(change({ fields: { ...BASE, Employees: 'many' } }), current(), CONTEXT)).toThrow(/Employees/);
  });
});
