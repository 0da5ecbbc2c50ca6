/**
 * Bytes ↔ strings for FIX values. FIX values are ASCII in practice, so both directions take
 * an ASCII fast path and fall back to UTF-8 only when a byte or char needs it.
 */

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Longest value built from char codes; longer ones go through the TextDecoder. */
const LONG_VALUE = 64;

export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= LONG_VALUE) {
    let high = 0;
    for (let i = start; i < end; i++) high |= bytes[i]!;
    if (high < 0x80) return asciiText(bytes, start, end);
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
}

/**
 * bytes[start, end) as a string, every byte known to be ASCII. One String.fromCharCode call per
 * sixteen bytes: a string per call instead of one per char; long values (rare) take the decoder.
 */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  const s = start;
  switch (end - s) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(bytes[s]!);
    case 2:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!);
    case 3:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!);
    case 4:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!);
    case 5:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!);
    case 6:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!);
    case 7:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!);
    case 8:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!);
    case 9:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!);
    case 10:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!);
    case 11:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!);
    case 12:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!, bytes[s + 11]!);
    case 13:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!, bytes[s + 11]!, bytes[s + 12]!);
    case 14:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!, bytes[s + 11]!, bytes[s + 12]!, bytes[s + 13]!);
    case 15:
      return String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!, bytes[s + 11]!, bytes[s + 12]!, bytes[s + 13]!, bytes[s + 14]!);
    default: {
      if (end - s > LONG_VALUE) return utf8Decoder.decode(bytes.subarray(s, end));
      const head = String.fromCharCode(bytes[s]!, bytes[s + 1]!, bytes[s + 2]!, bytes[s + 3]!, bytes[s + 4]!, bytes[s + 5]!, bytes[s + 6]!, bytes[s + 7]!, bytes[s + 8]!, bytes[s + 9]!, bytes[s + 10]!, bytes[s + 11]!, bytes[s + 12]!, bytes[s + 13]!, bytes[s + 14]!, bytes[s + 15]!);
      return end - s === 16 ? head : head + asciiText(bytes, s + 16, end);
    }
  }
}

/** Whether bytes[start, end) equal the ASCII string s, without building a string. */
export function bytesEqualAscii(bytes: Uint8Array, start: number, end: number, s: string): boolean {
  if (end - start !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    if (bytes[start + i] !== s.charCodeAt(i)) return false;
  }
  return true;
}

/** Most bytes a string can take in UTF-8 (3 per UTF-16 unit). */
export function maxUtf8Length(s: string): number {
  return s.length * 3;
}

/**
 * Writes s at pos as UTF-8 (ASCII fast path) and returns the position after it; the caller
 * guarantees room for maxUtf8Length(s) bytes.
 */
export function writeText(buf: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      const { written } = utf8Encoder.encodeInto(s.slice(i), buf.subarray(pos));
      return pos + written;
    }
    buf[pos++] = c;
  }
  return pos;
}

export function encodeText(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
