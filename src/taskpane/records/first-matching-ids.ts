import type { LocalStore } from '../../store/index.js';
import { headOfMatches } from './head-of-matches.js';
import { SEARCH_SAMPLE_ROWS } from './search-head.js';

/**
 * The ids of the first `wanted` records of `objectType` in title order whose words
 * start with what `text` holds (all records for an empty text), through the list and
 * word indexes: what a reference box suggests, never the ids of the whole type, unless
 * the stretch of the list's head was unlucky and only the whole order holds them.
 */
export async function firstMatchingIds(
  store: Pick<LocalStore, 'listRecordIds' | 'sampleMatches' | 'matchRecordIds' | 'orderRecordIds' | 'countRecords'>,
  objectType: string,
  text: string,
  wanted: number,
): Promise<string[]> {
  if (text.trim() === '') return store.listRecordIds(objectType, 'title', { offset: 0, limit: wanted });
  // A common word's first matches are among the list's first records: no read of its whole word range.
  const sample = await store.sampleMatches(objectType, text, 'title', { offset: 0, limit: SEARCH_SAMPLE_ROWS });
  if (sample.matched.length >= wanted || sample.read.length < SEARCH_SAMPLE_ROWS) return sample.matched.slice(0, wanted);
  const matches = await store.matchRecordIds(objectType, text);
  const head = await headOfMatches(store, objectType, matches, 'titleAsc', await store.countRecords(objectType), wanted);
  if (head.length >= Math.min(wanted, matches.length)) return head.slice(0, wanted);
  const matched = new Set(matches);
  return (await store.listRecordIds(objectType, 'title')).filter((id) => matched.has(id)).slice(0, wanted);
}
