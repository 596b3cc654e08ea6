import { virtualWindow } from '../../src/taskpane/records/virtual-window.js';

const base = { scrollTop: 0, viewportHeight: 400, rowHeight: 50, rowCount: 10_000, overscan: 5 };

describe('virtualWindow', () => {
  test.each([
    ['top of a long list: visible rows plus overscan below', {}, { first: 0, last: 12, offsetTop: 0 }],
    ['scrolled to a row boundary', { scrollTop: 5000 }, { first: 95, last: 112, offsetTop: 4750 }],
    ['scrolled inside a row: the partly visible rows count', { scrollTop: 5025 }, { first: 95, last: 113, offsetTop: 4750 }],
    ['bottom of the list', { scrollTop: 10_000 * 50 - 400 }, { first: 9987, last: 9999, offsetTop: 9987 * 50 }],
    ['scroll position past the end (list shrank) is clamped', { rowCount: 20, scrollTop: 99_999 }, { first: 7, last: 19, offsetTop: 350 }],
    ['negative scroll (overscroll bounce) is clamped', { scrollTop: -80 }, { first: 0, last: 12, offsetTop: 0 }],
    ['fewer rows than fit', { rowCount: 3 }, { first: 0, last: 2, offsetTop: 0 }],
    ['no overscan', { scrollTop: 100, overscan: 0 }, { first: 2, last: 9, offsetTop: 100 }],
    ['empty list', { rowCount: 0 }, { first: 0, last: -1, offsetTop: 0 }],
    ['zero row height renders nothing rather than dividing by zero', { rowHeight: 0 }, { first: 0, last: -1, offsetTop: 0 }],
    ['viewport not laid out yet still shows the first row', { viewportHeight: 0, overscan: 0 }, { first: 0, last: 0, offsetTop: 0 }],
  ])('%s', (_name, patch, expected) => {
    expect(virtualWindow({ ...base, ...patch })).toEqual(expected);
  });

  test('the DOM holds a bounded number of rows whatever the list length', () => {
    for (const rowCount of [100, 10_000, 1_000_000]) {
      const w = virtualWindow({ ...base, rowCount, scrollTop: (rowCount * 50) / 2 });
      expect(w.last - w.first + 1).toBeLessThanOrEqual(400 / 50 + 1 + 2 * base.overscan);
    }
  });
});
