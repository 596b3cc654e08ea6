/**
 * The characters text may hold, in both encodings: XML 1.0's `Char` production
 * (§2.2): tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF. Anything
 * else (other C0 controls, NUL, U+FFFE/U+FFFF, lone surrogates) cannot be written
 * in an XML 1.0 document at all, not even as a character reference, so a value
 * holding one could be stored over JSON but never answered over SOAP. The rule is
 * therefore the same for JSON: such text is refused, never dropped or stored.
 */
export function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

// With the `u` flag a lone surrogate is one code point outside every range here,
// while a valid surrogate pair is one code point of U+10000–U+10FFFF.
const NON_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NON_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export interface NonXmlChar {
  /** UTF-16 index in the text. */
  readonly index: number;
  readonly codePoint: number;
}

/** The first character of `text` that XML 1.0 does not allow, if any. */
export function firstNonXmlChar(text: string): NonXmlChar | undefined {
  const match = NON_XML_CHAR.exec(text);
  return match ? { index: match.index, codePoint: match[0].codePointAt(0) as number } : undefined;
}

/** `U+0007`, `U+D800`, `U+110000`: how messages name a character. */
export function codePointName(codePoint: number): string {
  if (!Number.isSafeInteger(codePoint)) return 'a code point far beyond U+10FFFF';
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The reason given when text breaks the rule, one wording for both encodings;
 * `where` says where the character was (by default its position in the text).
 */
export function nonXmlCharReason(found: NonXmlChar, where = `at position ${found.index}`): string {
  return `must hold only XML 1.0 characters (tab, CR, LF, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF), found ${codePointName(found.codePoint)} ${where}`;
}

/** Each character XML 1.0 does not allow replaced by U+FFFD (the Unicode replacement character). */
export function replaceNonXmlChars(text: string): string {
  return NON_XML_CHAR.test(text) ? text.replace(NON_XML_CHARS, '\uFFFD') : text;
}

/** A character XML 1.0 does not allow, written in markup either as itself or as a character reference. */
export interface NonXmlCharInMarkup extends NonXmlChar {
  /** The reference as written (`&#0;`, `&#x110000;`), when the character came from one. */
  readonly reference?: string;
}

const CHAR_OR_REFERENCE = /&#(x[0-9A-Fa-f]+|[0-9]+);|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The first character of an XML document that XML 1.0 does not allow, raw or as
 * a numeric character reference (XML 1.0 §4.1: a reference must match `Char` too).
 * Checked on the raw text before parsing because parsers do not agree on what to
 * do with such references: fast-xml-parser drops `&#0;` and C0 controls, turns
 * surrogates into U+FFFD and keeps `&#x110000;` as text, so the value that reaches
 * the schema check no longer shows what was sent.
 */
export function firstNonXmlCharInMarkup(xml: string): NonXmlCharInMarkup | undefined {
  for (const match of xml.matchAll(CHAR_OR_REFERENCE)) {
    const digits = match[1];
    if (digits === undefined) return { index: match.index, codePoint: match[0].codePointAt(0) as number };
    const hex = digits.startsWith('x');
    const codePoint = Number.parseInt(hex ? digits.slice(1) : digits, hex ? 16 : 10);
    if (!isXmlChar(codePoint)) return { index: match.index, codePoint, reference: match[0] };
  }
  return undefined;
}
