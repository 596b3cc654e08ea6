import type { ObjectDefinition } from '../../src/metadata/index.js';
import type { FieldValue } from '../../src/protocol/index.js';
import type { IssueKind, Resolution, SyncIssue } from '../../src/store/index.js';
import { defaultPicks, type Side } from '../../src/taskpane/issues/default-picks.js';
import { issueTitle } from '../../src/taskpane/issues/issue-title.js';
import { resolveAllOptions } from '../../src/taskpane/issues/resolve-all-options.js';

type Fields = Record<string, FieldValue>;

describe('defaultPicks', () => {
  it.each<[string, Fields | null, Fields | null, Fields | null, Resolution | null, Record<string, Side>]>([
    ['only the server changed it: theirs', { Phone: '1' }, { Phone: '2' }, { Phone: '1' }, null, { Phone: 'server' }],
    ['only I changed it: mine', { Phone: '3' }, { Phone: '1' }, { Phone: '1' }, null, { Phone: 'local' }],
    ['both changed it: mine', { Phone: '3' }, { Phone: '2' }, { Phone: '1' }, null, { Phone: 'local' }],
    ['no base known: mine', { Phone: '3' }, { Phone: '2' }, null, null, { Phone: 'local' }],
    ['server cleared it, I did not touch it: theirs', { Phone: '1' }, {}, { Phone: '1' }, null, { Phone: 'server' }],
    [
      'an earlier per-field answer wins',
      { Phone: '3' },
      { Phone: '2' },
      { Phone: '1' },
      { choice: 'fields', pick: { Phone: 'server' } },
      { Phone: 'server' },
    ],
    ['an earlier whole answer wins', { Phone: '1' }, { Phone: '2' }, { Phone: '1' }, { choice: 'local' }, { Phone: 'local' }],
    [
      'a per-field answer without this field falls back to the merge',
      { Phone: '1' },
      { Phone: '2' },
      { Phone: '1' },
      { choice: 'fields', pick: { Other: 'local' } },
      { Phone: 'server' },
    ],
  ])('%s', (_name, local, server, base, answer, expected) => {
    expect(defaultPicks(['Phone'], local, server, base, answer)).toEqual(expected);
  });

  it('picks only the fields asked for', () => {
    expect(Object.keys(defaultPicks(['A', 'B'], { A: 1, B: 2, C: 3 }, { A: 2, B: 2, C: 4 }, null, null))).toEqual(['A', 'B']);
  });
});

describe('issueTitle', () => {
  const object: ObjectDefinition = { name: 'Account', label: 'Accounts', titleField: 'Name', fields: [], userKeys: [] };
  const base = { rowId: '1-ABC' as string | null, localId: 'L-9', local: null as Fields | null, server: null as { fields: Fields } | null };
  const server = (fields: Fields) => ({
    rowId: '1-ABC',
    lastUpd: '2026-11-22T10:00:00.000Z',
    modNum: 1,
    owner: 'o',
    updatedBy: 'u',
    fields,
  });

  it.each<
    [
      string,
      Partial<typeof base> & { server?: ReturnType<typeof server> | null },
      Fields | null | undefined,
      ObjectDefinition | undefined,
      string,
    ]
  >([
    ['mine first', { local: { Name: 'Mine' }, server: server({ Name: 'Theirs' }) }, undefined, object, 'Mine'],
    ['theirs when I deleted it', { server: server({ Name: 'Theirs' }) }, undefined, object, 'Theirs'],
    ['the stored record when neither side has it', {}, { Name: 'Stored' }, object, 'Stored'],
    ['a blank title is skipped', { local: { Name: '  ' }, server: server({ Name: 'Theirs' }) }, undefined, object, 'Theirs'],
    ['a number title as text', { local: { Name: 42 } }, undefined, object, '42'],
    ['no title anywhere: the row id', {}, null, object, 'Record 1-ABC'],
    ['no row id: the local id', { rowId: null }, null, object, 'Record L-9'],
    ['no object definition: the usual name fields', { local: { Name: 'Mine' } }, undefined, undefined, 'Mine'],
    ['no object definition and no name field: the row id', { local: { Phone: '1' } }, undefined, undefined, 'Record 1-ABC'],
  ])('%s', (_name, overrides, fallback, definition, expected) => {
    expect(issueTitle({ ...base, ...overrides } as Pick<SyncIssue, 'local' | 'server' | 'rowId' | 'localId'>, definition, fallback)).toBe(
      expected,
    );
  });
});

describe('resolveAllOptions', () => {
  const issue = (kind: IssueKind, answered = false): Pick<SyncIssue, 'kind' | 'resolution'> => ({
    kind,
    resolution: answered ? { choice: 'local' } : null,
  });

  it.each<[string, Pick<SyncIssue, 'kind' | 'resolution'>[], [string, string, number][]]>([
    ['nothing open', [], [['all', 'All kinds (0)', 0]]],
    ['answered issues do not count', [issue('failed', true)], [['all', 'All kinds (0)', 0]]],
    [
      'each present kind, in a fixed order, with its count',
      [issue('failed'), issue('bothUpdated'), issue('failed'), issue('duplicate', true), issue('deletedVsUpdated')],
      [
        ['all', 'All kinds (4)', 4],
        ['bothUpdated', 'Both updated (1)', 1],
        ['deletedVsUpdated', 'Deleted here, updated on the server (1)', 1],
        ['failed', 'Failed operation (2)', 2],
      ],
    ],
  ])('%s', (_name, issues, expected) => {
    expect(resolveAllOptions(issues).map((o) => [o.value, o.label, o.count])).toEqual(expected);
  });
});
