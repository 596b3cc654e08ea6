import { defaultSettings } from '../../src/store/default-settings.js';
import type { LocalRecord, StoreSettings } from '../../src/store/index.js';
import { recordsLeaving } from '../../src/taskpane/filters/records-leaving.js';
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
      name: 'records already shown read-only are not counted again',
      records: [opportunity('O-1', { readOnly: true })],
      settings: settings({ disabledObjects: ['Opportunity'] }),
      leaving: 0,
    },
  ];
  it.each(cases)('$name', ({ records, settings: s, leaving }) => {
    expect(recordsLeaving(PKG, s, new Map([['Opportunity', records]]), 'alice', '2026-11-22')).toBe(leaving);
  });
});
