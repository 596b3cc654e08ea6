import { XMLValidator } from 'fast-xml-parser';
import {
  decodeSoapResponse,
  encodeSoapFault,
  encodeSoapRequest,
  encodeSoapResponse,
  ProtocolError,
  type CrmRecord,
} from '../../src/protocol/index.js';

/**
 * Whatever text the gateway holds, its SOAP answer is well-formed XML 1.0. The
 * oracle is the specification, written out here: every character of the document
 * is a `Char` (XML 1.0 §2.2), and so is every character a reference stands for
 * (§4.1); structure is checked by fast-xml-parser's validator, and the answer must
 * decode again.
 */
const XML_1_0_DOCUMENT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const isChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

function expectWellFormedXml10(xml: string): void {
  expect(XML_1_0_DOCUMENT.test(xml)).toBe(true);
  for (const [, hex, dec] of xml.matchAll(/&#(?:x([0-9A-Fa-f]+)|([0-9]+));/g)) {
    const cp = hex !== undefined ? Number.parseInt(hex, 16) : Number.parseInt(dec as string, 10);
    if (!isChar(cp)) throw new Error(`reference to U+${cp.toString(16)}`);
  }
  expect(XMLValidator.validate(xml)).toBe(true);
}

const record = (rowId: string, text: string): CrmRecord => ({
  rowId,
  lastUpd: '2026-11-21T09:00:00.000Z',
  modNum: 1,
  owner: 'alice',
  updatedBy: 'alice',
  fields: { Note: `a${text}b`, [`F${rowId.slice(2)}`]: text },
});

/** Every UTF-16 code unit alone (so U+D800–U+DFFF are lone surrogates), then the pairs and ends of the planes. */
const UNITS = Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i));
const EXTRA = ['\u{10000}', '\u{1F600}', '\u{10FFFF}', '\ud800\udc00', '\udc00\ud800', 'x\ud800', '\udfffx'];

describe('the SOAP encoder never writes a character XML 1.0 does not allow', () => {
  const CHUNK = 4096;
  const chunks: Array<[string, number, string[]]> = [];
  const name = (start: number, texts: readonly string[]) =>
    start === 0x10000
      ? 'surrogate pairs and their ends'
      : `U+${start.toString(16).toUpperCase().padStart(4, '0')}–U+${(start + texts.length - 1).toString(16).toUpperCase().padStart(4, '0')}`;
  for (let start = 0; start < UNITS.length; start += CHUNK)
    chunks.push([name(start, UNITS.slice(start, start + CHUNK)), start, UNITS.slice(start, start + CHUNK)]);
  chunks.push([name(0x10000, EXTRA), 0x10000, EXTRA]);

  test.each(chunks)('a QueryRecords answer holding %s: well-formed, non-XML characters answered as U+FFFD', (_name, start, texts) => {
    const records = texts.map((text, i) => record(`1-${(start + i).toString(16)}`, text));
    const xml = encodeSoapResponse('QueryRecords', { records, notFound: [] });
    expectWellFormedXml10(xml);
    const decoded = decodeSoapResponse('QueryRecords', xml);
    const expected = (text: string) => text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
    decoded.records.forEach((r, i) => {
      const text = texts[i] as string;
      expect(r.fields['Note']).toBe(`a${expected(text)}b`);
      // A lone CR or LF as the whole value round-trips too (CR is written as &#xD;).
      expect(r.fields[`F${(start + i).toString(16)}`]).toBe(expected(text));
    });
  });

  test('a fault whose message echoes such characters is well-formed too', () => {
    const xml = encodeSoapFault(new ProtocolError('INVALID_REQUEST', 'got "a\u0000\u0007\ud800\uffffb"', { got: 'a\u0000b' }));
    expectWellFormedXml10(xml);
    const thrown = (() => {
      try {
        decodeSoapResponse('Login', xml);
      } catch (error) {
        return error as ProtocolError;
      }
      throw new Error('no fault');
    })();
    expect(thrown.code).toBe('INVALID_REQUEST');
    expect(thrown.message).toBe('got "a\uFFFD\uFFFD\uFFFD\uFFFDb"');
  });

  test.each([
    ['NUL in a field value', { fields: { Name: 'a\u0000b' } }, {}, /^Invalid request: InsertRecord\.fields\.Name: .*U\+0000/],
    ['a lone surrogate in the object type', { objectType: 'Acc\ud800' }, {}, /^Invalid request: InsertRecord\.objectType: .*U\+D800/],
    ['U+FFFF in a field name', { fields: { 'N\uffff': 'x' } }, {}, /^Invalid request: InsertRecord\.fields \(a field name\): .*U\+FFFF/],
    ['BEL in the session token', {}, { sessionToken: 't\u0007' }, /^Invalid request: Header\.sessionToken: .*U\+0007/],
  ])('a request is refused before it is sent, not changed: %s', (_name, change, headers, message) => {
    const request = { operationId: 'op-000001', objectType: 'Account', fields: { Name: 'ok' }, ...change };
    expect(() => encodeSoapRequest('InsertRecord', request, headers)).toThrow(message);
  });
});
