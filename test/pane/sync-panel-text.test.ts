import { pendingChangeLine, pendingChangesTitle } from '../../src/taskpane/services/pending-changes-text.js';
import { syncHistoryLines } from '../../src/taskpane/services/sync-history-text.js';

const when = (at: number) => `t${at}`;
const COUNTS = { inserted: 120, updated: 3, deleted: 2, uploaded: 1, conflicts: 0, issues: 0 };

describe('syncHistoryLines: the last successful sync, and a failed attempt apart', () => {
  test.each<[string, Parameters<typeof syncHistoryLines>[0], Array<[string, string]>]>([
    ['never synced', { lastSyncAt: null, lastSyncResult: null }, [['Last successful sync', 'Never']]],
    [
      'the last sync succeeded: its time and counts',
      { lastSyncAt: 500, lastSyncResult: 'ok', lastSuccess: { at: 500, counts: COUNTS } },
      [
        ['Last successful sync', 't500'],
        ['Its result', '123 records received, 1 change sent, 2 records removed'],
      ],
    ],
    [
      // The issue: "Last sync" showed the failed attempt's time.
      'a failed attempt after it: the success stays, the failure is shown apart',
      { lastSyncAt: 900, lastSyncResult: 'failed', lastSuccess: { at: 500, counts: COUNTS } },
      [
        ['Last successful sync', 't500'],
        ['Its result', '123 records received, 1 change sent, 2 records removed'],
        ['Last attempt', 'Failed at t900'],
      ],
    ],
    [
      'only failures so far',
      { lastSyncAt: 900, lastSyncResult: 'failed', lastSuccess: null },
      [
        ['Last successful sync', 'Never'],
        ['Last attempt', 'Failed at t900'],
      ],
    ],
    [
      'a cancelled attempt',
      {
        lastSyncAt: 500,
        lastSyncResult: 'cancelled',
        lastSuccess: { at: 500, counts: { ...COUNTS, inserted: 1, updated: 0, deleted: 0 } },
      },
      [
        ['Last successful sync', 't500'],
        ['Its result', '1 record received, 1 change sent, 0 records removed'],
        ['Last attempt', 'Cancelled'],
      ],
    ],
    [
      'conflicts and issues are named when there were some',
      { lastSyncAt: 7, lastSyncResult: 'ok', lastSuccess: { at: 7, counts: { ...COUNTS, conflicts: 1, issues: 2 } } },
      [
        ['Last successful sync', 't7'],
        ['Its result', '123 records received, 1 change sent, 2 records removed, 1 conflict to resolve, 2 issues'],
      ],
    ],
    [
      'a store from before successes were kept apart: its last attempt succeeded',
      { lastSyncAt: 42, lastSyncResult: 'ok' },
      [['Last successful sync', 't42']],
    ],
  ])('%s', (_name, settings, lines) => {
    expect(syncHistoryLines(settings, when).map((l) => [l.term, l.detail])).toEqual(lines);
  });

  test("the counts are not said twice: the result bar shows this sync's, the list leaves them out", () => {
    const settings = { lastSyncAt: 500, lastSyncResult: 'ok' as const, lastSuccess: { at: 500, counts: COUNTS } };
    expect(syncHistoryLines(settings, when, 500).map((l) => l.term)).toEqual(['Last successful sync']);
    // A bar about another sync (an older one) leaves the list its own counts.
    expect(syncHistoryLines(settings, when, 400).map((l) => l.term)).toEqual(['Last successful sync', 'Its result']);
  });
});

describe('the changes waiting to be sent', () => {
  test.each<[number, string]>([
    [0, 'No changes wait to be sent'],
    [1, '1 change waits to be sent'],
    [2, '2 changes wait to be sent'],
    [1200, '1,200 changes wait to be sent'],
  ])('%d: %s', (count, title) => expect(pendingChangesTitle(count)).toBe(title));

  test.each([-1, 1.5, Number.NaN])('refuses %d as a count', (count) => {
    expect(() => pendingChangesTitle(count)).toThrow(`pendingChangesTitle: expected a count, got ${count}`);
  });

  test.each<[Parameters<typeof pendingChangeLine>[0], string]>([
    ['created', 'New: Acme Corp (Accounts)'],
    ['updated', 'Changed: Acme Corp (Accounts)'],
    ['deleted', 'Deleted: Acme Corp (Accounts)'],
  ])('%s', (state, line) => expect(pendingChangeLine(state, 'Acme Corp', 'Accounts')).toBe(line));

  test('a clean record waits for nothing', () => {
    expect(() => pendingChangeLine('clean', 'Acme Corp', 'Accounts')).toThrow('"Acme Corp" is clean');
  });
});
