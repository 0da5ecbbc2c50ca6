/**
 * Bytes ↔ strings for FIX values. FIX values are ASCII in practice, so both directions take
 * an ASCII fast path and fall back to UTF-8 only when a byte or char needs it.
 */

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Short ASCII values are built char by char: cheaper than a TextDecoder call. */
const SHORT_VALUE = 16;

export function decodeText(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length <= SHORT_VALUE) {
    let out = '';
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 0x80) return utf8Decoder.decode(bytes.subarray(start, end));
      out += String.fromCharCode(c);
    }
    return out;
  }
  return utf8Decoder.decode(bytes.subarray(start, end));
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
