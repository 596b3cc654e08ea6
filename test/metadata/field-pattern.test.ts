import { fieldPatternProblem, matchesFieldPattern, MAX_FIELD_PATTERN_LENGTH } from '../../src/metadata/index.js';

describe('fieldPatternProblem: patterns a package may use', () => {
  test.each([
    ['digits', '[0-9]{5}'],
    ['alternatives', 'DE|AT|CH'],
    ['a group repeated once at most', '(ab+)?c'],
    ['a quantified group without a quantifier inside', '(ab)+'],
    ['a group repeated exactly once', '(a+){1}'],
    ['a non-capturing group', '(?:[A-Z]{2})-[0-9]+'],
    ['a named group', '(?<area>[0-9]{3})-[0-9]{4}'],
    ['a lookahead', '(?=.*[0-9])[A-Za-z0-9]{8,}'],
    ['escaped brackets and quantifier characters', '\\(\\d+\\)\\+\\*'],
    ['brackets and quantifiers inside a class', '[(+*)]+'],
    ['a Unicode property', '\\p{Lu}[\\p{Ll} ]*'],
    ['a code point escape, then a group', 'x\\u{1F600}(ab)+'],
  ])('%s: %s', (_, pattern) => {
    expect(fieldPatternProblem(pattern)).toBeNull();
  });
});

describe('fieldPatternProblem: refused patterns', () => {
  test.each([
    ['empty', '', 'empty'],
    ['too long', 'a'.repeat(MAX_FIELD_PATTERN_LENGTH + 1), 'longer than 200'],
    ['does not compile', '[a-', 'not a valid regular expression'],
    ['unbalanced group', '(ab', 'not a valid regular expression'],
    ['(a+)+', '(a+)+', 'exponential'],
    ['(a*)*', '(a*)*', 'exponential'],
    ['(\\d?){2,}', '(\\d?){2,}', 'exponential'],
    ['(x+){3}: a fixed repeat of a quantified group', '(x+){3}', 'exponential'],
    ['a quantifier in a nested group', '((a+)b)*', 'exponential'],
    ['a non-capturing group', '(?:[a-z]+\\.)+com', 'exponential'],
    ['the classic e-mail trap', '([a-zA-Z0-9]+)*@', 'exponential'],
    ['a back-reference', '(a)\\1', 'back-references'],
    ['nested quantifiers after a code point escape', '\\u{1F600}(a+)+', 'exponential'],
    ['a named back-reference', '(?<x>a)\\k<x>', 'back-references'],
  ])('%s', (_, pattern, reason) => {
    expect(fieldPatternProblem(pattern)).toContain(reason);
  });
});

describe('matchesFieldPattern', () => {
  test.each<[string, string, boolean]>([
    ['[0-9]{5}', '12345', true],
    ['[0-9]{5}', '123456', false],
    ['[0-9]{5}', 'x12345', false],
    ['DE|AT', 'AT', true],
    ['DE|AT', 'ATX', false],
    ['DE|AT', 'XDE', false],
  ])('%s on %s', (pattern, value, expected) => {
    expect(matchesFieldPattern(pattern, value)).toBe(expected);
  });
});
