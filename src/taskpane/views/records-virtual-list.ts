import { h, uniqueId, type Child } from '../dom/h.js';
import { virtualWindow } from '../records/virtual-window.js';

export interface VirtualListOptions<T> {
  /** The listbox's accessible name. */
  readonly label: string;
  /** Row height in rem, so rows grow with the rep's text size. */
  readonly rowHeightRem: number;
  /** Rows rendered above and below the visible ones. */
  readonly overscan?: number;
  readonly key: (item: T) => string;
  /** The content of one row (the row element itself is the list's). */
  readonly renderRow: (item: T, index: number) => Child[];
  /** Enter or a click on a row. */
  readonly onOpen: (item: T, index: number) => void;
}

export interface VirtualList<T> {
  readonly element: HTMLElement;
  /** Replaces the items, keeping the scroll position and the active item when it is still there. */
  setItems(items: readonly T[]): void;
  scrollTop(): number;
  setScrollTop(top: number): void;
  /** The key of the item the keyboard is on, or null. */
  activeKey(): string | null;
  /** Makes the item with `key` active (and scrolls it into view) when it is in the list. */
  setActiveKey(key: string | null): void;
  focus(): void;
  dispose(): void;
}

/**
 * A listbox of fixed-height rows of which only the visible ones (plus overscan)
 * are in the DOM, so 10,000 records scroll as smoothly as 10. Focus stays on the
 * listbox; the active row is announced through aria-activedescendant, and each
 * row says where it is in the whole list (aria-setsize / aria-posinset).
 * Keys: arrows, Page Up/Down, Home, End move; Enter opens.
 */
export function createVirtualList<T>(options: VirtualListOptions<T>): VirtualList<T> {
  const idPrefix = uniqueId('records-option');
  const spacer = h('div', { className: 'list-spacer', role: 'presentation' });
  const viewport = h('div', { className: 'list-viewport', role: 'listbox', tabindex: 0, 'aria-label': options.label }, spacer);
  const overscan = options.overscan ?? 6;
  let items: readonly T[] = [];
  let active = -1;
  let rowHeight = 0;
  let frame: number | null = null;

  const measure = () => {
    const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    rowHeight = Math.round(options.rowHeightRem * rootSize);
  };

  const optionId = (index: number) => `${idPrefix}-${index}`;

  /** Rows in the DOM by index, with the item each shows: kept while they stay in the window, so a click is never lost to a re-render. */
  let rows = new Map<number, { element: HTMLElement; item: T }>();

  const createRow = (item: T, index: number) =>
    h(
      'div',
      {
        className: 'list-row',
        role: 'option',
        id: optionId(index),
        onclick: () => {
          setActive(index, false);
          options.onOpen(item, index);
        },
      },
      options.renderRow(item, index),
    );

  const render = () => {
    frame = null;
    if (rowHeight === 0) measure();
    spacer.style.height = `${items.length * rowHeight}px`;
    const window = virtualWindow({
      scrollTop: viewport.scrollTop,
      viewportHeight: viewport.clientHeight,
      rowHeight,
      rowCount: items.length,
      overscan,
    });
    const next = new Map<number, { element: HTMLElement; item: T }>();
    for (let index = window.first; index <= window.last; index += 1) {
      const item = items[index];
      if (item === undefined) continue;
      const kept = rows.get(index);
      const row = kept && kept.item === item ? kept : { element: createRow(item, index), item };
      row.element.setAttribute('aria-selected', index === active ? 'true' : 'false');
      row.element.setAttribute('aria-setsize', String(items.length));
      row.element.setAttribute('aria-posinset', String(index + 1));
      row.element.style.top = `${index * rowHeight}px`;
      row.element.style.height = `${rowHeight}px`;
      next.set(index, row);
    }
    for (const [index, row] of rows) if (next.get(index) !== row) row.element.remove();
    // Rows in index order in the DOM too, so reading order matches the list.
    let cursor = spacer.firstChild;
    for (let index = window.first; index <= window.last; index += 1) {
      const row = next.get(index);
      if (!row) continue;
      if (row.element === cursor) cursor = cursor.nextSibling;
      else spacer.insertBefore(row.element, cursor);
    }
    rows = next;
    if (active >= window.first && active <= window.last) viewport.setAttribute('aria-activedescendant', optionId(active));
    else viewport.removeAttribute('aria-activedescendant');
  };

  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(render);
  };

  const scrollIntoView = (index: number) => {
    const top = index * rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
  };

  const currentKey = (): string | null => {
    const item = active >= 0 ? items[active] : undefined;
    return item === undefined ? null : options.key(item);
  };

  const setActive = (index: number, scroll: boolean) => {
    active = items.length === 0 ? -1 : Math.min(Math.max(0, index), items.length - 1);
    if (scroll && active >= 0) scrollIntoView(active);
    render();
  };

  viewport.addEventListener('scroll', schedule, { passive: true });
  viewport.addEventListener('focus', () => {
    // The first row fully in view, so focusing does not jump the list.
    if (active === -1 && items.length > 0) setActive(Math.ceil(viewport.scrollTop / Math.max(1, rowHeight)), true);
  });
  viewport.addEventListener('keydown', (event) => {
    if (items.length === 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor(viewport.clientHeight / Math.max(1, rowHeight)) - 1);
    const moves: Record<string, () => number> = {
      ArrowDown: () => active + 1,
      ArrowUp: () => (active === -1 ? 0 : active - 1),
      PageDown: () => active + page,
      PageUp: () => active - page,
      Home: () => 0,
      End: () => items.length - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setActive(move(), true);
      return;
    }
    if (event.key === 'Enter' && active >= 0) {
      const item = items[active];
      if (item === undefined) return;
      event.preventDefault();
      options.onOpen(item, active);
    }
  });

  // Text size or pane width changes: new row height, new number of visible rows.
  const resize = new ResizeObserver(() => {
    measure();
    schedule();
  });
  resize.observe(viewport);

  return {
    element: viewport,
    setItems(next) {
      const activeKey = currentKey();
      items = next;
      active = activeKey === null ? -1 : items.findIndex((item) => options.key(item) === activeKey);
      render();
    },
    scrollTop: () => viewport.scrollTop,
    setScrollTop(top) {
      if (rowHeight === 0) measure();
      spacer.style.height = `${items.length * rowHeight}px`;
      viewport.scrollTop = top;
      render();
    },
    activeKey: currentKey,
    setActiveKey(key) {
      const index = key === null ? -1 : items.findIndex((item) => options.key(item) === key);
      if (index === -1) {
        active = -1;
        render();
      } else setActive(index, true);
    },
    focus: () => viewport.focus(),
    dispose() {
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      viewport.removeEventListener('scroll', schedule);
    },
  };
}
