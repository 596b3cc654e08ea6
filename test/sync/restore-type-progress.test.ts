import { typeProgress } from '../../src/sync/restore-replacement.js';

// The extract is written in type order: the first `done` records fill the types one after the other.
const PER_TYPE = [
  { objectType: 'Account', count: 3 },
  { objectType: 'Contact', count: 5 },
  { objectType: 'Activity', count: 2 },
];
const TOTAL = 10;

describe('typeProgress: each type’s share of the records written', () => {
  test.each<[string, number, Array<[string, number, number]>]>([
    [
      'nothing written',
      0,
      [
        ['Account', 0, 3],
        ['Contact', 0, 5],
        ['Activity', 0, 2],
      ],
    ],
    [
      'in the middle of the second type (a resumed restore)',
      5,
      [
        ['Account', 3, 3],
        ['Contact', 2, 5],
        ['Activity', 0, 2],
      ],
    ],
    [
      'at the end of the second type',
      8,
      [
        ['Account', 3, 3],
        ['Contact', 5, 5],
        ['Activity', 0, 2],
      ],
    ],
    [
      'everything written',
      TOTAL,
      [
        ['Account', 3, 3],
        ['Contact', 5, 5],
        ['Activity', 2, 2],
      ],
    ],
    [
      'more than the total clamps to each type’s count',
      TOTAL + 7,
      [
        ['Account', 3, 3],
        ['Contact', 5, 5],
        ['Activity', 2, 2],
      ],
    ],
    [
      'a negative count written clamps to 0',
      -4,
      [
        ['Account', 0, 3],
        ['Contact', 0, 5],
        ['Activity', 0, 2],
      ],
    ],
  ])('%s', (_name, done, expected) => {
    const progress = typeProgress(PER_TYPE, done);
    expect(progress.map((p) => [p.objectType, p.done, p.total])).toEqual(expected);
    expect(progress.reduce((sum, p) => sum + p.total, 0)).toBe(TOTAL);
    expect(progress.reduce((sum, p) => sum + p.done, 0)).toBe(Math.min(Math.max(done, 0), TOTAL));
  });

  it('a type with no records is always 0 of 0, wherever the restore stands', () => {
    const perType = [
      { objectType: 'Account', count: 2 },
      { objectType: 'Lead', count: 0 },
      { objectType: 'Contact', count: 1 },
    ];
    for (const done of [0, 1, 2, 3, 9]) expect(typeProgress(perType, done)[1]).toEqual({ objectType: 'Lead', done: 0, total: 0 });
  });

  it('no per-type counts: no rows', () => {
    expect(typeProgress([], 5)).toEqual([]);
  });
});
