import type { ObjectDefinition } from '../../metadata/index.js';
import type { SyncCounts, SyncEngine, SyncStatus } from '../../sync/index.js';
import { h, replaceChildren } from '../dom/h.js';
import { Disposables, type View } from '../dom/view.js';
import {
  initialSyncProgress,
  nextSyncProgress,
  overallSyncProgress,
  type SyncProgressModel,
  type TypeProgress,
} from '../records/sync-progress-model.js';
import { timeLeftMs, timeLeftWords } from '../records/time-left.js';
import { syncStepLabel, syncStepWords } from '../services/sync-step-words.js';
import { formatCount } from '../format/display-format.js';

/** The status line of a running sync, in words (sync-step-words.ts). */
function stepWords(status: Extract<SyncStatus, { phase: 'syncing' }>, labelOf: (objectType: string) => string): string {
  return syncStepWords(status.step, status.objectType ? labelOf(status.objectType) : null);
}

/** The control panel's one bar: what runs now, done of total. */
function bar(label: string, done: number, total: number): HTMLElement {
  const max = Math.max(total, 1);
  return h(
    'div',
    { className: 'progress-row' },
    h(
      'div',
      { className: 'label-line' },
      h('span', {}, label),
      h('span', {}, total > 0 ? `${formatCount(done)} of ${formatCount(total)}` : ''),
    ),
    h('progress', { max, value: Math.min(done, max), 'aria-label': `${label} progress`, 'aria-valuetext': `${done} of ${total}` }),
  );
}

function countsWords(c: SyncCounts): string {
  return `${c.inserted} new, ${c.updated} updated, ${c.deleted} removed, ${c.uploaded} sent${c.conflicts > 0 ? `, ${c.conflicts} conflicts` : ''}`;
}

export interface SyncProgressOptions {
  /** Per type, the records the filter choice means (the assistant's estimate): the overall total from the first instant. */
  readonly estimate?: Readonly<Record<string, number | null>>;
  /** The clock of the time estimate (tests). */
  readonly now?: () => number;
}

function typeBar(label: string, t: TypeProgress): HTMLElement {
  const words =
    t.state === 'done'
      ? `${formatCount(t.received)} ✓`
      : t.expected === null
        ? t.state === 'waiting'
          ? 'Waiting'
          : `${formatCount(t.received)} so far`
        : `${formatCount(t.received)} of ${formatCount(t.expected)}${t.state === 'stopped' ? ', stopped' : ''}`;
  // Full only when the type is done; an empty type that is done is full too (nothing was left to receive).
  const max = Math.max(t.state === 'done' ? t.received : (t.expected ?? 0), 1);
  const value = t.state === 'done' ? max : Math.min(t.received, max);
  return h(
    'div',
    { className: 'progress-row' },
    h('div', { className: 'label-line' }, h('span', {}, label), h('span', {}, words)),
    h('progress', {
      max,
      value,
      'aria-label': `${label} progress`,
      'aria-valuetext': t.state === 'done' ? `${label}: ${t.received} received, complete` : `${label}: ${words}`,
    }),
  );
}

/** The line under the bars: every record so far of those expected, and the time left once it means something. */
function overallLine(model: SyncProgressModel, now: number): string {
  const { received, expected } = overallSyncProgress(model);
  const count =
    expected === null ? `${formatCount(received)} records received so far` : `${formatCount(received)} of ${formatCount(expected)} records`;
  const left =
    model.downloadStartedAt === null ? null : timeLeftMs({ done: received, total: expected, elapsedMs: now - model.downloadStartedAt });
  return left === null ? count : `${count} · ${timeLeftWords(left)}`;
}

/**
 * The progress of a sync from the engine's status$: one bar per object type with the
 * records received of those expected, the overall count and the time left (the
 * assistant's initial sync and the one after a reinstall; sync-progress-model.ts), or
 * one bar for what runs now (the control panel). It only renders; the engine is never touched.
 */
export function createSyncProgressView(
  engine: SyncEngine,
  objects: readonly ObjectDefinition[],
  mode: 'perObject' | 'single',
  options: SyncProgressOptions = {},
): View {
  const element = h('div', { className: 'sync-progress' });
  const line = h('p', { role: 'status', 'aria-live': 'polite' });
  const bars = h('div');
  element.append(line, bars);
  const labelOf = (name: string) => objects.find((o) => o.name === name)?.label ?? name;
  const now = options.now ?? (() => Date.now());
  const disposables = new Disposables();

  if (mode === 'perObject') {
    const overall = h('p', { className: 'muted' });
    const counts = h('p', { className: 'muted' });
    let model = initialSyncProgress(
      objects.map((o) => o.name),
      options.estimate,
    );
    const render = () => {
      replaceChildren(
        bars,
        model.types.map((t) => typeBar(labelOf(t.objectType), t)),
        overall,
        counts,
      );
      overall.textContent = overallLine(model, now());
    };
    render();
    disposables.add(
      engine.status$.subscribe((status) => {
        model = nextSyncProgress(model, status, now());
        line.textContent = status.phase === 'syncing' ? stepWords(status, labelOf) : '';
        counts.textContent = status.phase === 'syncing' ? countsWords(status.counts) : '';
        render();
      }),
    );
    return { element, dispose: () => disposables.dispose() };
  }

  disposables.add(
    engine.status$.subscribe((status) => {
      if (status.phase === 'syncing') {
        line.textContent = stepWords(status, labelOf);
        replaceChildren(
          bars,
          bar(status.objectType ? labelOf(status.objectType) : syncStepLabel(status.step, null), status.done, status.total),
          h('p', { className: 'muted' }, countsWords(status.counts)),
        );
      } else {
        line.textContent = '';
        bars.textContent = '';
      }
    }),
  );
  return { element, dispose: () => disposables.dispose() };
}
