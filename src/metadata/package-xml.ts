import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Reading one customization-package file into a small ordered element tree.
 * Package files come from administrators and travel to every device, so the
 * reader treats them as hostile: size, nesting and entities are limited before
 * the parser sees anything, and whatever the tree holds is plain text.
 */

/** One element: attributes in document order, content as elements and text in order. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** Child elements and text. Text is trimmed; whitespace-only text and comments are left out. */
  readonly content: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

export type ReadXmlResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

/** A package file is a few kilobytes; a megabyte is far beyond any real one. */
export const MAX_PACKAGE_FILE_BYTES = 1024 * 1024;
/** The deepest real nesting is a filter inside a preset object (filters/preset/object/…): 32 leaves ample room. */
export const MAX_PACKAGE_XML_DEPTH = 32;

const ATTRIBUTE = '@_';

/**
 * Text stays text (`length="0100"` is not silently 100 and `1.10` stays `1.10`),
 * attributes are kept, comments, declarations and processing instructions are
 * dropped. `htmlEntities` is on only so numeric character references (`&#233;`)
 * are decoded; other named entities are refused before parsing (see below), and
 * DTDs are refused outright, so no entity ever expands.
 */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
  maxNestedTags: MAX_PACKAGE_XML_DEPTH + 1,
});

/** Any reference other than the five predefined XML entities and numeric character references. */
const UNDECLARED_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

export function readPackageXml(text: string): ReadXmlResult {
  const xml = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (utf8LengthExceeds(xml, MAX_PACKAGE_FILE_BYTES)) {
    return { ok: false, reason: `the file is larger than the limit of 1 MiB (${MAX_PACKAGE_FILE_BYTES} bytes)` };
  }
  // A DTD is where entity bombs ("billion laughs") and external entities
  // (file or URL reads) are declared; a package never needs one.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    return { ok: false, reason: 'a document type declaration (DOCTYPE) or entity declaration is not allowed in a package file' };
  }
  // Comments and CDATA sections may hold a bare "&"; they are blanked (keeping
  // line breaks for the line number) before looking for entity references.
  const entity = UNDECLARED_ENTITY.exec(xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (m) => m.replace(/[^\n]/g, ' ')));
  if (entity) {
    return {
      ok: false,
      reason: `malformed XML at line ${lineAt(xml, entity.index)}: "&" must start &amp;, &lt;, &gt;, &quot;, &apos; or a character reference like &#233;`,
    };
  }
  const depth = nestingExceeds(xml, MAX_PACKAGE_XML_DEPTH);
  if (depth !== null) {
    return { ok: false, reason: `elements are nested more than ${MAX_PACKAGE_XML_DEPTH} deep (line ${lineAt(xml, depth)})` };
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, reason: `malformed XML at line ${valid.err.line}: ${valid.err.msg}` };
  let parsed: unknown;
  try {
    parsed = parser.parse(xml);
  } catch (error) {
    // The parser's own guards (reserved names such as __proto__, nesting) throw plain Errors.
    return { ok: false, reason: `malformed XML: ${error instanceof Error ? error.message : String(error)}` };
  }
  const top = toContent(parsed).filter((node): node is XmlElement => typeof node !== 'string');
  const root = top[0];
  if (top.length !== 1 || root === undefined) return { ok: false, reason: 'malformed XML: a file must hold exactly one root element' };
  return { ok: true, root };
}

/** The child elements of an element, in order. */
export function childElements(element: XmlElement): XmlElement[] {
  return element.content.filter((node): node is XmlElement => typeof node !== 'string');
}

/** The text directly inside an element (its text pieces joined by a space). */
export function textOf(element: XmlElement): string {
  return element.content.filter((node): node is string => typeof node === 'string').join(' ');
}

/** fast-xml-parser's ordered form: `[{ tag: [children], ':@': { '@_a': 'v' } }, { '#text': 't' }]`. */
function toContent(nodes: unknown): XmlNode[] {
  if (!Array.isArray(nodes)) return [];
  const out: XmlNode[] = [];
  let pendingText = '';
  const flushText = () => {
    const trimmed = pendingText.trim();
    if (trimmed !== '') out.push(trimmed);
    pendingText = '';
  };
  for (const node of nodes as unknown[]) {
    if (typeof node !== 'object' || node === null) continue;
    const record = node as Record<string, unknown>;
    const name = Object.keys(record).find((key) => key !== ':@');
    if (name === undefined) continue;
    if (name === '#text') {
      // Adjacent text (split by a comment or CDATA section) is one piece of text.
      pendingText += String(record[name]);
      continue;
    }
    flushText();
    const attributes = new Map<string, string>();
    const rawAttributes = record[':@'];
    if (typeof rawAttributes === 'object' && rawAttributes !== null) {
      for (const [key, value] of Object.entries(rawAttributes as Record<string, unknown>)) {
        attributes.set(key.startsWith(ATTRIBUTE) ? key.slice(ATTRIBUTE.length) : key, String(value));
      }
    }
    out.push({ name, attributes, content: toContent(record[name]) });
  }
  flushText();
  return out;
}

/**
 * Returns the offset where nesting first goes deeper than `max`, or null. A
 * flat scan over the tags, so a 10,000-deep document is refused in linear time
 * before any recursive code (validator, parser, our own walkers) sees it.
 * Malformed markup is left for the validator.
 */
function nestingExceeds(xml: string, max: number): number | null {
  let depth = 0;
  let at = xml.indexOf('<');
  while (at !== -1) {
    let end: number;
    if (xml.startsWith('<!--', at)) end = indexAfter(xml, '-->', at + 4);
    else if (xml.startsWith('<![CDATA[', at)) end = indexAfter(xml, ']]>', at + 9);
    else if (xml.startsWith('<?', at)) end = indexAfter(xml, '?>', at + 2);
    else if (xml.startsWith('</', at)) {
      end = indexAfter(xml, '>', at + 2);
      depth--;
    } else {
      end = tagEnd(xml, at + 1);
      if (xml[end - 2] !== '/' && !xml.startsWith('<!', at)) {
        depth++;
        if (depth > max) return at;
      }
    }
    if (end === -1) return null;
    at = xml.indexOf('<', end);
  }
  return null;
}

function indexAfter(xml: string, token: string, from: number): number {
  const i = xml.indexOf(token, from);
  return i === -1 ? -1 : i + token.length;
}

/** The offset just past the `>` that closes a start tag, skipping `>` inside quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

function lineAt(xml: string, offset: number): number {
  let line = 1;
  for (let i = xml.indexOf('\n'); i !== -1 && i < offset; i = xml.indexOf('\n', i + 1)) line++;
  return line;
}

/** Whether the UTF-8 form is longer than `max` bytes, without encoding: 1–3 bytes per UTF-16 unit, 4 per surrogate pair (2 per half). */
function utf8LengthExceeds(text: string, max: number): boolean {
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdfff ? 2 : 3;
  }
  return bytes > max;
}
