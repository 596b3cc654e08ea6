import type { ListOrder, ListPage } from '../../store/index.js';
import type { RecordSort } from './query-records.js';

/** Where the ids of a span of rows come from: which index order, which page of it, and whether to turn it around. */
export interface IdPageSpan {
  /** The rows the page fills: `from` included, `to` excluded. */
  readonly from: number;
  readonly to: number;
  readonly order: ListOrder;
  readonly page: ListPage;
  /** Z–A reads the A–Z index at the mirrored offset: the page's ids come back in reverse. */
  readonly reversed: boolean;
}

/**
 * The page of ids to read so that rows `first` to `last` of a list of `total` rows
 * in `sort` order have their keys: whole pages of `pageRows`, so rows scrolled past
 * a little are already there, and one read however far the list was scrolled.
 * Null when there is no row to read.
 */
export function idPageSpan(sort: RecordSort, total: number, first: number, last: number, pageRows: number): IdPageSpan | null {
  const rows = Math.max(0, Math.floor(total));
  const size = Math.max(1, Math.floor(pageRows));
  const top = Math.max(0, Math.floor(first));
  const bottom = Math.min(rows - 1, Math.floor(last));
  if (bottom < top) return null;
  const from = Math.floor(top / size) * size;
  const to = Math.min(rows, (Math.floor(bottom / size) + 1) * size);
  if (sort === 'titleDesc') return { from, to, order: 'title', page: { offset: rows - to, limit: to - from }, reversed: true };
  return { from, to, order: sort === 'recent' ? 'recent' : 'title', page: { offset: from, limit: to - from }, reversed: false };
}
