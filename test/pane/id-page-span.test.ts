import { idPageSpan, type IdPageSpan } from '../../src/taskpane/records/id-page-span.js';

describe('idPageSpan', () => {
  test.each([
    ['the head of A–Z', ['titleAsc', 1000, 0, 20], { from: 0, to: 100, order: 'title', page: { offset: 0, limit: 100 }, reversed: false }],
    [
      'rows inside one page in the first half',
      ['titleAsc', 35_000, 17_410, 17_440],
      { from: 17_400, to: 17_500, order: 'title', page: { offset: 17_400, limit: 100 }, reversed: false },
    ],
    [
      'rows in the second half: read from the end, last first',
      ['titleAsc', 35_000, 17_510, 17_540],
      { from: 17_500, to: 17_600, order: 'title', page: { offset: 17_400, limit: 100, fromEnd: true }, reversed: true },
    ],
    [
      'rows across a page boundary: both pages in one read',
      ['recent', 35_000, 190, 215],
      { from: 100, to: 300, order: 'recent', page: { offset: 100, limit: 200 }, reversed: false },
    ],
    [
      'the last page is cut at the end of the list, and read from there',
      ['titleAsc', 250, 230, 249],
      { from: 200, to: 250, order: 'title', page: { offset: 0, limit: 50, fromEnd: true }, reversed: true },
    ],
    [
      'Z–A: the end of the A–Z index, read from its end',
      ['titleDesc', 250, 0, 20],
      { from: 0, to: 100, order: 'title', page: { offset: 0, limit: 100, fromEnd: true }, reversed: false },
    ],
    [
      'Z–A at its end: the head of the A–Z index, turned around',
      ['titleDesc', 250, 240, 249],
      { from: 200, to: 250, order: 'title', page: { offset: 0, limit: 50 }, reversed: true },
    ],
    [
      'rows past the end (the list shrank) are clamped to it',
      ['titleAsc', 120, 110, 400],
      { from: 100, to: 120, order: 'title', page: { offset: 0, limit: 20, fromEnd: true }, reversed: true },
    ],
    ['an empty list reads nothing', ['titleAsc', 0, 0, 20], null],
    ['no rows drawn reads nothing', ['recent', 500, 0, -1], null],
  ] as const)('%s', (_name, [sort, total, first, last], expected) => {
    expect(idPageSpan(sort, total, first, last, 100)).toEqual(expected);
  });

  /** The list's rows as a page answers them, against an index of `total` entries whose n-th entry is n. */
  const rowsOf = (span: IdPageSpan, total: number): number[] => {
    const { offset, limit, fromEnd } = span.page;
    const read = Array.from({ length: limit }, (_, j) => (fromEnd === true ? total - 1 - (offset + j) : offset + j));
    return span.reversed ? read.reverse() : read;
  };

  test('every page gives its rows their own entry, in either order and from either end', () => {
    const total = 537;
    for (const sort of ['titleAsc', 'titleDesc', 'recent'] as const) {
      for (let first = 0; first < total; first += 37) {
        const span = idPageSpan(sort, total, first, first + 30, 100);
        if (span === null) throw new Error('no span');
        // A–Z and recently changed: row n is entry n of their index; Z–A: entry total - 1 - n of A–Z.
        const wanted = Array.from({ length: span.to - span.from }, (_, i) =>
          sort === 'titleDesc' ? total - 1 - (span.from + i) : span.from + i,
        );
        expect(rowsOf(span, total)).toEqual(wanted);
      }
    }
  });
});
