#!/usr/bin/env node
// Writes the add-in icons (src/taskpane/assets/icon-<size>.png) that manifest.xml
// references. Outlook wants exact pixel sizes (16/32/80 for ribbon buttons, 64 and
// 128 for the add-in list), so they are drawn per size instead of scaled from one
// bitmap. Plain Node (zlib) so it runs without an image library: node scripts/make-icons.js
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = path.join(__dirname, '..', 'src', 'taskpane', 'assets');

const BACKGROUND = [0x1b, 0x6e, 0x5a, 0xff]; // field green
const FOREGROUND = [0xff, 0xff, 0xff, 0xff];
const TRANSPARENT = [0, 0, 0, 0];

// The letter "F" as rectangles on a 16-unit grid: [x0, y0, x1, y1), scaled per size.
const LETTER_F = [
  [4, 3, 7, 13], // stem
  [4, 3, 12, 6], // top bar
  [4, 7.5, 10.5, 10], // middle bar
];

function pixelAt(x, y, size) {
  const u = ((x + 0.5) / size) * 16;
  const v = ((y + 0.5) / size) * 16;
  // Rounded corners (radius 3 units) so the tile reads as an app icon, not a square.
  const r = 3;
  const cx = Math.min(Math.max(u, r), 16 - r);
  const cy = Math.min(Math.max(v, r), 16 - r);
  if ((u - cx) ** 2 + (v - cy) ** 2 > r * r) return TRANSPARENT;
  const inLetter = LETTER_F.some(([x0, y0, x1, y1]) => u >= x0 && u < x1 && v >= y0 && v < y1);
  return inLetter ? FOREGROUND : BACKGROUND;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const rowLength = 1 + size * 4; // leading filter byte 0 (None) per scanline
  const raw = Buffer.alloc(rowLength * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      Buffer.from(pixelAt(x, y, size)).copy(raw, y * rowLength + 1 + x * 4);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = path.join(OUT_DIR, `icon-${size}.png`);
  fs.writeFileSync(file, png(size));
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
