import type { FieldValue } from '../../src/protocol';
import { isOpenOpportunity } from '../../src/taskpane/mail/is-open-opportunity';

describe('isOpenOpportunity', () => {
  test.each<[Record<string, FieldValue>, boolean]>([
    [{ Stage: 'Prospecting' }, true],
    [{ Stage: 'Qualification' }, true],
    [{ Stage: 'Proposal' }, true],
    [{ Stage: 'Negotiation' }, true],
    [{ Stage: 'Closed Won' }, false],
    [{ Stage: 'Closed Lost' }, false],
    [{ Stage: ' Closed Won ' }, false],
    [{ Stage: null }, true],
    [{}, true],
  ])('%j → %s', (fields, expected) => {
    expect(isOpenOpportunity(fields)).toBe(expected);
  });
});
