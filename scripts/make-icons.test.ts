import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PNG_SIZES, SOURCE_KEYWORD, icnsFromPng, icoFromPng, renderPng, sourceText } from './make-icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const assets = join(root, 'assets');
const svg = readFileSync(join(assets, 'icon.svg'));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface PngInfo {
  width: number;
  height: number;
  colorType: number;
  text: Map<string, string>;
}

// Walks the chunks of a PNG, checking each CRC, and returns its size and tEXt entries.
function readPng(bytes: Buffer): PngInfo {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  let header: Omit<PngInfo, 'text'> | undefined;
  const text = new Map<string, string>();
  let ended = false;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error(`PNG truncated at byte ${offset}`);
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) throw new Error(`PNG chunk ${type} runs past the end`);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    if (crc !== crc32(bytes.subarray(offset + 4, offset + 8 + length))) throw new Error(`PNG chunk ${type} has a bad CRC`);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), colorType: data[9]! };
    if (type === 'tEXt') {
      const separator = data.indexOf(0);
      text.set(data.toString('latin1', 0, separator), data.toString('latin1', separator + 1));
    }
    if (type === 'IEND') ended = true;
    offset = end;
  }
  if (header === undefined) throw new Error('PNG has no IHDR');
  if (!ended) throw new Error('PNG has no IEND');
  return { ...header, text };
}

interface IcoEntry {
  size: number;
  format: 'png' | 'bmp';
}

// ICONDIR (reserved 0, type 1, count) then one 16-byte ICONDIRENTRY per image; each image is a
// PNG or a BMP without its file header (BITMAPINFOHEADER, height doubled for the AND mask).
function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.length < 6 || bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an ICO: bad header');
  const count = bytes.readUInt16LE(4);
  if (6 + 16 * count > bytes.length) throw new Error('ICO directory runs past the end');
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 16 * i;
    const size = bytes[at] === 0 ? 256 : bytes[at]!;
    const length = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    if (offset + length > bytes.length) throw new Error(`ICO image ${size} runs past the end`);
    const image = bytes.subarray(offset, offset + length);
    if (image.subarray(0, 8).equals(PNG_SIGNATURE)) {
      const png = readPng(image);
      if (png.width !== size || png.height !== size) throw new Error(`ICO entry says ${size} but its PNG is ${png.width}x${png.height}`);
      entries.push({ size, format: 'png' });
    } else {
      if (image.readUInt32LE(0) !== 40) throw new Error(`ICO image ${size} is neither PNG nor BMP`);
      if (image.readInt32LE(4) !== size || image.readInt32LE(8) !== 2 * size) throw new Error(`ICO entry says ${size} but its BMP differs`);
      entries.push({ size, format: 'bmp' });
    }
  }
  return entries;
}

// The PNG-carrying ICNS element types and the pixel size each must hold.
const ICNS_PNG_TYPES: Record<string, number> = {
  icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512,
};

// 'icns', total length, then elements of (type, length including the 8-byte element header).
function readIcns(bytes: Buffer): Map<string, number> {
  if (bytes.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS: bad magic');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('ICNS length field does not match the file');
  const elements = new Map<string, number>();
  let offset = 8;
  while (offset < bytes.length) {
    if (offset + 8 > bytes.length) throw new Error(`ICNS truncated at byte ${offset}`);
    const type = bytes.toString('latin1', offset, offset + 4);
    const length = bytes.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > bytes.length) throw new Error(`ICNS element ${type} has a bad length`);
    const expected = ICNS_PNG_TYPES[type];
    if (expected !== undefined) {
      const png = readPng(bytes.subarray(offset + 8, offset + length));
      if (png.width !== expected || png.height !== expected) throw new Error(`ICNS ${type} should be ${expected} px, is ${png.width}`);
      elements.set(type, expected);
    } else {
      elements.set(type, length);
    }
    offset += length;
  }
  return elements;
}

function expectValidIconSet(dir: string): void {
  for (const size of PNG_SIZES) {
    const png = readPng(readFileSync(join(dir, 'icons', `${size}x${size}.png`)));
    expect({ width: png.width, height: png.height, colorType: png.colorType }).toEqual({ width: size, height: size, colorType: 6 });
  }
  const ico = readIco(readFileSync(join(dir, 'icon.ico')));
  expect(ico.map((entry) => entry.size).sort((a, b) => a - b)).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
  // Explorer's small views need bitmaps; the 256 px entry is what electron-builder insists on.
  expect(ico.filter((entry) => entry.size < 64).every((entry) => entry.format === 'bmp')).toBe(true);
  expect(ico.find((entry) => entry.size === 256)?.format).toBe('png');
  const icns = readIcns(readFileSync(join(dir, 'icon.icns')));
  for (const type of ['ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']) expect(icns.has(type), type).toBe(true);
}

describe('make-icons', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'tessera-icons-'));
    execFileSync(process.execPath, [join(root, 'scripts', 'make-icons.mjs'), '--out', out], { stdio: 'pipe' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerates valid PNGs at every size, an ICO and an ICNS from the SVG', () => {
    expectValidIconSet(out);
  });

  it('renders each PNG size from the vector source and tags it with the SVG it came from', () => {
    const png = readPng(renderPng(svg, 48));
    expect([png.width, png.height]).toEqual([48, 48]);
    expect(png.text.get(SOURCE_KEYWORD)).toBe(sourceText(svg));
    const edited = Buffer.from(svg.toString('utf8').replace('#5B9BFF', '#5B9BFE'));
    expect(readPng(renderPng(edited, 48)).text.get(SOURCE_KEYWORD)).not.toBe(sourceText(svg));
  });

  it('commits icons that are valid and up to date with assets/icon.svg', () => {
    expectValidIconSet(assets);
    for (const size of PNG_SIZES) {
      const png = readPng(readFileSync(join(assets, 'icons', `${size}x${size}.png`)));
      expect(png.text.get(SOURCE_KEYWORD), `${size}x${size}.png is stale: run npm run icons`).toBe(sourceText(svg));
    }
    const largest = readFileSync(join(assets, 'icons', '1024x1024.png'));
    expect(icoFromPng(largest).equals(readFileSync(join(assets, 'icon.ico'))), 'icon.ico is stale: run npm run icons').toBe(true);
    expect(icnsFromPng(largest).equals(readFileSync(join(assets, 'icon.icns'))), 'icon.icns is stale: run npm run icons').toBe(true);
  });

  it('rejects damaged icon files', () => {
    const png = readFileSync(join(out, 'icons', '16x16.png'));
    const corrupted = Buffer.from(png);
    corrupted[40] = corrupted[40]! ^ 0xff;
    expect(() => readPng(corrupted)).toThrow(/bad CRC/);
    const ico = readFileSync(join(out, 'icon.ico'));
    expect(() => readIco(ico.subarray(0, ico.length - 100))).toThrow(/past the end/);
    const icns = readFileSync(join(out, 'icon.icns'));
    expect(() => readIcns(icns.subarray(0, icns.length - 100))).toThrow(/length field/);
  });
});
