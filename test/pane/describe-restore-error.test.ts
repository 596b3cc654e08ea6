import { ERROR_CODES, ProtocolError } from '../../src/protocol/index.js';
import { describeRestoreError } from '../../src/taskpane/services/describe-restore-error.js';
import { normalizeClaimCode } from '../../src/taskpane/views/claim-replacement-view.js';

describe('describeRestoreError: the claim and the restore in a rep’s words', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has a title and a next step when claiming and restoring', (code) => {
    for (const during of ['claim', 'restore'] as const) {
      const words = describeRestoreError(new ProtocolError(code, 'raw gateway text'), during);
      expect(words.title.length).toBeGreaterThan(5);
      expect(words.next.length).toBeGreaterThan(5);
      expect(words.title).not.toContain(code);
    }
  });

  it.each(['UNAUTHENTICATED', 'NOT_FOUND', 'FORBIDDEN', 'INVALID_REQUEST'] as const)(
    'a refused code (%s) says the code does not work, never "password"',
    (code) => {
      const words = describeRestoreError(new ProtocolError(code, 'x'), 'claim');
      expect(words.title).toMatch(/claim code does not work/);
      expect(words.next).toMatch(/administrator/);
      expect(`${words.title} ${words.next}`).not.toMatch(/password/i);
    },
  );

  it('an unreachable gateway when claiming points at the address', () => {
    expect(describeRestoreError(new ProtocolError('CONNECTIVITY', 'x'), 'claim').next).toMatch(/gateway address/);
  });

  it('a stopped or offline restore says it continues', () => {
    expect(describeRestoreError(new ProtocolError('CANCELLED', 'x'), 'restore')).toEqual({
      title: 'The restore was stopped.',
      next: expect.stringMatching(/continue/),
    });
    expect(describeRestoreError(new ProtocolError('CONNECTIVITY', 'x'), 'restore').next).toMatch(/continue/);
  });
});

test('a claim code read out with spaces is the same code', () => {
  expect(normalizeClaimCode('  ABCD 1234\tEF ')).toBe('ABCD1234EF');
  expect(normalizeClaimCode('abc-123')).toBe('abc-123');
});
