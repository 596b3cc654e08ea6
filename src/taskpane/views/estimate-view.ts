import type { CustomizationPackage } from '../../metadata/index.js';
import type { StoreSettings } from '../../store/index.js';
import type { PaneSession } from '../services/pane-session.js';
import { h, replaceChildren } from '../dom/h.js';
import { formatCount } from '../format/display-format.js';

export interface EstimateView {
  readonly element: HTMLElement;
  /** Re-estimates for these settings (debounced; a newer call wins). */
  update(settings: StoreSettings): void;
  /** The last complete estimate's total, or null while counting / when unknown. */
  total(): number | null;
  dispose(): void;
}

const DEBOUNCE_MS = 300;

/** The live "how many records does that mean" of the assistant and the Filter Records tab (EstimateCount). */
export function createEstimateView(session: PaneSession, pkg: CustomizationPackage): EstimateView {
  const element = h('div', { className: 'card estimate', role: 'status', 'aria-live': 'polite' });
  let timer: ReturnType<typeof setTimeout> | null = null;
  let controller: AbortController | null = null;
  let lastTotal: number | null = null;

  const run = async (settings: StoreSettings) => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    replaceChildren(element, h('strong', {}, 'Estimating…'));
    const counts = await session.estimate(settings, mine.signal);
    if (mine.signal.aborted) return;
    const known = Object.values(counts).every((c) => c !== null);
    const total = Object.values(counts).reduce<number>((sum, c) => sum + (c ?? 0), 0);
    lastTotal = known ? total : null;
    replaceChildren(
      element,
      h('strong', {}, known ? `About ${formatCount(total)} records` : 'The estimate is not available offline'),
      h(
        'ul',
        { className: 'plain estimate-lines', 'aria-label': 'Records per type' },
        pkg.objects.map((object) => {
          const count = counts[object.name];
          return h('li', {}, `${object.label ?? object.name}: ${count === null || count === undefined ? 'unknown' : formatCount(count)}`);
        }),
      ),
    );
  };

  return {
    element,
    update(settings) {
      lastTotal = null;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(settings), DEBOUNCE_MS);
    },
    total: () => lastTotal,
    dispose() {
      if (timer) clearTimeout(timer);
      controller?.abort();
    },
  };
}
