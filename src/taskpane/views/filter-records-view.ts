import type { PaneController } from '../services/pane-controller.js';
import { h, replaceChildren, uniqueId } from '../dom/h.js';
import { confirmDialog } from '../dom/confirm-dialog.js';
import { messageBar } from '../dom/message-bar.js';
import { Disposables, type View } from '../dom/view.js';
import { filterChoiceOf, filterSettings } from '../filters/filter-choice.js';
import { recordsLeavingCounter } from '../filters/records-leaving.js';
import { createEstimateView } from './estimate-view.js';
import { createFilterChooser } from './filter-chooser-view.js';
import { formatCount } from '../format/display-format.js';

/**
 * The Filter Records tab: switch preset, change types and personal filters, see the
 * estimate, save the result as a personal preset, and apply it — after a
 * confirmation naming how many records leave this device. Applying is a sync.
 */
export function createFilterRecordsView(controller: PaneController): View {
  const { session } = controller;
  const disposables = new Disposables();
  const element = h('div');
  const outcome = h('div');

  void (async () => {
    const pkg = await session.requirePackage();
    const settings = await session.store.getSettings();
    const estimate = createEstimateView(session, pkg);
    disposables.add(() => estimate.dispose());
    const settingsFor = () => ({ ...settings, ...filterSettings(pkg, chooser.value()) });
    const chooser = createFilterChooser(pkg, filterChoiceOf(pkg, settings), settings.personalPresets, () => estimate.update(settingsFor()));
    const nameId = uniqueId('preset-name');
    const name = h('input', { id: nameId, type: 'text', maxlength: 60 });

    const save = async () => {
      const label = name.value.trim();
      if (!label) {
        replaceChildren(outcome, messageBar('error', 'Name your filter first.', 'Type a name in "Save as my filter".'));
        name.setAttribute('aria-invalid', 'true');
        return name.focus();
      }
      name.setAttribute('aria-invalid', 'false');
      const current = await session.store.getSettings();
      const written = filterSettings(pkg, chooser.value());
      const preset = {
        id: `personal-${Date.now().toString(36)}`,
        name: label,
        basePresetId: written.presetId ?? '',
        disabledObjects: written.disabledObjects,
        personalFilters: written.personalFilters,
      };
      const saved = await session.store.updateSettings({
        personalPresets: [...current.personalPresets.filter((p) => p.name !== label), preset],
      });
      chooser.setPersonalPresets(saved.personalPresets);
      replaceChildren(outcome, messageBar('success', `Saved "${label}".`, 'It is listed under Filter preset, in Your saved filters.'));
    };

    const apply = async () => {
      const next = settingsFor();
      // Every record is seen, a page at a time: only ids are kept, so 100,000 records never sit in memory at once.
      const counter = recordsLeavingCounter(pkg, next, session.login.userName, new Date().toISOString().slice(0, 10));
      for (const object of pkg.objects) await session.store.forEachRecord(object.name, (record) => counter.visit(object.name, record));
      const leaving = counter.result();
      const ok = await confirmDialog({
        title: 'Apply these filters?',
        body: [
          leaving.removed > 0
            ? `${formatCount(leaving.removed)} record${leaving.removed === 1 ? '' : 's'} will be removed from this device.`
            : 'No records will be removed from this device.',
          ...(leaving.keptReadOnly > 0
            ? [
                `${formatCount(leaving.keptReadOnly)} record${leaving.keptReadOnly === 1 ? '' : 's'} outside the new filters ${leaving.keptReadOnly === 1 ? 'stays' : 'stay'}, read-only, because other records on this device refer to ${leaving.keptReadOnly === 1 ? 'it' : 'them'}.`,
              ]
            : []),
          'Fieldbook then syncs to download what the new filters add. Your changes not synced yet are kept and sent.',
        ],
        confirm: 'Apply and sync',
      });
      if (!ok) return;
      await session.store.updateSettings(filterSettings(pkg, chooser.value()));
      replaceChildren(outcome, messageBar('info', 'Applying the filters…'));
      const result = await controller.sync();
      replaceChildren(
        outcome,
        result.phase === 'done'
          ? messageBar(
              'success',
              'Filters applied.',
              `${formatCount(result.counts.deleted)} records removed, ${formatCount(result.counts.inserted)} downloaded.`,
            )
          : messageBar('warning', 'The filters are saved; the sync did not finish.', 'They take effect at the next sync.'),
      );
    };

    element.append(
      h('p', {}, 'Choose which records this device keeps. The estimate counts what the gateway would send.'),
      chooser.element,
      estimate.element,
      h(
        'div',
        { className: 'toolbar' },
        h('button', { type: 'button', className: 'primary', onclick: () => void apply() }, 'Apply filters'),
      ),
      h('label', { for: nameId }, 'Save as my filter'),
      name,
      h('div', { className: 'toolbar' }, h('button', { type: 'button', onclick: () => void save() }, 'Save filter')),
      outcome,
    );
    estimate.update(settingsFor());
  })();

  return { element, dispose: () => disposables.dispose() };
}
