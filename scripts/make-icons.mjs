// Renders every app icon from the one source, assets/icon.svg:
//   assets/icons/NxN.png  PNGs 16…1024 (Linux, window icons, the sources of the two below)
//   assets/icon.ico       Windows (exe, installer, shortcuts)
//   assets/icon.icns      macOS (app bundle, dmg)
// Each PNG records the SHA-256 of the SVG it was rendered from, so a test can tell when the
// committed icons no longer match the source. Usage: node scripts/make-icons.mjs [--out DIR]
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crc32 } from 'node:zlib';

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const SOURCE_KEYWORD = 'Source';

const LARGEST = PNG_SIZES[PNG_SIZES.length - 1];

// Line endings are normalised so a checkout with CRLF conversion still matches its icons.
export function svgDigest(svg) {
  return createHash('sha256').update(svg.toString('utf8').replace(/\r\n/g, '\n')).digest('hex');
}

export function sourceText(svg) {
  return `assets/icon.svg sha256:${svgDigest(svg)}`;
}

// Each size is rendered from the vector source rather than scaled down from a big bitmap,
// so small icons stay sharp.
export function renderPng(svg, size) {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } })
    .render()
    .asPng();
  return withTextChunk(png, SOURCE_KEYWORD, sourceText(svg));
}

// Windows wants PNG entries for the large sizes and bitmaps below 64 px (older Explorer
// versions show nothing for small PNG entries); png2icons' `forWinExe` mode does exactly that.
export function icoFromPng(png) {
  return required(png2icons.createICO(png, png2icons.BICUBIC2, 0, false, true), 'ICO');
}

export function icnsFromPng(png) {
  return required(png2icons.createICNS(png, png2icons.BICUBIC2, 0), 'ICNS');
}

/** Every generated file, keyed by its path relative to the output folder. */
export function iconsFromSvg(svg) {
  const files = new Map();
  for (const size of PNG_SIZES) {
    files.set(join('icons', `${size}x${size}.png`), renderPng(svg, size));
  }
  const largest = files.get(join('icons', `${LARGEST}x${LARGEST}.png`));
  files.set('icon.ico', icoFromPng(largest));
  files.set('icon.icns', icnsFromPng(largest));
  return files;
}

export function writeIcons(svgPath, outDir) {
  const files = iconsFromSvg(readFileSync(svgPath));
  for (const [name, bytes] of files) {
    const path = join(outDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return [...files.keys()];
}

function required(bytes, format) {
  if (bytes === null) {
    throw new Error(`png2icons could not build the ${format} file`);
  }
  return bytes;
}

// A PNG tEXt chunk placed right after IHDR (the first chunk, which ends at byte 33).
function withTextChunk(png, keyword, text) {
  const type = Buffer.from('tEXt', 'latin1');
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  const afterHeader = 8 + 25;
  return Buffer.concat([png.subarray(0, afterHeader), length, type, data, crc, png.subarray(afterHeader)]);
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'assets') } } });
  const outDir = resolve(values.out);
  const written = writeIcons(join(root, 'assets', 'icon.svg'), outDir);
  console.log(`make-icons: wrote ${written.length} files to ${outDir}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`make-icons: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
