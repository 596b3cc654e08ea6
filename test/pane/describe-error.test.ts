import { ERROR_CODES, ProtocolError } from '../../src/protocol/index.js';
import { describeError } from '../../src/taskpane/services/describe-error.js';

describe('describeError: every error code in a rep’s words', () => {
  it.each(ERROR_CODES.map((code) => [code]))('%s has a title and a next step at sign-in, in a sync and in an edit', (code) => {
    for (const during of ['signIn', 'sync', 'edit'] as const) {
      const words = describeError(new ProtocolError(code, 'raw gateway text'), during);
      expect(words.title.length).toBeGreaterThan(5);
      expect(words.next.length).toBeGreaterThan(5);
      expect(words.title).not.toContain(code);
    }
  });

  const cases: { name: string; error: ProtocolError; during: 'signIn' | 'sync' | 'edit'; title: RegExp; next: RegExp }[] = [
    {
      name: 'a wrong password at sign-in',
      error: new ProtocolError('UNAUTHENTICATED', 'bad'),
      during: 'signIn',
      title: /user name or password is wrong/,
      next: /try again/,
    },
    {
      name: 'an ended session during a sync',
      error: new ProtocolError('UNAUTHENTICATED', 'expired'),
      during: 'sync',
      title: /session has ended/,
      next: /Sign in again/,
    },
    {
      name: 'an unreachable gateway at sign-in',
      error: new ProtocolError('CONNECTIVITY', 'x'),
      during: 'signIn',
      title: /cannot be reached/,
      next: /gateway address/,
    },
    {
      name: 'offline during a sync',
      error: new ProtocolError('CONNECTIVITY', 'x'),
      during: 'sync',
      title: /offline/,
      next: /kept on this device/,
    },
    {
      name: 'no package for the responsibility',
      error: new ProtocolError('PACKAGE_UNAVAILABLE', 'x'),
      during: 'sync',
      title: /No configuration/,
      next: /administrator/,
    },
    {
      name: 'an incompatible product names the preferred version',
      error: new ProtocolError('INCOMPATIBLE_PRODUCT', 'x', { preferredProduct: '1.02.00.00' }),
      during: 'sync',
      title: /cannot use/,
      next: /1\.02\.00\.00/,
    },
    {
      name: 'a throttled sign-in says how long to wait',
      error: new ProtocolError('RATE_LIMITED', 'x', { retryAfterSeconds: 4 }),
      during: 'signIn',
      title: /Too many/,
      next: /^Wait 4 seconds, then try again\.$/,
    },
    {
      name: 'a throttled sign-in for one second says "second"',
      error: new ProtocolError('RATE_LIMITED', 'x', { retryAfterSeconds: 1 }),
      during: 'signIn',
      title: /Too many/,
      next: /^Wait 1 second, then try again\.$/,
    },
    {
      name: 'a throttled sign-in without a delay says "a moment"',
      error: new ProtocolError('RATE_LIMITED', 'x'),
      during: 'signIn',
      title: /Too many/,
      next: /^Wait a moment, then try again\.$/,
    },
    { name: 'a replaced device', error: new ProtocolError('SITE_REVOKED', 'x'), during: 'sync', title: /replaced/, next: /Export/ },
  ];
  it.each(cases)('$name', ({ error, during, title, next }) => {
    const words = describeError(error, during);
    expect(words.title).toMatch(title);
    expect(words.next).toMatch(next);
  });
});
