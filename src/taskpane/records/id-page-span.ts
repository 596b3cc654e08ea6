import type { ListOrder, ListPage } from '../../store/index.js';
import type { RecordSort } from './query-records.js';

/** Where the ids of a span of rows come from: which index order, which page of it, and whether to turn it around. */
export interface IdPageSpan {
  /** The rows the page fills: `from` included, `to` excluded. */
  readonly from: number;
  readonly to: number;
  readonly order: ListOrder;
  readonly page: ListPage;
  /** The page's ids come back last row first: Z–A reads the A–Z index, and a page nearer the end is read from it. */
  readonly reversed: boolean;
}

/**
 * The page of ids to read so that rows `first` to `last` of a list of `total` rows
 * in `sort` order have their keys: whole pages of `pageRows`, so rows scrolled past
 * a little are already there, and one read however far the list was scrolled, from
 * whichever end of the index is nearer (the database steps to an offset entry by
 * entry). Null when there is no row to read.
 */
export function idPageSpan(sort: RecordSort, total: number, first: number, last: number, pageRows: number): IdPageSpan | null {
  const rows = Math.max(0, Math.floor(total));
  const size = Math.max(1, Math.floor(pageRows));
  const top = Math.max(0, Math.floor(first));
  const bottom = Math.min(rows - 1, Math.floor(last));
  if (bottom < top) return null;
  const from = Math.floor(top / size) * size;
  const to = Math.min(rows, (Math.floor(bottom / size) + 1) * size);
  // Z–A is the A–Z index mirrored: rows [from, to) are its rows [rows - to, rows - from), last first.
  const mirrored = sort === 'titleDesc';
  const order: ListOrder = sort === 'recent' ? 'recent' : 'title';
  const start = mirrored ? rows - to : from;
  const end = mirrored ? rows - from : to;
  const fromEnd = rows - end < start;
  const page: ListPage = fromEnd ? { offset: rows - end, limit: to - from, fromEnd } : { offset: start, limit: to - from };
  return { from, to, order, page, reversed: mirrored !== fromEnd };
}
