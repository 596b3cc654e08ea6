import { syncLogOverflow, SYNC_LOG_MAX_ENTRIES } from '../../src/store/index.js';

describe('syncLogOverflow: what an append drops so the sync log keeps its cap, oldest first', () => {
  it.each<[string, number, number, number, { dropStored: number; dropAdding: number }]>([
    ['an empty log takes an entry', 0, 1, 10, { dropStored: 0, dropAdding: 0 }],
    ['room for exactly the new entries', 7, 3, 10, { dropStored: 0, dropAdding: 0 }],
    ['a full log drops its oldest entry for a new one', 10, 1, 10, { dropStored: 1, dropAdding: 0 }],
    ['one over: as many oldest go as come in beyond the cap', 8, 5, 10, { dropStored: 3, dropAdding: 0 }],
    ['an append as large as the cap replaces the whole log', 10, 10, 10, { dropStored: 10, dropAdding: 0 }],
    ['an append larger than the cap keeps only its newest entries', 4, 15, 10, { dropStored: 4, dropAdding: 5 }],
    ['a log over a lowered cap is brought back down to it', 12, 0, 10, { dropStored: 2, dropAdding: 0 }],
    ['a cap of 0 keeps nothing', 3, 2, 0, { dropStored: 3, dropAdding: 2 }],
  ])('%s (stored %i, adding %i, cap %i)', (_case, stored, adding, max, expected) => {
    expect(syncLogOverflow(stored, adding, max)).toEqual(expected);
  });

  it('uses SYNC_LOG_MAX_ENTRIES by default', () => {
    expect(syncLogOverflow(SYNC_LOG_MAX_ENTRIES, 1)).toEqual({ dropStored: 1, dropAdding: 0 });
    expect(syncLogOverflow(SYNC_LOG_MAX_ENTRIES - 1, 1)).toEqual({ dropStored: 0, dropAdding: 0 });
  });

  it.each([
    [-1, 1, 10],
    [1, -1, 10],
    [1, 1, -1],
    [1.5, 1, 10],
  ])('refuses impossible counts (stored %p, adding %p, cap %p)', (stored, adding, max) => {
    expect(() => syncLogOverflow(stored, adding, max)).toThrow(RangeError);
  });
});
