import { createHash } from 'node:crypto';
import { sha256Hex } from '../../src/metadata/index.js';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  // FIPS 180-4 examples (NIST "SHA256.pdf" and the SHA-2 test vectors).
  test.each([
    ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['"abc" (one block)', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'the 448-bit message (padding spills into a second block)',
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['a million "a"s', 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('%s', (_name, input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });

  test.each([
    ['accents and a euro sign (2- and 3-byte UTF-8)', 'Café Zürich – 5 €'],
    ['characters above U+FFFF (4-byte UTF-8, surrogate pairs)', 'Kontakt 🚀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
    ['CJK', '営業担当者のアカウント'],
  ])('UTF-8 of %s matches node:crypto', (_name, input) => {
    expect(sha256Hex(input)).toBe(nodeSha256(input));
  });

  test('every length around the block boundaries matches node:crypto', () => {
    // 55, 56 and 64 bytes are where the length field does or does not fit in the last block.
    for (let length = 0; length <= 130; length++) {
      const input = 'x'.repeat(length);
      expect([length, sha256Hex(input)]).toEqual([length, nodeSha256(input)]);
    }
  });
});
