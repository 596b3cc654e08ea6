import { normalizeEmail, sameEmail } from '../../src/taskpane/mail/same-email';

describe('normalizeEmail', () => {
  test.each([
    ['jordan.avery@x.example', 'jordan.avery@x.example'],
    ['  Jordan.Avery@X.Example ', 'jordan.avery@x.example'],
    ['<anna@acme.example>', 'anna@acme.example'],
    ['mailto:Anna@Acme.example', 'anna@acme.example'],
    ['MAILTO: anna@acme.example', 'anna@acme.example'],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});

describe('sameEmail', () => {
  test.each<[string | null | undefined, string | null | undefined, boolean]>([
    ['anna@acme.example', 'anna@acme.example', true],
    ['Anna@ACME.example', ' anna@acme.example\t', true],
    ['<anna@acme.example>', 'anna@acme.example', true],
    ['anna@acme.example', 'anna@acme.example.org', false],
    ['anna@acme.example', 'anne@acme.example', false],
    ['', '', false],
    ['  ', ' ', false],
    [null, null, false],
    [undefined, 'anna@acme.example', false],
    ['anna@acme.example', null, false],
  ])('%j vs %j → %s', (a, b, expected) => {
    expect(sameEmail(a, b)).toBe(expected);
  });
});
