import { queryRecords, type RecordQuery } from '../../src/taskpane/records/query-records.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';
import { demoObject, FORM_OPPORTUNITY as OPPORTUNITY } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';

const CONTACT = demoObject('Contact');

/** A Contact-typed record; no lastUpd unless given, as the recent-first order reads it. */
const record = (fields: Record<string, FieldValue>, { localId, ...patch }: Partial<LocalRecord> & { localId: string }): LocalRecord =>
  localRecord('Contact', localId, { lastUpd: null, ...patch }, fields);

const contacts = [
  record(
    { FirstName: 'Ada', LastName: 'lovelace', Email: 'ada@engine.org', JobTitle: 'Analyst' },
    { localId: 'C1', changedAt: Date.parse('2026-01-05T00:00:00Z') },
  ),
  record(
    { FirstName: 'Charles', LastName: 'Babbage', Email: 'cb@engine.org', JobTitle: 'Inventor' },
    { localId: 'C2', lastUpd: '2026-02-01T00:00:00.000Z' },
  ),
  record(
    { FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@navy.mil', AccountId: 'engine' },
    { localId: 'C3', lastUpd: '2025-12-01T00:00:00.000Z', changedAt: Date.parse('2026-03-01T00:00:00Z') },
  ),
  record({ FirstName: 'Alan', LastName: 'Turing' }, { localId: 'C4', state: 'deleted', changedAt: Date.parse('2026-04-01T00:00:00Z') }),
  record({ FirstName: 'Zed', LastName: 'Émile' }, { localId: 'C5' }),
  record({ FirstName: 'Ann', LastName: 'Babbage' }, { localId: 'C0' }),
];

const ids = (query: RecordQuery) => queryRecords(contacts, CONTACT, { locale: 'en', ...query }).map((r) => r.localId);

describe('queryRecords', () => {
  test.each<[string, RecordQuery, string[]]>([
    ['no search: every record but the deleted, title A–Z (locale order, accents and case folded)', {}, ['C0', 'C2', 'C5', 'C3', 'C1']],
    ['title Z–A', { sort: 'titleDesc' }, ['C1', 'C3', 'C5', 'C2', 'C0']],
    [
      'recently changed: the later of the rep’s change and DB_LAST_UPD, never-changed last',
      { sort: 'recent' },
      ['C3', 'C2', 'C1', 'C0', 'C5'],
    ],
    ['search is case-insensitive', { search: 'BABBAGE' }, ['C0', 'C2']],
    ['every word must match, each in any field', { search: 'engine analyst' }, ['C1']],
    ['a word matching nowhere excludes the record', { search: 'engine painter' }, []],
    ['reference fields are not searched (they hold ids)', { search: 'engine' }, ['C2', 'C1']],
    ['deleted records are never found', { search: 'turing' }, []],
    ['blank search is no search', { search: '   ' }, ['C0', 'C2', 'C5', 'C3', 'C1']],
    ['search and sort together', { search: 'engine', sort: 'titleDesc' }, ['C1', 'C2']],
  ])('%s', (_name, query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  test('numbers in titles sort numerically, picklists are searched, number fields are not', () => {
    const deals = [
      record({ Name: 'Deal 10', Stage: 'Proposal', Revenue: 500 }, { localId: 'D10' }),
      record({ Name: 'Deal 9', Stage: 'Prospecting', Revenue: 900 }, { localId: 'D9' }),
    ];
    expect(queryRecords(deals, OPPORTUNITY, { locale: 'en' }).map((r) => r.localId)).toEqual(['D9', 'D10']);
    expect(queryRecords(deals, OPPORTUNITY, { search: 'proposal' }).map((r) => r.localId)).toEqual(['D10']);
    expect(queryRecords(deals, OPPORTUNITY, { search: '900' })).toEqual([]);
  });

  test('does not reorder the caller’s array', () => {
    const before = contacts.map((r) => r.localId);
    ids({ sort: 'titleDesc' });
    expect(contacts.map((r) => r.localId)).toEqual(before);
  });
});
