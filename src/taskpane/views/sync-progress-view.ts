import type { ObjectDefinition } from '../../metadata/index.js';
import type { SyncEngine, SyncStatus } from '../../sync/index.js';
import { h, replaceChildren } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import { syncStepLabel, syncStepWords } from '../services/sync-step-words.js';
import { formatCount } from '../format/display-format.js';

/** The status line of a running sync, in words (sync-step-words.ts). */
function stepWords(status: Extract<SyncStatus, { phase: 'syncing' }>, labelOf: (objectType: string) => string): string {
  return syncStepWords(status.step, status.objectType ? labelOf(status.objectType) : null);
}

function bar(label: string, done: number, total: number, complete: boolean): HTMLElement {
  const max = Math.max(total, 1);
  const value = complete ? max : Math.min(done, max);
  return h(
    'div',
    { className: 'progress-row' },
    h(
      'div',
      { className: 'label-line' },
      h('span', {}, label),
      h('span', {}, complete ? `${formatCount(total)} ✓` : total > 0 ? `${formatCount(done)} of ${formatCount(total)}` : ''),
    ),
    h('progress', {
      max,
      value,
      'aria-label': `${label} progress`,
      'aria-valuetext': complete ? `${label} complete` : `${done} of ${total}`,
    }),
  );
}

/**
 * The progress of a sync from the engine's status$: one bar per object type (the
 * assistant's initial sync) or one bar for what runs now (the control panel),
 * with the counts so far. It only renders; the engine is never touched.
 */
export function createSyncProgressView(engine: SyncEngine, objects: readonly ObjectDefinition[], mode: 'perObject' | 'single'): View {
  const element = h('div', { className: 'sync-progress' });
  const line = h('p', { role: 'status', 'aria-live': 'polite' });
  const bars = h('div');
  element.append(line, bars);
  const labelOf = (name: string) => objects.find((o) => o.name === name)?.label ?? name;
  const progress = new Map<string, { done: number; total: number; complete: boolean }>();
  let current: string | null = null;
  const disposables = new Disposables();

  disposables.add(
    engine.status$.subscribe((status) => {
      if (status.phase === 'syncing') {
        line.textContent = stepWords(status, labelOf);
        if (status.objectType && status.objectType !== current) {
          if (current) progress.set(current, { ...(progress.get(current) ?? { done: 0, total: 0 }), complete: true });
          current = status.objectType;
        }
        if (status.objectType && status.step === 'download')
          progress.set(status.objectType, { done: status.done, total: status.total, complete: false });
        if (status.step === 'cleanup' && current) {
          progress.set(current, { ...(progress.get(current) ?? { done: 0, total: 0 }), complete: true });
          current = null;
        }
        const c = status.counts;
        const counts = `${c.inserted} new, ${c.updated} updated, ${c.deleted} removed, ${c.uploaded} sent${c.conflicts > 0 ? `, ${c.conflicts} conflicts` : ''}`;
        if (mode === 'perObject') {
          replaceChildren(
            bars,
            objects.map((o) => {
              const p = progress.get(o.name);
              return bar(o.label ?? o.name, p?.done ?? 0, p?.total ?? 0, p?.complete ?? false);
            }),
            h('p', { className: 'muted' }, counts),
          );
        } else {
          replaceChildren(
            bars,
            bar(status.objectType ? labelOf(status.objectType) : syncStepLabel(status.step, null), status.done, status.total, false),
            h('p', { className: 'muted' }, counts),
          );
        }
      } else if (status.phase === 'done') {
        line.textContent = '';
        if (mode === 'perObject')
          replaceChildren(
            bars,
            objects.map((o) => bar(o.label ?? o.name, progress.get(o.name)?.total ?? 0, progress.get(o.name)?.total ?? 0, true)),
          );
        else bars.textContent = '';
        progress.clear();
        current = null;
      } else {
        line.textContent = '';
        bars.textContent = '';
        progress.clear();
        current = null;
      }
    }),
  );
  return { element, dispose: () => disposables.dispose() };
}
