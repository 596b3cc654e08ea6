import { syncOwed, type SyncOwedFacts } from '../../src/taskpane/services/sync-owed.js';

const NOW = Date.parse('2026-11-21T09:00:00.000Z');
const MINUTE = 60_000;
const base: SyncOwedFacts = { canSync: true, interrupted: false, lastSyncAt: NOW - 10 * MINUTE, intervalMinutes: 60, now: NOW };

describe('whether the pane syncs by itself (at start, back online)', () => {
  test.each<{ name: string; facts: Partial<SyncOwedFacts>; owed: boolean }>([
    { name: 'a sync was interrupted (a checkpoint is left)', facts: { interrupted: true }, owed: true },
    { name: 'interrupted, even with the interval off', facts: { interrupted: true, intervalMinutes: 0 }, owed: true },
    { name: 'the interval is over since the last sync', facts: { lastSyncAt: NOW - 60 * MINUTE }, owed: true },
    { name: 'far over (the pane was closed for days): once', facts: { lastSyncAt: NOW - 3 * 24 * 60 * MINUTE }, owed: true },
    { name: 'never synced, with an interval', facts: { lastSyncAt: null }, owed: true },
    { name: 'the interval is not over yet', facts: { lastSyncAt: NOW - 59 * MINUTE }, owed: false },
    { name: 'manual only, nothing interrupted', facts: { intervalMinutes: 0, lastSyncAt: null }, owed: false },
    { name: 'no session: the password is the rep’s to give', facts: { canSync: false, interrupted: true, lastSyncAt: null }, owed: false },
  ])('$name → $owed', ({ facts, owed }) => {
    expect(syncOwed({ ...base, ...facts })).toBe(owed);
  });
});
