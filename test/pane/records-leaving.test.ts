import { defaultSettings } from '../../src/store/default-settings.js';
import type { LocalRecord, StoreSettings } from '../../src/store/index.js';
import { tableSpecs } from '../../src/sync/table-specs.js';
import { recordsLeaving, recordsLeavingCounter } from '../../src/taskpane/filters/records-leaving.js';
import { appliedPackage, freshIndexedDb, keeping, openStore } from '../store/store-fixtures.js';
import { demoPackage } from '../support/demo-package.js';
import { localRecord } from '../support/local-record-fixture.js';

const PKG = demoPackage();

/** A synced Opportunity of alice's, closing on 2026-12-01. */
const opportunity = (localId: string, patch: Partial<LocalRecord> = {}, fields: Record<string, string> = {}): LocalRecord =>
  localRecord(
    'Opportunity',
    localId,
    { owner: 'alice', updatedBy: 'alice', ...patch },
    { Name: localId, AccountId: 'A-1', Stage: 'Proposal', CloseDate: '2026-12-01', ...fields },
  );

const settings = (patch: Partial<StoreSettings>): StoreSettings => ({
  ...defaultSettings('https://gw', 'alice'),
  presetId: 'my-accounts',
  ...patch,
});
const nextMonth = { Opportunity: { field: 'CloseDate', withinDays: { from: 0, to: 30 } } };

describe('recordsLeaving: the number the Filter Records confirmation names', () => {
  const cases: { name: string; records: LocalRecord[]; settings: StoreSettings; leaving: number }[] = [
    {
      name: 'nothing leaves under the same filters',
      records: [opportunity('O-1'), opportunity('O-2')],
      settings: settings({}),
      leaving: 0,
    },
    {
      name: 'records outside a new date range leave',
      records: [opportunity('O-1'), opportunity('O-2', {}, { CloseDate: '2025-01-01' })],
      settings: settings({ personalFilters: nextMonth }),
      leaving: 1,
    },
    {
      name: 'another owner’s records leave under "only mine"',
      records: [opportunity('O-1'), opportunity('O-2', { owner: 'bob' })],
      settings: settings({ personalFilters: { Opportunity: { mine: true } } }),
      leaving: 1,
    },
    {
      name: 'a switched-off type leaves entirely',
      records: [opportunity('O-1'), opportunity('O-2')],
      settings: settings({ disabledObjects: ['Opportunity'] }),
      leaving: 2,
    },
    {
      name: 'records with unsent changes never leave',
      records: [opportunity('O-1', { state: 'updated' }), opportunity('O-2', { state: 'created', origin: 'local', rowId: null })],
      settings: settings({ disabledObjects: ['Opportunity'] }),
      leaving: 0,
    },
    {
      name: 'a read-only record nothing kept refers to any more leaves too (the clean-up removes it)',
      records: [opportunity('O-1', { readOnly: true })],
      settings: settings({ disabledObjects: ['Opportunity'] }),
      leaving: 1,
    },
  ];
  it.each(cases)('$name', ({ records, settings: s, leaving }) => {
    expect(recordsLeaving(PKG, s, new Map([['Opportunity', records]]), 'alice', '2026-11-22')).toEqual({
      removed: leaving,
      keptReadOnly: 0,
    });
  });
});

/** An activity of alice's (kept under "my accounts") that refers to an opportunity. */
const activity = (localId: string, opportunityId: string, patch: Partial<LocalRecord> = {}): LocalRecord =>
  localRecord(
    'Activity',
    localId,
    { owner: 'alice', updatedBy: 'alice', ...patch },
    { Subject: localId, Status: 'Planned', Start: '2026-11-20T10:00:00.000Z', OpportunityId: opportunityId },
  );

describe('recordsLeaving counts the referenced records first: the number named is the number removed', () => {
  const old = (localId: string, patch: Partial<LocalRecord> = {}) => opportunity(localId, patch, { CloseDate: '2025-01-01' });
  const cases: { name: string; records: LocalRecord[]; removed: number; keptReadOnly: number }[] = [
    // The issue: 100 named, 70 removed — the 30 an activity referred to stayed.
    {
      name: 'an opportunity a kept activity refers to stays read-only, the others leave',
      records: [old('O-1'), old('O-2'), old('O-3'), activity('A-1', 'O-2')],
      removed: 2,
      keptReadOnly: 1,
    },
    {
      name: 'a reference by a created activity (unsent) keeps its opportunity too',
      records: [old('O-1'), activity('L-1', 'O-1')],
      removed: 0,
      keptReadOnly: 1,
    },
    {
      name: 'a reference by a record that leaves itself keeps nothing',
      records: [old('O-1'), activity('A-1', 'O-1', { owner: 'bob' })],
      removed: 2,
      keptReadOnly: 0,
    },
    {
      name: 'a reference by a record that is itself read-only and outside keeps nothing',
      records: [old('O-1'), activity('A-1', 'O-1', { owner: 'bob', readOnly: true })],
      removed: 2,
      keptReadOnly: 0,
    },
    {
      name: 'a read-only opportunity still referred to stays',
      records: [old('O-1', { readOnly: true }), activity('A-1', 'O-1')],
      removed: 0,
      keptReadOnly: 1,
    },
    {
      name: 'a read-only record back inside the filters stays, editable, and keeps what it refers to',
      records: [activity('A-1', 'O-2', { readOnly: true }), old('O-2')],
      removed: 0,
      keptReadOnly: 1,
    },
  ];
  it.each(cases)('$name', ({ records, removed, keptReadOnly }) => {
    const byType = new Map<string, LocalRecord[]>();
    for (const r of records) byType.set(r.objectType, [...(byType.get(r.objectType) ?? []), r]);
    const next = settings({ personalFilters: { ...nextMonth, Activity: { mine: true } } });
    expect(recordsLeaving(PKG, next, byType, 'alice', '2026-11-22')).toEqual({ removed, keptReadOnly });
  });
});

describe('recordsLeavingCounter: the same count from records read a page at a time', () => {
  it('counts what the store hands out page by page as it counts the records in memory', async () => {
    const store = await openStore(freshIndexedDb());
    try {
      await store.reinstall(appliedPackage(), tableSpecs(PKG.objects), keeping([]));
      // 2,500 opportunities closing long ago (pages of the store's forEachRecord), every tenth referred to by an activity.
      const old = Array.from({ length: 2_500 }, (_, i) => opportunity(`O-${i}`, {}, { CloseDate: '2025-01-01' }));
      const activities = Array.from({ length: 250 }, (_, i) => activity(`A-${i}`, `O-${i * 10}`));
      await store.putRecords([...old, ...activities, opportunity('O-soon')]);
      const next = settings({ personalFilters: { ...nextMonth, Activity: { mine: true } } });
      const counter = recordsLeavingCounter(PKG, next, 'alice', '2026-11-22');
      for (const object of PKG.objects) await store.forEachRecord(object.name, (record) => counter.visit(object.name, record));
      const inMemory = new Map<string, LocalRecord[]>();
      for (const object of PKG.objects) inMemory.set(object.name, await store.listRecords(object.name));
      expect(counter.result()).toEqual({ removed: 2_250, keptReadOnly: 250 });
      expect(recordsLeaving(PKG, next, inMemory, 'alice', '2026-11-22')).toEqual(counter.result());
    } finally {
      await store.close();
    }
  });
});
