import type { CustomizationPackage } from '../../metadata/index.js';
import type { PersonalPreset } from '../../store/index.js';
import { h, uniqueId } from '../dom/h.js';
import {
  DAY_RANGE_CHOICES,
  dateFieldOf,
  filterChoiceOf,
  objectSwitch,
  type DayRange,
  type FilterChoice,
} from '../filters/filter-choice.js';

export interface FilterChooser {
  readonly element: HTMLElement;
  value(): FilterChoice;
  /** The rep's saved filters changed (one was just saved): listed at once, the current choice kept. */
  setPersonalPresets(presets: readonly PersonalPreset[]): void;
}

/**
 * The filter part of the first-run assistant, reused by the Filter Records tab:
 * a preset (the package's, or one the rep saved), object types on or off where the
 * package allows, and personal filters ("only mine", a day range per dated type).
 */
export function createFilterChooser(
  pkg: CustomizationPackage,
  initial: FilterChoice,
  savedPresets: readonly PersonalPreset[],
  onChange: (choice: FilterChoice) => void,
): FilterChooser {
  let choice = initial;
  let personalPresets = savedPresets;
  const root = h('div', { className: 'filter-chooser' });
  const set = (next: FilterChoice) => {
    choice = next;
    // Every change re-renders the chooser: the control that had the focus (a radio the
    // arrow keys just moved to, a checkbox, a select) gets it back in the new DOM.
    const focused = document.activeElement;
    const focusKey = focused instanceof HTMLElement && root.contains(focused) ? focused.dataset['focusKey'] : undefined;
    render();
    if (focusKey !== undefined)
      [...root.querySelectorAll<HTMLElement>('[data-focus-key]')].find((element) => element.dataset['focusKey'] === focusKey)?.focus();
    onChange(choice);
  };

  const rangeKey = (range: DayRange | null | undefined) => (range ? `${range.from}:${range.to}` : '');

  function render(): void {
    root.textContent = '';
    const presetName = uniqueId('preset');
    root.append(
      h(
        'fieldset',
        {},
        h('legend', {}, 'Filter preset'),
        pkg.filters.presets.map((preset) =>
          h(
            'label',
            { className: 'inline' },
            h('input', {
              type: 'radio',
              name: presetName,
              value: preset.id,
              'data-focus-key': `preset:${preset.id}`,
              checked: preset.id === choice.presetId,
              onchange: () => set({ ...choice, presetId: preset.id }),
            }),
            preset.name,
            preset.isDefault ? h('span', { className: 'muted' }, ' (recommended)') : null,
          ),
        ),
        personalPresets.length > 0 ? h('p', { className: 'muted' }, 'Your saved filters') : null,
        personalPresets.map((preset) =>
          h(
            'button',
            {
              type: 'button',
              className: 'subtle',
              'data-focus-key': `saved:${preset.name}`,
              'aria-label': `Use my saved filter ${preset.name}`,
              onclick: () =>
                set(
                  filterChoiceOf(pkg, {
                    presetId: preset.basePresetId,
                    disabledObjects: preset.disabledObjects,
                    personalFilters: preset.personalFilters,
                  }),
                ),
            },
            `★ ${preset.name}`,
          ),
        ),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Record types to sync'),
        pkg.objects.map((object) => {
          const { canDisable, offInPreset } = objectSwitch(pkg, choice.presetId, object.name);
          const on = !offInPreset && !choice.disabledObjects.includes(object.name);
          const note = offInPreset ? ' (off in this preset)' : object.canDisable === false ? ' (always synced)' : '';
          return h(
            'label',
            { className: 'inline' },
            h('input', {
              type: 'checkbox',
              'data-focus-key': `object:${object.name}`,
              checked: on || (!canDisable && !offInPreset),
              disabled: !canDisable,
              onchange: (event: Event) => {
                const checked = (event.target as HTMLInputElement).checked;
                const others = choice.disabledObjects.filter((name) => name !== object.name);
                set({ ...choice, disabledObjects: checked ? others : [...others, object.name] });
              },
            }),
            object.label ?? object.name,
            note ? h('span', { className: 'muted' }, note) : null,
          );
        }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Personal filters'),
        h(
          'label',
          { className: 'inline' },
          h('input', {
            type: 'checkbox',
            'data-focus-key': 'onlyMine',
            checked: choice.onlyMine,
            onchange: (event: Event) => set({ ...choice, onlyMine: (event.target as HTMLInputElement).checked }),
          }),
          'Only records I own',
        ),
        pkg.objects
          .filter((object) => dateFieldOf(object) !== null)
          .map((object) => {
            const id = uniqueId('range');
            const field = object.fields.find((f) => f.name === dateFieldOf(object));
            return h(
              'div',
              {},
              h('label', { for: id }, `${object.label ?? object.name} by ${(field?.label ?? field?.name ?? '').toLowerCase()}`),
              h(
                'select',
                {
                  id,
                  'data-focus-key': `range:${object.name}`,
                  onchange: (event: Event) => {
                    const value = (event.target as HTMLSelectElement).value;
                    const picked = DAY_RANGE_CHOICES.find((c) => rangeKey(c.range) === value)?.range ?? null;
                    set({ ...choice, dayRanges: { ...choice.dayRanges, [object.name]: picked } });
                  },
                },
                DAY_RANGE_CHOICES.map((c) =>
                  h(
                    'option',
                    { value: rangeKey(c.range), selected: rangeKey(c.range) === rangeKey(choice.dayRanges[object.name]) },
                    c.label,
                  ),
                ),
              ),
            );
          }),
      ),
    );
  }

  render();
  return {
    element: root,
    value: () => choice,
    setPersonalPresets(presets) {
      personalPresets = presets;
      const focused = document.activeElement;
      const focusKey = focused instanceof HTMLElement && root.contains(focused) ? focused.dataset['focusKey'] : undefined;
      render();
      if (focusKey !== undefined)
        [...root.querySelectorAll<HTMLElement>('[data-focus-key]')].find((element) => element.dataset['focusKey'] === focusKey)?.focus();
    },
  };
}
