import type { FilterExpr } from '../../src/protocol/index.js';
import { objectSyncScope } from '../../src/metadata/index.js';
import { defaultSettings } from '../../src/store/default-settings.js';
import { dateFieldOf, filterChoiceOf, filterSettings, objectSwitch, type FilterChoice } from '../../src/taskpane/filters/filter-choice.js';
import { demoPackage } from '../support/demo-package.js';

const PKG = demoPackage();
const base: FilterChoice = { presetId: 'my-accounts', disabledObjects: [], onlyMine: false, dayRanges: {} };

describe('filterSettings: what a choice in the assistant becomes', () => {
  const cases: { name: string; choice: FilterChoice; presetId: string; disabled: string[]; personal: Record<string, FilterExpr> }[] = [
    { name: 'the preset alone adds no personal filter', choice: base, presetId: 'my-accounts', disabled: [], personal: {} },
    {
      name: '"only mine" filters every object type',
      choice: { ...base, presetId: 'my-team', onlyMine: true },
      presetId: 'my-team',
      disabled: [],
      personal: { Account: { mine: true }, Contact: { mine: true }, Opportunity: { mine: true }, Activity: { mine: true } },
    },
    {
      name: 'a day range applies to the object’s date field',
      choice: { ...base, dayRanges: { Activity: { from: -30, to: 0 } } },
      presetId: 'my-accounts',
      disabled: [],
      personal: { Activity: { field: 'Start', withinDays: { from: -30, to: 0 } } },
    },
    {
      name: 'both combine with and',
      choice: { ...base, onlyMine: true, dayRanges: { Opportunity: { from: 0, to: 90 } } },
      presetId: 'my-accounts',
      disabled: [],
      personal: {
        Account: { mine: true },
        Contact: { mine: true },
        Opportunity: { and: [{ mine: true }, { field: 'CloseDate', withinDays: { from: 0, to: 90 } }] },
        Activity: { mine: true },
      },
    },
    {
      name: 'a day range on a type without a date field is ignored',
      choice: { ...base, dayRanges: { Account: { from: -30, to: 0 } } },
      presetId: 'my-accounts',
      disabled: [],
      personal: {},
    },
    {
      name: 'Accounts cannot be switched off (package says canDisable=false); Activities can',
      choice: { ...base, disabledObjects: ['Account', 'Activity'] },
      presetId: 'my-accounts',
      disabled: ['Activity'],
      personal: {},
    },
  ];
  it.each(cases)('$name', ({ choice, presetId, disabled, personal }) => {
    expect(filterSettings(PKG, choice)).toEqual({ presetId, disabledObjects: disabled, personalFilters: personal });
  });

  it.each(cases)('reads back the same choice it wrote: $name', ({ choice }) => {
    const written = filterSettings(PKG, choice);
    expect(filterSettings(PKG, filterChoiceOf(PKG, written))).toEqual(written);
  });

  it('reaches the engine: the personal filter is part of the scope sent to the gateway', () => {
    const settings = {
      ...defaultSettings('https://gw', 'alice'),
      ...filterSettings(PKG, { ...base, dayRanges: { Activity: { from: -30, to: 0 } } }),
    };
    const scope = objectSyncScope(PKG, settings, 'Activity');
    expect(JSON.stringify(scope.filter)).toContain('"withinDays":{"from":-30,"to":0}');
    expect(objectSyncScope(PKG, { ...settings, disabledObjects: ['Activity'] }, 'Activity').enabled).toBe(false);
  });

  it('starts from the package default when nothing was chosen', () => {
    expect(filterChoiceOf(PKG, { presetId: null, disabledObjects: [], personalFilters: {} }).presetId).toBe('my-accounts');
    expect(filterChoiceOf(PKG, { presetId: 'gone', disabledObjects: [], personalFilters: {} }).presetId).toBe('my-accounts');
  });

  it('knows which types have a date field and which the preset switches off', () => {
    expect(PKG.objects.map((o) => [o.name, dateFieldOf(o)])).toEqual([
      ['Account', null],
      ['Contact', null],
      ['Opportunity', 'CloseDate'],
      ['Activity', 'Start'],
    ]);
    expect(objectSwitch(PKG, 'my-open-opportunities', 'Activity')).toEqual({ canDisable: false, offInPreset: true });
    expect(objectSwitch(PKG, 'my-accounts', 'Account')).toEqual({ canDisable: false, offInPreset: false });
    expect(objectSwitch(PKG, 'my-accounts', 'Contact')).toEqual({ canDisable: true, offInPreset: false });
  });
});
