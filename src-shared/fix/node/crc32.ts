import { crc32 as nativeCrc32 } from 'node:zlib';

/** CRC-32 (IEEE 802.3, as zlib): detects a torn or corrupted journal record. */

const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

/** Below this many bytes the table loop beats a call into zlib (measured: 13 B 50 ns vs 170 ns). */
const NATIVE_FROM = 128;

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (end - start >= NATIVE_FROM) return nativeCrc32(bytes.subarray(start, end));
  let c = -1;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
