/**
 * Issues a rep can read: titles with the full name, references by name, only the
 * differing fields highlighted with what each side changed since the last sync,
 * and a duplicate named by its key instead of an error code.
 */
import type { FieldValue } from '../../src/protocol/index.js';
import type { IssueKind, SyncIssue } from '../../src/store/index.js';
import { compareVersions, type VersionRow } from '../../src/taskpane/issues/compare-versions.js';
import { duplicateIssueText } from '../../src/taskpane/issues/duplicate-issue-text.js';
import { formatFieldValue } from '../../src/taskpane/issues/format-field-value.js';
import { CHANGED_HERE, CHANGED_THERE, issueComparison, type ComparedRow } from '../../src/taskpane/issues/issue-comparison.js';
import { issueTitle } from '../../src/taskpane/issues/issue-title.js';
import { demoObject } from '../support/demo-package.js';

type Fields = Record<string, FieldValue>;

const CONTACT = demoObject('Contact');
const ACCOUNT = demoObject('Account');
const OPPORTUNITY = demoObject('Opportunity');

const server = (fields: Fields, rowId = '1-37UGD1') => ({
  rowId,
  lastUpd: '2026-11-30T10:00:00.000Z',
  modNum: 4,
  owner: 'ALICE',
  updatedBy: 'DAVE',
  fields,
});

function issue(kind: IssueKind, local: Fields | null, theirs: Fields | null, rowId: string | null = '1-37UGD1'): SyncIssue {
  return {
    id: `Contact/${rowId ?? 'L-1'}`,
    objectType: 'Contact',
    localId: rowId ?? 'L-1',
    rowId,
    kind,
    local,
    server: theirs === null ? null : server(theirs),
    message: 'm',
    code: kind === 'duplicate' ? 'DUPLICATE_USER_KEY' : null,
    detectedAt: 1,
    resolution: null,
  };
}

const byField = <T extends VersionRow>(rows: readonly T[]) => Object.fromEntries(rows.map((r) => [r.field, r]));
const highlighted = (rows: readonly ComparedRow[]) => rows.filter((r) => r.highlighted).map((r) => r.field);

describe('issueTitle names the record as the Records tab does', () => {
  it.each<[string, SyncIssue, Fields | null, string]>([
    [
      'deleted here, updated there: the full name from the server version',
      issue('deletedVsUpdated', null, { FirstName: 'Ada', LastName: 'Lovelace' }),
      null,
      'Ada Lovelace',
    ],
    [
      'both updated: the full name from mine',
      issue('bothUpdated', { FirstName: 'Ada', LastName: 'King' }, { LastName: 'Lovelace' }),
      null,
      'Ada King',
    ],
    [
      'a failed delete: the full name from the stored record',
      issue('failed', null, null),
      { FirstName: 'Ada', LastName: 'Lovelace' },
      'Ada Lovelace',
    ],
    ['no name anywhere: the row id, said as a record', issue('deletedVsUpdated', null, { AccountId: '1-X' }), null, 'Record 1-37UGD1'],
  ])('%s', (_name, subject, fallback, expected) => {
    expect(issueTitle(subject, CONTACT, fallback)).toBe(expected);
  });
});

describe('references read as names', () => {
  const titles = new Map([['Account/1-37UGD1', 'Beacon AS']]);
  const referenceTitle = (type: string, id: string) => titles.get(`${type}/${id}`);
  const accountField = CONTACT.fields.find((f) => f.name === 'AccountId');

  it.each<[string, FieldValue, string]>([
    ['a record on this device: its name', '1-37UGD1', 'Beacon AS'],
    ['a record not on this device: its row id', '1-NOTHERE', '1-NOTHERE'],
    ['no reference: a dash', null, '—'],
  ])('%s', (_name, value, expected) => {
    expect(formatFieldValue(value, accountField, { referenceTitle })).toBe(expected);
  });

  it('the comparison shows both sides by name', () => {
    const rows = byField(
      compareVersions({ local: { AccountId: 'L-new' }, server: server({ AccountId: '1-37UGD1' }) }, CONTACT, {
        referenceTitle: (type, id) => (id === 'L-new' ? 'Fjord Fisk (new)' : referenceTitle(type, id)),
      }),
    );
    expect(rows['AccountId']).toMatchObject({ mine: 'Fjord Fisk (new)', theirs: 'Beacon AS', differs: true });
  });
});

describe('compareVersions says which side changed a field since the last sync', () => {
  it.each<[string, FieldValue, FieldValue, FieldValue | undefined, boolean, boolean]>([
    ['only the server changed it', '1', '2', '1', false, true],
    ['only I changed it', '3', '1', '1', true, false],
    ['both changed it', '3', '2', '1', true, true],
    ['both changed it the same way', '2', '2', '1', true, true],
    ['the server cleared it', '1', null, '1', false, true],
    ['no base: nobody is said to have changed it', '3', '2', undefined, false, false],
  ])('%s', (_name, mine, theirs, before, here, there) => {
    const base = before === undefined ? null : { Phone: before };
    const [row] = compareVersions({ local: { Phone: mine }, server: server({ Phone: theirs }), base }, CONTACT).filter(
      (r) => r.field === 'Phone',
    );
    expect([row?.changedHere, row?.changedThere]).toEqual([here, there]);
  });
});

describe('issueComparison: what the comparison shows per kind', () => {
  const base = { FirstName: 'Ada', LastName: 'Lovelace', Phone: '1', JobTitle: 'Analyst', Email: 'ada@x.io' };

  it('deleted here, updated there: the last synced version against theirs, only what they changed highlighted', () => {
    const theirs = { ...base, Phone: '2', JobTitle: 'Countess' };
    const c = issueComparison(issue('deletedVsUpdated', null, theirs), base, CONTACT);
    expect([c.mineHeading, c.theirsHeading, c.pickable]).toEqual(['At your last sync', 'Theirs (server)', false]);
    expect(highlighted(c.rows)).toEqual(['Phone', 'JobTitle']);
    const rows = byField(c.rows);
    expect(rows['Phone']).toMatchObject({ mine: '1', theirs: '2', theirsNote: CHANGED_THERE, mineNote: null, highlightWords: 'differs' });
    expect(rows['LastName']).toMatchObject({ highlighted: false, theirsNote: null, highlightWords: null });
  });

  it('both updated: the differing fields, each with who changed it', () => {
    const mine = { ...base, Phone: '3', Email: 'ada@y.io' };
    const theirs = { ...base, Phone: '2', JobTitle: 'Countess' };
    const c = issueComparison(issue('bothUpdated', mine, theirs), base, CONTACT);
    expect([c.mineHeading, c.theirsHeading, c.pickable]).toEqual(['Mine', 'Theirs (server)', true]);
    expect(highlighted(c.rows)).toEqual(['Email', 'Phone', 'JobTitle']);
    const rows = byField(c.rows);
    expect([rows['Phone']?.mineNote, rows['Phone']?.theirsNote]).toEqual([CHANGED_HERE, CHANGED_THERE]);
    expect([rows['Email']?.mineNote, rows['Email']?.theirsNote]).toEqual([CHANGED_HERE, null]);
    expect([rows['JobTitle']?.mineNote, rows['JobTitle']?.theirsNote]).toEqual([null, CHANGED_THERE]);
    expect(rows['FirstName']).toMatchObject({ highlighted: false, mineNote: null, theirsNote: null });
  });

  it('updated here, deleted there: one version, the fields I changed highlighted', () => {
    const c = issueComparison(issue('updatedVsDeleted', { ...base, Phone: '3' }, null), base, CONTACT);
    expect([c.theirsHeading, c.pickable]).toEqual([null, false]);
    expect(highlighted(c.rows)).toEqual(['Phone']);
    expect(byField(c.rows)['Phone']).toMatchObject({ mineNote: CHANGED_HERE, highlightWords: 'changed by you' });
  });

  it('a duplicate: mine against the existing record, no notes (there is no last sync)', () => {
    const c = issueComparison(issue('duplicate', { ...base, Phone: '9' }, base, null), null, CONTACT);
    expect([c.mineHeading, c.theirsHeading, c.pickable]).toEqual(['Mine (new)', 'Existing record', false]);
    expect(highlighted(c.rows)).toEqual(['Phone']);
    expect(c.rows.every((r) => r.mineNote === null && r.theirsNote === null)).toBe(true);
  });

  it('a duplicate the rep may not see: only mine, nothing highlighted', () => {
    const c = issueComparison(issue('duplicate', base, null, null), null, CONTACT);
    expect([c.caption, c.theirsHeading]).toEqual(['Your new record', null]);
    expect(highlighted(c.rows)).toEqual([]);
  });

  it('a failed operation: my change, never a server column', () => {
    const c = issueComparison(issue('failed', { ...base, Phone: '3' }, base), base, CONTACT);
    expect([c.caption, c.theirsHeading]).toEqual(['Your change', null]);
    expect(highlighted(c.rows)).toEqual(['Phone']);
  });
});

describe('duplicateIssueText', () => {
  const dup = (local: Fields, existing: Fields | null): Pick<SyncIssue, 'local' | 'server'> => ({
    local,
    server: existing === null ? null : server(existing, '1-EXIST'),
  });

  it.each<[string, Pick<SyncIssue, 'local' | 'server'>, string | null]>([
    [
      'named by the key, with the values the existing record holds',
      dup({ Name: 'Beacon as ', Location: 'bergen, norway' }, { Name: 'BEACON AS', Location: 'Bergen, Norway', Phone: '1' }),
      'An account named BEACON AS in Bergen, Norway already exists.',
    ],
    [
      'the existing record not visible: with my values',
      dup({ Name: 'Beacon AS', Location: 'Bergen, Norway' }, null),
      'An account named Beacon AS in Bergen, Norway already exists.',
    ],
    [
      'my key edited since: still the existing record, by its own values',
      dup({ Name: 'Beacon Nord', Location: 'Tromsø' }, { Name: 'BEACON AS', Location: 'Bergen, Norway' }),
      'An account named BEACON AS in Bergen, Norway already exists.',
    ],
    ['no complete key anywhere: null (the message is shown instead)', dup({ Name: 'Beacon AS' }, null), null],
  ])('%s', (_name, subject, expected) => {
    expect(duplicateIssueText(subject, ACCOUNT)).toBe(expected);
  });

  it('never shows the error code', () => {
    const text = duplicateIssueText(dup({ Name: 'A', Location: 'B' }, null), ACCOUNT);
    expect(text).not.toMatch(/DUPLICATE|USER_KEY/);
  });

  it('a reference in the key reads as the name `show` gives it', () => {
    const text = duplicateIssueText(
      dup({ Name: 'Fleet renewal', AccountId: '1-37UGD1' }, { Name: 'Fleet renewal', AccountId: '1-37UGD1' }),
      OPPORTUNITY,
      (field, value) => (field === 'AccountId' ? 'Beacon AS' : String(value)),
    );
    expect(text).toBe('An opportunity named Fleet renewal with Account Beacon AS already exists.');
  });

  it('without the object definition: null', () => {
    expect(duplicateIssueText(dup({ Name: 'A', Location: 'B' }, null), undefined)).toBeNull();
  });
});
