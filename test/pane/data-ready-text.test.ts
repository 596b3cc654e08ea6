import { dataReadyText } from '../../src/taskpane/records/data-ready-text.js';

describe('dataReadyText: the records on the device after the first sync', () => {
  test.each<[number, number, string]>([
    [0, 0, '0 records are now available offline.'],
    [1, 0, '1 record is now available offline.'],
    [678, 0, '678 records are now available offline.'],
    [
      1200,
      1,
      '1,200 records are now available offline. 1 of them is read-only: outside your filters, kept because your records refer to it.',
    ],
    [
      690,
      12,
      '690 records are now available offline. 12 of them are read-only: outside your filters, kept because your records refer to them.',
    ],
  ])('%d records, %d read-only', (total, readOnly, words) => {
    expect(dataReadyText(total, readOnly)).toBe(words);
  });

  test.each<[number, number]>([
    [5, 6],
    [-1, 0],
    [1.5, 0],
  ])('refuses %d records with %d read-only', (total, readOnly) => {
    expect(() => dataReadyText(total, readOnly)).toThrow(`dataReadyText: expected 0 ≤ read-only ≤ total, got ${readOnly} of ${total}`);
  });
});
