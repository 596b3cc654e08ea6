import type { FieldProblem } from '../../src/metadata/index.js';
import type { ImportedLine } from '../../src/sync/index.js';
import { importLineText, importOutcomeWords, importSummary } from '../../src/taskpane/issues/import-report-text.js';

const problem: FieldProblem = { field: 'Probability', rule: 'max', message: 'Probability must be at most 100' };

function line(outcome: ImportedLine['outcome'], extra: Partial<ImportedLine> = {}): ImportedLine {
  return {
    objectType: 'Account',
    title: 'Acme Corp',
    outcome,
    message: 'Entered as a change; the next sync sends it.',
    problems: [],
    ...extra,
  };
}

describe('importSummary: the notice after Issues → Archive → Import', () => {
  test.each<[string, ImportedLine[], ReturnType<typeof importSummary>]>([
    [
      'ready and a conflict',
      [line('imported'), line('imported'), line('conflict')],
      {
        kind: 'warning',
        title: 'Imported 3 changes: 2 ready to send, 1 conflict to resolve in Issues.',
        next: 'The next sync sends the ready ones.',
      },
    ],
    [
      'all ready',
      [line('imported')],
      { kind: 'success', title: 'Imported 1 change: 1 ready to send.', next: 'The next sync sends the ready ones.' },
    ],
    [
      'one breaks a rule of the package',
      [line('imported', { problems: [problem] }), line('conflict'), line('conflict')],
      { kind: 'warning', title: 'Imported 3 changes: 1 to fix before it can be sent, 2 conflicts to resolve in Issues.' },
    ],
    [
      'the same file again',
      [line('already'), line('already')],
      { kind: 'info', title: 'Nothing new was imported.', next: '2 changes were already on this device.' },
    ],
    [
      'some left out',
      [line('imported'), line('skipped'), line('already')],
      {
        kind: 'warning',
        title: 'Imported 1 change: 1 ready to send.',
        next: '1 change was already on this device. 1 change was not imported: see why below. The next sync sends the ready ones.',
      },
    ],
    [
      'only left out',
      [line('skipped')],
      { kind: 'warning', title: 'Nothing new was imported.', next: '1 change was not imported: see why below.' },
    ],
    ['an empty file', [], { kind: 'info', title: 'The file holds no changes. Nothing was imported.' }],
  ])('%s', (_name, lines, summary) => {
    expect(importSummary(lines)).toEqual(summary);
  });
});

describe('one line of the import report', () => {
  test('the record and what became of its change', () => {
    expect(importLineText(line('imported'))).toBe('Acme Corp — Entered as a change; the next sync sends it.');
  });

  test('values the rules refuse are named, to fix before sending', () => {
    const text = importLineText(
      line('imported', { problems: [problem, { field: 'Name', rule: 'required', message: 'Name is required' }] }),
    );
    expect(text).toBe(
      'Acme Corp — Entered as a change; the next sync sends it. It needs a fix before it can be sent: Probability must be at most 100; Name is required.',
    );
  });

  test.each<[ImportedLine, string]>([
    [line('imported'), 'Ready to send'],
    [line('imported', { problems: [problem] }), 'Needs a fix'],
    [line('conflict'), 'Conflict'],
    [line('already'), 'Already here'],
    [line('skipped'), 'Not imported'],
  ])('tag %#: %s', (l, words) => {
    expect(importOutcomeWords(l)).toBe(words);
  });
});
