import { idPageSpan } from '../../src/taskpane/records/id-page-span.js';

describe('idPageSpan', () => {
  test.each([
    ['the head of A–Z', ['titleAsc', 1000, 0, 20], { from: 0, to: 100, order: 'title', page: { offset: 0, limit: 100 }, reversed: false }],
    [
      'rows inside one page deep in the list',
      ['titleAsc', 35_000, 17_510, 17_540],
      { from: 17_500, to: 17_600, order: 'title', page: { offset: 17_500, limit: 100 }, reversed: false },
    ],
    [
      'rows across a page boundary: both pages in one read',
      ['recent', 35_000, 190, 215],
      { from: 100, to: 300, order: 'recent', page: { offset: 100, limit: 200 }, reversed: false },
    ],
    [
      'the last page is cut at the end of the list',
      ['titleAsc', 250, 230, 249],
      { from: 200, to: 250, order: 'title', page: { offset: 200, limit: 50 }, reversed: false },
    ],
    [
      'Z–A: the mirrored page of the A–Z index, turned around',
      ['titleDesc', 250, 0, 20],
      { from: 0, to: 100, order: 'title', page: { offset: 150, limit: 100 }, reversed: true },
    ],
    [
      'Z–A at its end: the head of the A–Z index',
      ['titleDesc', 250, 240, 249],
      { from: 200, to: 250, order: 'title', page: { offset: 0, limit: 50 }, reversed: true },
    ],
    [
      'rows past the end (the list shrank) are clamped to it',
      ['titleAsc', 120, 110, 400],
      { from: 100, to: 120, order: 'title', page: { offset: 100, limit: 20 }, reversed: false },
    ],
    ['an empty list reads nothing', ['titleAsc', 0, 0, 20], null],
    ['no rows drawn reads nothing', ['recent', 500, 0, -1], null],
  ] as const)('%s', (_name, [sort, total, first, last], expected) => {
    expect(idPageSpan(sort, total, first, last, 100)).toEqual(expected);
  });

  test('every row of the list is in exactly one page, in either direction', () => {
    for (const sort of ['titleAsc', 'titleDesc'] as const) {
      const total = 537;
      const seen = new Array<number>(total).fill(0);
      for (let first = 0; first < total; first += 100) {
        const span = idPageSpan(sort, total, first, first, 100);
        if (span === null) throw new Error('no span');
        // Where each row's id comes from in the A–Z index.
        for (let row = span.from; row < span.to; row += 1) {
          const inPage = span.reversed ? span.to - 1 - row : row - span.from;
          seen[span.page.offset + inPage] = (seen[span.page.offset + inPage] ?? 0) + 1;
        }
      }
      expect(seen.every((n) => n === 1)).toBe(true);
    }
  });
});
