/** Which rows of a fixed-row-height list to put in the DOM. */
export interface VirtualWindowInput {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly rowHeight: number;
  readonly rowCount: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
  readonly overscan: number;
}

export interface VirtualWindow {
  /** Index of the first row to render. */
  readonly first: number;
  /** Index of the last row to render (inclusive); `first - 1` when there is nothing to render. */
  readonly last: number;
  /** Where the first rendered row starts, in pixels from the top of the list. */
  readonly offsetTop: number;
}

/**
 * The rows that a viewport scrolled to `scrollTop` shows, plus `overscan` on each
 * side, clamped to the list. A scroll position past the end (the list shrank under
 * a kept scroll position) is treated as scrolled to the bottom.
 */
export function virtualWindow(input: VirtualWindowInput): VirtualWindow {
  const rowCount = Math.max(0, Math.floor(input.rowCount));
  if (rowCount === 0 || !(input.rowHeight > 0)) return { first: 0, last: -1, offsetTop: 0 };
  const rowHeight = input.rowHeight;
  const viewportHeight = Math.max(0, input.viewportHeight);
  const overscan = Math.max(0, Math.floor(input.overscan));
  const maxScroll = Math.max(0, rowCount * rowHeight - viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), maxScroll);
  const firstVisible = Math.min(rowCount - 1, Math.floor(scrollTop / rowHeight));
  // A row only partly in view still counts; a viewport of 0 px still shows its first row.
  const lastVisible = Math.min(rowCount - 1, Math.max(firstVisible, Math.ceil((scrollTop + viewportHeight) / rowHeight) - 1));
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount - 1, lastVisible + overscan);
  return { first, last, offsetTop: first * rowHeight };
}
