import { ProtocolError } from '../../src/protocol/index.js';
import type { SyncLogEntry } from '../../src/store/index.js';
import { NO_COUNTS, NO_SYNC_LOG_STATE, syncLogEntries, type SyncCounts, type SyncStatus, type SyncStep } from '../../src/sync/index.js';

const syncing = (step: SyncStep, objectType: string | null, done = 0, total = 0, counts: Partial<SyncCounts> = {}): SyncStatus => ({
  phase: 'syncing',
  step,
  objectType,
  done,
  total,
  counts: { ...NO_COUNTS, ...counts },
});

/** Feeds `statuses` at times 0, 10, 20, … and returns every entry, in a short form. */
function run(statuses: readonly SyncStatus[]): Array<Partial<SyncLogEntry>> {
  let state = NO_SYNC_LOG_STATE;
  const out: Array<Partial<SyncLogEntry>> = [];
  statuses.forEach((status, i) => {
    const next = syncLogEntries(state, status, 1_000 + i * 10);
    state = next.state;
    for (const e of next.entries) {
      const short: { -readonly [K in keyof SyncLogEntry]?: SyncLogEntry[K] } = { step: e.step, at: e.at, syncStartedAt: e.syncStartedAt };
      if (e.objectType !== null) short.objectType = e.objectType;
      if (e.durationMs !== null) short.durationMs = e.durationMs;
      if (Object.keys(e.counts).length > 0) short.counts = e.counts;
      if (e.code !== null) short.code = e.code;
      if (e.message !== null) short.message = e.message;
      if (Object.keys(e.details).length > 0) short.details = e.details;
      out.push(short);
    }
  });
  return out;
}

describe('syncLogEntries: one entry per step and per outcome, from the engine status alone', () => {
  it.each<[string, SyncStatus[], Array<Partial<SyncLogEntry>>]>([
    ['idle writes nothing', [{ phase: 'idle' }], []],
    [
      'a sync: start, each step with its duration and what it added, then done with the totals',
      [
        syncing('session', null),
        syncing('package', null),
        syncing('download', 'Account', 0, 40),
        syncing('download', 'Account', 40, 40, { inserted: 40 }),
        syncing('download', 'Contact', 0, 10, { inserted: 40 }),
        syncing('download', 'Contact', 10, 10, { inserted: 45, updated: 5 }),
        { phase: 'done', counts: { ...NO_COUNTS, inserted: 45, updated: 5 }, notice: null, at: 1_060 },
      ],
      [
        { step: 'start', at: 1_000, syncStartedAt: 1_000 },
        { step: 'session', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        { step: 'package', at: 1_020, syncStartedAt: 1_000, durationMs: 10 },
        {
          step: 'download',
          objectType: 'Account',
          at: 1_040,
          syncStartedAt: 1_000,
          durationMs: 20,
          counts: { done: 40, total: 40, inserted: 40 },
        },
        {
          step: 'download',
          objectType: 'Contact',
          at: 1_060,
          syncStartedAt: 1_000,
          durationMs: 20,
          counts: { done: 10, total: 10, inserted: 5, updated: 5 },
        },
        { step: 'done', at: 1_060, syncStartedAt: 1_000, durationMs: 60, counts: { inserted: 45, updated: 5 } },
      ],
    ],
    [
      'an incompatible package: the package step carries the code, the outcome the preferred version',
      [
        syncing('session', null),
        syncing('package', null),
        {
          phase: 'failed',
          error: new ProtocolError('INCOMPATIBLE_PRODUCT', 'needs version 1.02.00.00', {
            preferredProduct: '1.02.00.00',
            productVersion: '1.00.00.00',
            problems: ['x'],
          }),
          at: 1_020,
        },
      ],
      [
        { step: 'start', at: 1_000, syncStartedAt: 1_000 },
        { step: 'session', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        { step: 'package', at: 1_020, syncStartedAt: 1_000, durationMs: 10, code: 'INCOMPATIBLE_PRODUCT' },
        {
          step: 'failed',
          at: 1_020,
          syncStartedAt: 1_000,
          durationMs: 20,
          code: 'INCOMPATIBLE_PRODUCT',
          message: 'needs version 1.02.00.00',
          details: { preferredProduct: '1.02.00.00', productVersion: '1.00.00.00' },
        },
      ],
    ],
    [
      'a failure before any step (the sync lock was taken) is an outcome on its own',
      [{ phase: 'failed', error: new ProtocolError('INVALID_REQUEST', 'A synchronisation is already running for this mailbox.'), at: 1 }],
      [
        {
          step: 'failed',
          at: 1_000,
          syncStartedAt: 1_000,
          code: 'INVALID_REQUEST',
          message: 'A synchronisation is already running for this mailbox.',
        },
      ],
    ],
    [
      'a cancel closes the step with CANCELLED',
      [syncing('session', null), syncing('upload', 'Account', 1, 3), { phase: 'cancelled', at: 1 }],
      [
        { step: 'start', at: 1_000, syncStartedAt: 1_000 },
        { step: 'session', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        {
          step: 'upload',
          objectType: 'Account',
          at: 1_020,
          syncStartedAt: 1_000,
          durationMs: 10,
          counts: { done: 1, total: 3 },
          code: 'CANCELLED',
        },
        { step: 'cancelled', at: 1_020, syncStartedAt: 1_000, durationMs: 20, code: 'CANCELLED' },
      ],
    ],
    [
      'the reinstall question names the action and the preferred version',
      [
        syncing('package', null),
        {
          phase: 'reinstallRequired',
          decision: { action: 'reinstallWithArchive', preferredProduct: '1.01.00.00', message: 'A new configuration is available.' },
          message: 'A new configuration is available.',
        },
      ],
      [
        { step: 'start', at: 1_000, syncStartedAt: 1_000 },
        { step: 'package', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        {
          step: 'reinstallRequired',
          at: 1_010,
          syncStartedAt: 1_000,
          durationMs: 10,
          message: 'A new configuration is available.',
          details: { action: 'reinstallWithArchive', preferredProduct: '1.01.00.00' },
        },
      ],
    ],
    [
      'two syncs in a row are two syncs',
      [syncing('session', null), { phase: 'done', counts: NO_COUNTS, notice: null, at: 1 }, syncing('session', null)],
      [
        { step: 'start', at: 1_000, syncStartedAt: 1_000 },
        { step: 'session', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        { step: 'done', at: 1_010, syncStartedAt: 1_000, durationMs: 10 },
        { step: 'start', at: 1_020, syncStartedAt: 1_020 },
      ],
    ],
  ])('%s', (_case, statuses, expected) => {
    expect(run(statuses)).toEqual(expected);
  });

  it('keeps no value or token an error carries', () => {
    const token = 'q2Xv-9ZkR_7bT1nYwLmA0sPe4uHdCf8gJiKoQrS3tU5';
    const error = new ProtocolError('DUPLICATE_USER_KEY', `An account named "BEACON AS" exists (session ${token})`, {
      fields: { Name: 'BEACON AS' },
      sessionToken: token,
      objectType: 'Account',
    });
    const { entries } = syncLogEntries(NO_SYNC_LOG_STATE, { phase: 'failed', error, at: 0 }, 5);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('BEACON');
    expect(text).not.toContain(token);
    expect(entries[0]?.details).toEqual({ objectType: 'Account' });
  });
});
