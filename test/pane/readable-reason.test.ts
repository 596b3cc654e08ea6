import { readableReason } from '../../src/taskpane/issues/readable-reason.js';

describe('readableReason: archive reasons in the words of the Issues list', () => {
  test.each([
    ['An unresolved bothUpdated issue when the login changed.', 'An unresolved “Both updated” issue when the login changed.'],
    [
      'An unresolved deletedVsUpdated issue when the data structure was reinstalled.',
      'An unresolved “Deleted here, updated on the server” issue when the data structure was reinstalled.',
    ],
    ['Not sent: an open updatedVsDeleted conflict.', 'Not sent: an open “Updated here, deleted on the server” conflict.'],
    ['An unresolved failed issue when the login changed.', 'An unresolved “Failed operation” issue when the login changed.'],
    ['An unresolved duplicate issue when the login changed.', 'An unresolved “Duplicate” issue when the login changed.'],
    // Ordinary words are left alone.
    ['Not uploaded before the login changed.', 'Not uploaded before the login changed.'],
    ['The upload failed twice; a duplicate name.', 'The upload failed twice; a duplicate name.'],
  ])('%s', (reason, readable) => {
    expect(readableReason(reason)).toBe(readable);
  });
});
