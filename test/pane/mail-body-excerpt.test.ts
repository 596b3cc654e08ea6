import { BODY_EXCERPT_LENGTH, bodyExcerpt } from '../../src/taskpane/mail/body-excerpt';

describe('bodyExcerpt', () => {
  test.each<[string, string, number | undefined, string]>([
    ['short text stays', 'Hello there', undefined, 'Hello there'],
    ['line breaks and tabs collapse', 'Hi,\r\n\r\n\tThanks   for\u00a0the call.\n', undefined, 'Hi, Thanks for the call.'],
    ['blank body', ' \n\t ', undefined, ''],
    ['exactly the limit is not cut', 'abcde', 5, 'abcde'],
    ['one over the limit is cut with an ellipsis', 'abcdef', 5, 'abcde…'],
    ['a cut before a space leaves no trailing space', 'abcd efgh', 5, 'abcd…'],
    ['collapsing happens before measuring', 'a    b    c', 5, 'a b c'],
    ['an emoji is not split', '😀😀😀', 2, '😀😀…'],
  ])('%s', (_name, body, max, expected) => {
    expect(max === undefined ? bodyExcerpt(body) : bodyExcerpt(body, max)).toBe(expected);
  });

  test.each([
    [499, 499, false],
    [500, 500, false],
    [501, 501, true],
    [2000, 501, true],
  ])('a body of %i characters gives %i characters (cut: %s) by default', (length, resultLength, cut) => {
    expect(BODY_EXCERPT_LENGTH).toBe(500);
    const excerpt = bodyExcerpt('x'.repeat(length));
    expect(excerpt).toHaveLength(resultLength);
    expect(excerpt.endsWith('…')).toBe(cut);
  });
});
