import type { LocalStore } from '../../src/store/index.js';
import type { RecordSort } from '../../src/taskpane/records/query-records.js';
import { searchHead } from '../../src/taskpane/records/search-head.js';
import { record, storeForEachTest } from '../store/store-fixtures.js';

/**
 * 1,000 accounts, one of five names each in turn ("Alpha 0", "Beta 1", … "Alpine 4",
 * "Alpha 5"…), changed in id order: "al" matches 400, all at the head of the title
 * order (the case a head-only estimate gets wrong) and evenly spread by id.
 */
const NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Alpine'];
const ACCOUNTS = 1_000;
const id = (i: number) => `a${String(i).padStart(4, '0')}`;

async function seed(store: LocalStore): Promise<void> {
  await store.putRecords(
    Array.from({ length: ACCOUNTS }, (_, i) =>
      record('Account', id(i), { lastUpd: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() }, { Name: `${NAMES[i % 5]} ${i}` }),
    ),
  );
}

/** The true head: every match in the list's order, read the slow way. */
async function trueHead(store: LocalStore, search: string, sort: RecordSort, count: number): Promise<string[]> {
  const ordered = await store.orderRecordIds(
    'Account',
    await store.matchRecordIds('Account', search),
    sort === 'recent' ? 'recent' : 'title',
  );
  return (sort === 'titleDesc' ? ordered.reverse() : ordered).slice(0, count);
}

describe('searchHead: a search first answered from short stretches of records', () => {
  const current = storeForEachTest();

  test.each<[string, RecordSort]>([
    // Alpha and Alpine fill the head of A–Z: a share taken there would say every record matches.
    ['al', 'titleAsc'],
    // Newest first, every fifth record is an Alpha or an Alpine.
    ['al', 'recent'],
    // Z–A starts with Gamma.
    ['gam', 'titleDesc'],
    // 45 match (5, 50–59, 500–599): fewer than the head found would be wrong.
    ['alp 5', 'titleAsc'],
  ])('"%s" in %s order: the true head, and a count within a quarter of the truth', async (search, sort) => {
    const store = current();
    await seed(store);
    const answer = await searchHead(store, 'Account', search, sort, ACCOUNTS, 25);
    expect(answer).not.toBeNull();
    expect(answer?.exact).toBe(false);
    expect(answer?.head.length).toBeGreaterThanOrEqual(25);
    expect(answer?.head).toEqual(await trueHead(store, search, sort, answer?.head.length ?? 0));
    const matching = (await store.matchRecordIds('Account', search)).length;
    expect(Math.abs((answer?.total ?? 0) - matching)).toBeLessThanOrEqual(matching / 4);
    expect(answer?.total).toBeGreaterThanOrEqual(answer?.head.length ?? 0);
  });

  it('answers null when the head of the list holds too few matches: the word index reads them faster', async () => {
    const store = current();
    await seed(store);
    // A–Z starts with 200 Alpha and 200 Alpine: no Gamma among them.
    expect(await searchHead(store, 'Account', 'gamma', 'titleAsc', ACCOUNTS, 25)).toBeNull();
    expect(await searchHead(store, 'Account', 'nothing', 'recent', ACCOUNTS, 25)).toBeNull();
  });

  it('is exact when the stretch held the whole list, whatever count the list had before (a sync wrote since)', async () => {
    const store = current();
    await store.putRecords(Array.from({ length: 30 }, (_, i) => record('Account', id(i), {}, { Name: `${NAMES[i % 5]} ${i}` })));
    for (const listTotal of [0, 10, 30, 1_000]) {
      const answer = await searchHead(store, 'Account', 'al', 'titleAsc', listTotal, 25);
      expect(answer).toEqual({ head: await trueHead(store, 'al', 'titleAsc', 12), total: 12, exact: true });
    }
    expect(await searchHead(store, 'Account', 'al', 'titleDesc', 0, 25)).toEqual({
      head: await trueHead(store, 'al', 'titleDesc', 12),
      total: 12,
      exact: true,
    });
    expect(await searchHead(store, 'Account', 'nothing', 'titleDesc', 30, 25)).toEqual({ head: [], total: 0, exact: true });
  });

  it('is exact on an empty list', async () => {
    expect(await searchHead(current(), 'Account', 'al', 'recent', 0, 25)).toEqual({ head: [], total: 0, exact: true });
  });
});
