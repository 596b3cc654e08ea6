import { h, replaceChildren, uniqueId, type Child } from '../dom/h.js';
import { virtualWindow } from '../records/virtual-window.js';

export interface VirtualListOptions {
  /** The listbox's accessible name. */
  readonly label: string;
  /** Row height in rem, so rows grow with the rep's text size. */
  readonly rowHeightRem: number;
  /** Rows rendered above and below the visible ones. */
  readonly overscan?: number;
  /** The content of the row of `key`, or null while its item is still being read (the row shows "Loading…"). */
  readonly renderRow: (key: string, index: number) => Child[] | null;
  /**
   * Keys whose rows are waiting for their item, and the rows drawn (`range`): read
   * them, then call `refresh()`. A key of '' is a row whose key is not known yet.
   */
  readonly onMissing: (keys: readonly string[], range: RowRange) => void;
  /** Enter or a click on a row. */
  readonly onOpen: (key: string, index: number) => void;
}

/** Rows `first` to `last`, both included; `last < first` when there are none. */
export interface RowRange {
  readonly first: number;
  readonly last: number;
}

export interface VirtualList {
  readonly element: HTMLElement;
  /**
   * Replaces the keys, keeping the active key when it is still there, and the scroll
   * position, or moving to `scrollTop`; every row in view is drawn again.
   */
  setItems(keys: readonly string[], scrollTop?: number): void;
  /** Draws again the rows still waiting for their item (after `onMissing` was answered). */
  refresh(): void;
  /** The rows the list would draw for `count` items at `scrollTop`: read them first, and the list changes without a flash. */
  rangeAt(count: number, scrollTop: number): RowRange;
  scrollTop(): number;
  setScrollTop(top: number): void;
  /** The key the keyboard is on, or null. */
  activeKey(): string | null;
  /** Makes `key` active (and scrolls it into view) when it is in the list. */
  setActiveKey(key: string | null): void;
  focus(): void;
  dispose(): void;
}

interface Row {
  readonly element: HTMLElement;
  /** The key whose content the row shows, or null while it shows "Loading…". */
  shown: string | null;
  /** Where the row is in the list now. */
  index: number;
}

/**
 * A listbox of fixed-height rows of which only the visible ones (plus overscan)
 * are in the DOM, over keys only: the items themselves are read a window at a time
 * (renderRow / onMissing), so 100,000 records cost what the rows in view cost.
 * Focus stays on the listbox; the active row is announced through
 * aria-activedescendant, and each row says where it is in the whole list
 * (aria-setsize / aria-posinset). Keys: arrows, Page Up/Down, Home, End move; Enter opens.
 */
export function createVirtualList(options: VirtualListOptions): VirtualList {
  const idPrefix = uniqueId('records-option');
  const spacer = h('div', { className: 'list-spacer', role: 'presentation' });
  const viewport = h('div', { className: 'list-viewport', role: 'listbox', tabindex: 0, 'aria-label': options.label }, spacer);
  const overscan = options.overscan ?? 6;
  let items: readonly string[] = [];
  let active = -1;
  let rowHeight = 0;
  let frame: number | null = null;
  /** A row opened (Enter or click) before its key was read: it opens once the key is known, unless the rep moved on. */
  let openWhenKnown = -1;

  const measure = () => {
    const rootSize = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    rowHeight = Math.round(options.rowHeightRem * rootSize);
  };

  const optionId = (index: number) => `${idPrefix}-${index}`;

  /**
   * Rows in the DOM by their key (by index while the key is not read yet): a row stays
   * with its record while the record is in the window, wherever a new answer moves it,
   * so a click aimed at a record opens that record, even when a search answer or a sync
   * redraws the list between the press and the click. (Kept by index, a row would show
   * another record after the redraw, and the click open that one.)
   */
  let rows = new Map<string, Row>();
  const slotOf = (key: string, index: number) => (key === '' ? `#${index}` : `=${key}`);

  const createRow = (index: number): Row => {
    const row: Row = {
      element: h('div', {
        className: 'list-row',
        role: 'option',
        onclick: () => {
          openWhenKnown = -1;
          setActive(row.index, false);
          open(row.index);
        },
      }),
      shown: null,
      index,
    };
    return row;
  };

  const windowOf = (count: number) =>
    virtualWindow({ scrollTop: viewport.scrollTop, viewportHeight: viewport.clientHeight, rowHeight, rowCount: count, overscan });

  /** Draws the window; `redraw` fills every row again (the items changed), else only those not showing their key yet. */
  const render = (redraw = false) => {
    frame = null;
    if (rowHeight === 0) measure();
    spacer.style.height = `${items.length * rowHeight}px`;
    const window = windowOf(items.length);
    const next = new Map<string, Row>();
    const inOrder: Row[] = [];
    const missing: string[] = [];
    const take = (slot: string): Row | undefined => {
      const row = rows.get(slot);
      if (row) rows.delete(slot);
      return row;
    };
    for (let index = window.first; index <= window.last; index += 1) {
      const key = items[index];
      if (key === undefined) continue;
      const slot = slotOf(key, index);
      // A row that waited for its key at this place becomes the row of the key read for it.
      const row = take(slot) ?? (key === '' ? undefined : take(slotOf('', index))) ?? createRow(index);
      row.index = index;
      row.element.id = optionId(index);
      if (redraw || row.shown !== key) {
        const content = options.renderRow(key, index);
        if (content === null) {
          missing.push(key);
          row.shown = null;
          row.element.classList.add('loading');
          replaceChildren(row.element, h('div', { className: 'primary-line' }, h('span', { className: 'row-title muted' }, 'Loading…')));
        } else {
          row.shown = key;
          row.element.classList.remove('loading');
          replaceChildren(row.element, content);
        }
      }
      row.element.setAttribute('aria-selected', index === active ? 'true' : 'false');
      row.element.setAttribute('aria-setsize', String(items.length));
      row.element.setAttribute('aria-posinset', String(index + 1));
      row.element.style.top = `${index * rowHeight}px`;
      row.element.style.height = `${rowHeight}px`;
      next.set(slot, row);
      inOrder.push(row);
    }
    // What is left are rows out of the window now.
    for (const row of rows.values()) row.element.remove();
    // Rows in index order in the DOM too, so reading order matches the list.
    let cursor = spacer.firstChild;
    for (const row of inOrder) {
      if (row.element === cursor) cursor = cursor.nextSibling;
      else spacer.insertBefore(row.element, cursor);
    }
    rows = next;
    if (active >= window.first && active <= window.last) viewport.setAttribute('aria-activedescendant', optionId(active));
    else viewport.removeAttribute('aria-activedescendant');
    if (missing.length > 0) options.onMissing(missing, window);
    if (openWhenKnown >= 0 && openWhenKnown === active && items[active]) open(active);
  };

  const schedule = () => {
    if (frame === null) frame = requestAnimationFrame(() => render());
  };

  const scrollIntoView = (index: number) => {
    const top = index * rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + rowHeight > viewport.scrollTop + viewport.clientHeight) viewport.scrollTop = top + rowHeight - viewport.clientHeight;
  };

  /** The key of the active row; null as well on a row whose key is not known yet (''). */
  const currentKey = (): string | null => (active >= 0 ? items[active] || null : null);

  /** Opens the row at `index`, or, while its key is still being read, as soon as it is. */
  const open = (index: number) => {
    const key = items[index];
    if (key) {
      openWhenKnown = -1;
      options.onOpen(key, index);
    } else openWhenKnown = index;
  };

  const setActive = (index: number, scroll: boolean) => {
    if (index !== openWhenKnown) openWhenKnown = -1;
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
      event.preventDefault();
      open(active);
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
    setItems(next, scrollTop) {
      // New items (a search, an order, a change in the store): a row waiting to open is not the one the rep chose any more.
      openWhenKnown = -1;
      const activeKey = currentKey();
      items = next;
      active = activeKey === null ? -1 : items.indexOf(activeKey);
      if (scrollTop !== undefined) {
        // The new height first, so the position is not clamped to the old list's.
        if (rowHeight === 0) measure();
        spacer.style.height = `${items.length * rowHeight}px`;
        viewport.scrollTop = scrollTop;
      }
      render(true);
    },
    refresh: () => render(),
    rangeAt(count, scrollTop) {
      if (rowHeight === 0) measure();
      return virtualWindow({ scrollTop, viewportHeight: viewport.clientHeight, rowHeight, rowCount: count, overscan });
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
      const index = key === null ? -1 : items.indexOf(key);
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
