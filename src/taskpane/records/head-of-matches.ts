import type { LocalStore } from '../../store/index.js';
import { idPageSpan } from './id-page-span.js';
import type { RecordSort } from './query-records.js';

/** Matches of a search few enough to be ordered by reading them; more are found in the head of the list. */
const FEW_MATCHES = 500;
/** Ids read past what the matches' share predicts, so an unlucky stretch still holds enough. */
const STRETCH_SLACK = 100;

/**
 * The first of a search's `matches` (records of `objectType`, `total` in its lists)
 * in the list's `sort` order, usually at least `needed` of them when there are: few
 * matches are ordered by reading them; many are found in a stretch of the list's
 * head as long as their share says holds enough, twice over. Whatever it answers is
 * the true head, in order; fewer than wanted only when that stretch was unlucky.
 */
export async function headOfMatches(
  store: Pick<LocalStore, 'orderRecordIds' | 'listRecordIds'>,
  objectType: string,
  matches: readonly string[],
  sort: RecordSort,
  total: number,
  needed: number,
): Promise<string[]> {
  if (matches.length === 0) return [];
  const order = sort === 'recent' ? 'recent' : 'title';
  if (matches.length <= FEW_MATCHES) {
    const ids = await store.orderRecordIds(objectType, matches, order);
    return sort === 'titleDesc' ? ids.reverse() : ids;
  }
  const stretch = Math.min(total, Math.ceil((2 * Math.max(needed, 1) * total) / matches.length) + STRETCH_SLACK);
  const span = idPageSpan(sort, total, 0, stretch - 1, stretch);
  if (span === null) return [];
  const ids = await store.listRecordIds(objectType, span.order, span.page);
  if (span.reversed) ids.reverse();
  const matched = new Set(matches);
  // Every match among the first ids of the list: the first matches, in order.
  return ids.filter((id) => matched.has(id));
}
