import type { IssueKind, Resolution, SyncIssue } from '../../src/store/index.js';
import { ANSWER_SAVED, describeIssue, ISSUE_CHOICES } from '../../src/taskpane/issues/describe-issue.js';

const T = (ms: number) => `T${ms}`;

function issue(kind: IssueKind, overrides: Partial<SyncIssue> = {}): SyncIssue {
  return {
    id: `Contact/L-1`,
    objectType: 'Contact',
    localId: 'L-1',
    rowId: '1-ABC',
    kind,
    local: { LastName: 'Ng' },
    server: null,
    message: 'm',
    code: null,
    detectedAt: 1000,
    resolution: null,
    ...overrides,
  };
}

const SERVER = {
  rowId: '1-ABC',
  lastUpd: '2026-11-22T10:00:00.000Z',
  modNum: 3,
  owner: 'OWNER',
  updatedBy: 'JSMITH',
  fields: { LastName: 'Ngo' },
};

describe('describeIssue', () => {
  it.each<[IssueKind, string, string, string]>([
    ['bothUpdated', 'Both updated', 'Keep mine', 'Keep theirs'],
    ['updatedVsDeleted', 'Updated here, deleted on the server', 'Keep mine (create it again)', 'Accept the delete'],
    ['deletedVsUpdated', 'Deleted here, updated on the server', 'Keep my delete', 'Keep theirs (restore it)'],
    ['duplicate', 'Duplicate', 'Send mine again', 'Use the existing record'],
    ['failed', 'Failed operation', 'Keep my change (retry)', 'Discard my change'],
  ])('%s: kind words and the two answers', (kind, words, mine, theirs) => {
    const d = describeIssue(issue(kind), T);
    expect(d.kind).toBe(words);
    expect(d.keepMine.label).toBe(mine);
    expect(d.keepTheirs.label).toBe(theirs);
    expect(d.keepMine.means.length).toBeGreaterThan(10);
    expect(d.keepTheirs.means).not.toBe(d.keepMine.means);
  });

  it.each<[string, Partial<SyncIssue>, IssueKind, string]>([
    [
      'server version with who and when',
      { server: SERVER },
      'bothUpdated',
      `Changed on the server by JSMITH on T${Date.parse(SERVER.lastUpd)}`,
    ],
    [
      'server version without a name',
      { server: { ...SERVER, updatedBy: ' ' } },
      'deletedVsUpdated',
      `Changed on the server on T${Date.parse(SERVER.lastUpd)}`,
    ],
    [
      'server version with a bad timestamp falls back to detectedAt',
      { server: { ...SERVER, lastUpd: 'garbage' } },
      'bothUpdated',
      'Noticed on T1000',
    ],
    ['deleted on the server', {}, 'updatedVsDeleted', 'Deleted on the server; noticed on T1000'],
    ['failed operation', { detectedAt: 5 }, 'failed', 'Failed at the sync on T5'],
    ['duplicate without server version', { detectedAt: 7 }, 'duplicate', 'Refused at the sync on T7'],
    // The server version of a duplicate is the existing record: its last change says nothing about the rep's.
    ['duplicate with the existing record', { detectedAt: 8, server: SERVER }, 'duplicate', 'Refused at the sync on T8'],
  ])('who/when: %s', (_name, overrides, kind, expected) => {
    expect(describeIssue(issue(kind, overrides), T).changed).toBe(expected);
  });

  it.each<[string, IssueKind, Resolution | null, string | null, string | null]>([
    ['not answered', 'bothUpdated', null, null, null],
    ['kept mine', 'bothUpdated', { choice: 'local' }, ANSWER_SAVED, 'You chose: Keep mine'],
    ['accepted the delete', 'updatedVsDeleted', { choice: 'server' }, ANSWER_SAVED, 'You chose: Accept the delete'],
    ['picked per field', 'bothUpdated', { choice: 'fields', pick: { Phone: 'server' } }, ANSWER_SAVED, 'You chose: your picks per field'],
  ])('answer: %s', (_name, kind, resolution, answer, choice) => {
    const d = describeIssue(issue(kind, { resolution }), T);
    expect(d.answer).toBe(answer);
    expect(d.answerChoice).toBe(choice);
  });

  it('says the answer is applied at the next sync', () => {
    expect(ANSWER_SAVED).toBe('Answer saved — applied at the next sync');
  });

  it('words every kind differently', () => {
    const labels = Object.values(ISSUE_CHOICES).flatMap((c) => [c.local.label, c.server.label]);
    expect(labels).toHaveLength(10);
    expect(new Set(labels).size).toBe(10);
  });
});
