import { ProtocolError } from '../../src/protocol/index.js';
import { NO_COUNTS, type SyncStatus, type SyncStep } from '../../src/sync/index.js';
import {
  initialSyncProgress,
  nextSyncProgress,
  overallSyncProgress,
  type SyncProgressModel,
} from '../../src/taskpane/records/sync-progress-model.js';

const TYPES = ['Account', 'Contact', 'Opportunity'];
const syncing = (step: SyncStep, objectType: string | null, done = 0, total = 0): SyncStatus => ({
  phase: 'syncing',
  step,
  objectType,
  done,
  total,
  counts: NO_COUNTS,
});
const DONE: SyncStatus = { phase: 'done', counts: NO_COUNTS, notice: null, at: 0 };
const FAILED: SyncStatus = { phase: 'failed', error: new ProtocolError('CONNECTIVITY', 'the connection dropped'), at: 0 };

/** Each type as "state received/expected" after the statuses, fed at 1 s apart from t = 1000. */
function after(
  statuses: readonly SyncStatus[],
  estimate: Record<string, number | null> = {},
): { bars: string[]; model: SyncProgressModel } {
  let model = initialSyncProgress(TYPES, estimate);
  statuses.forEach((status, i) => (model = nextSyncProgress(model, status, 1000 * (i + 1))));
  return { bars: model.types.map((t) => `${t.state} ${t.received}/${t.expected ?? '?'}`), model };
}

describe('nextSyncProgress: the bars follow the records received, per type', () => {
  test.each<[string, SyncStatus[], Record<string, number | null>, string[]]>([
    // The issue: the previous sync's "done" (the package step's, replayed by status$) filled every bar with "0 ✓".
    ['a done replayed from before this sync changes nothing', [DONE], {}, ['waiting 0/?', 'waiting 0/?', 'waiting 0/?']],
    [
      'the estimate gives every type its count before anything moves',
      [DONE],
      { Account: 120, Contact: 240, Opportunity: null },
      ['waiting 0/120', 'waiting 0/240', 'waiting 0/?'],
    ],
    [
      'signing in and the package step fill nothing',
      [syncing('session', null), syncing('package', null)],
      { Account: 120 },
      ['waiting 0/120', 'waiting 0/?', 'waiting 0/?'],
    ],
    [
      'the first type counted by the engine',
      [syncing('download', 'Account', 0, 118)],
      { Account: 120 },
      ['running 0/118', 'waiting 0/?', 'waiting 0/?'],
    ],
    [
      'a page arrived: received of expected',
      [syncing('download', 'Account', 0, 118), syncing('download', 'Account', 50, 118)],
      {},
      ['running 50/118', 'waiting 0/?', 'waiting 0/?'],
    ],
    [
      'the next type finishes the one before with what it really received',
      [syncing('download', 'Account', 100, 118), syncing('download', 'Contact', 0, 240)],
      {},
      ['done 100/100', 'running 0/240', 'waiting 0/?'],
    ],
    [
      'an upload of the next type finishes the one before too',
      [syncing('download', 'Account', 118, 118), syncing('upload', 'Contact', 1, 2)],
      {},
      ['done 118/118', 'waiting 0/?', 'waiting 0/?'],
    ],
    [
      'more records than counted: the count grows with them',
      [syncing('download', 'Account', 130, 118)],
      {},
      ['running 130/130', 'waiting 0/?', 'waiting 0/?'],
    ],
    [
      'tidying up finishes the last type',
      [syncing('download', 'Opportunity', 9, 9), syncing('cleanup', null)],
      {},
      ['waiting 0/?', 'waiting 0/?', 'done 9/9'],
    ],
    [
      "this sync's end: every type done, one never reported (disabled) with nothing received",
      [syncing('download', 'Account', 5, 5), syncing('download', 'Contact', 7, 7), DONE],
      { Opportunity: 0 },
      ['done 5/5', 'done 7/7', 'done 0/0'],
    ],
    [
      'a failed sync stops the running type where it was, the others keep their state',
      [syncing('download', 'Account', 5, 5), syncing('download', 'Contact', 3, 7), FAILED],
      { Opportunity: 4 },
      ['done 5/5', 'stopped 3/7', 'waiting 0/4'],
    ],
    ['a failure replayed from before this sync changes nothing', [FAILED], { Account: 3 }, ['waiting 0/3', 'waiting 0/?', 'waiting 0/?']],
  ])('%s', (_name, statuses, estimate, bars) => {
    expect(after(statuses, estimate).bars).toEqual(bars);
  });

  test('the time estimate starts with the first download report, not with signing in', () => {
    expect(after([syncing('session', null), syncing('package', null)]).model.downloadStartedAt).toBeNull();
    expect(
      after([syncing('session', null), syncing('download', 'Account', 0, 5), syncing('download', 'Account', 5, 5)]).model.downloadStartedAt,
    ).toBe(2000);
  });
});

describe('overallSyncProgress: all types together', () => {
  test.each<[string, SyncStatus[], Record<string, number | null>, { received: number; expected: number | null }]>([
    ['nothing known yet', [], {}, { received: 0, expected: null }],
    ['every count known from the estimate', [], { Account: 120, Contact: 240, Opportunity: 318 }, { received: 0, expected: 678 }],
    [
      'the engine refines the running type; finished types count what they received',
      [syncing('download', 'Account', 110, 110), syncing('download', 'Contact', 40, 240)],
      { Account: 120, Contact: 240, Opportunity: 318 },
      { received: 150, expected: 668 },
    ],
    [
      'one type unknown: no total',
      [syncing('download', 'Account', 10, 120)],
      { Account: 120, Contact: 240 },
      { received: 10, expected: null },
    ],
  ])('%s', (_name, statuses, estimate, overall) => {
    expect(overallSyncProgress(after(statuses, estimate).model)).toEqual(overall);
  });
});
