import * as fc from 'fast-check';
import { compareRowIds, fingerprintOf, inRowIdRange } from '../../src/protocol/index.js';
import { indexLocalKeys, localFingerprintIn, localKeysIn } from '../../src/sync/index.js';

const AT = '2026-11-21T09:00:00.000Z';
const rowId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,4}$/);

describe('the local key index', () => {
  test('sorts the keys by row id', () => {
    const index = indexLocalKeys(['b', 'a', 'C', '1-'].map((id) => ({ rowId: id, lastUpd: AT })));
    expect(index.keys.map((k) => k.rowId)).toEqual(['1-', 'C', 'a', 'b']);
  });

  test('answers the keys and the fingerprint of any range as hashing its keys would', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rowId, { maxLength: 80 }),
        fc.option(rowId, { nil: undefined }),
        fc.option(rowId, { nil: undefined }),
        (ids, a, b) => {
          const index = indexLocalKeys(ids.map((id) => ({ rowId: id, lastUpd: AT })));
          const [lower, upper] = a !== undefined && b !== undefined && compareRowIds(a, b) > 0 ? [b, a] : [a, b];
          const range = { ...(lower === undefined ? {} : { lower }), ...(upper === undefined ? {} : { upper }) };
          const expected = index.keys.filter((k) => inRowIdRange(k.rowId, range));
          expect(localKeysIn(index, range)).toEqual(expected);
          expect(localFingerprintIn(index, range)).toEqual(fingerprintOf(expected));
        },
      ),
    );
  });
});
