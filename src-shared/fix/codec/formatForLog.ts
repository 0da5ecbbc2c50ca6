import { dataTagOf, SOH } from './layout';

/** Fields whose values never reach a log: Password, NewPassword, SecureData. */
const MASKED_TAGS = new Set([554, 925, 91]);
const decoder = new TextDecoder('utf-8');
const HEX = '0123456789abcdef';

/** Output bytes, reused across calls (logging runs for every message). */
let out = new Uint8Array(1024);
let at = 0;

function room(extra: number): void {
  if (at + extra <= out.length) return;
  const grown = new Uint8Array(Math.max(out.length * 2, at + extra));
  grown.set(out.subarray(0, at));
  out = grown;
}

/**
 * One log line for a frame: SOH shown as '|', Password (554), NewPassword (925) and
 * SecureData (91) shown as '***', control characters as \xNN (\uNNNN for C1 and line
 * separators). Never throws, whatever the bytes: garbled input is logged too. A data field is
 * measured by its length field, so a SecureData holding SOH is masked whole.
 */
export function formatForLog(frame: Uint8Array): string {
  at = 0;
  room(frame.length * 4);
  const n = frame.length;
  let pos = 0;
  let dataTag = 0;
  let dataLength = -1;
  while (pos < n) {
    // Tag: digits up to '='; anything else is logged as it is, up to the next SOH.
    let tag = 0;
    let p = pos;
    while (p < n && frame[p]! >= 0x30 && frame[p]! <= 0x39 && p - pos < 10) {
      tag = tag * 10 + (frame[p]! - 0x30);
      p++;
    }
    if (p === pos || p >= n || frame[p] !== 0x3d) {
      let q = pos;
      while (q < n && frame[q] !== SOH) q++;
      copy(frame, pos, q < n ? q + 1 : q);
      pos = q + 1;
      dataTag = 0;
      continue;
    }
    const valueStart = p + 1;
    let valueEnd: number;
    if (tag === dataTag && dataLength >= 0 && valueStart + dataLength <= n) {
      valueEnd = valueStart + dataLength;
    } else {
      valueEnd = valueStart;
      while (valueEnd < n && frame[valueEnd] !== SOH) valueEnd++;
    }
    copy(frame, pos, valueStart);
    if (MASKED_TAGS.has(tag)) {
      out[at++] = 0x2a;
      out[at++] = 0x2a;
      out[at++] = 0x2a;
    } else {
      copy(frame, valueStart, valueEnd);
    }
    const terminated = valueEnd < n && frame[valueEnd] === SOH;
    if (terminated) out[at++] = 0x7c;
    dataTag = dataTagOf(tag);
    dataLength = dataTag !== 0 ? smallCount(frame, valueStart, valueEnd) : -1;
    pos = valueEnd + (terminated ? 1 : 0);
  }
  return decoder.decode(out.subarray(0, at));
}

/** Copies bytes to the line: SOH as '|', other controls escaped, UTF-8 kept. */
function copy(b: Uint8Array, start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x7f) {
      out[at++] = c;
    } else if (c === SOH) {
      out[at++] = 0x7c;
    } else if (c < 0x80) {
      escape(c, 'x', 2);
    } else if (c === 0xc2 && i + 1 < end && b[i + 1]! >= 0x80 && b[i + 1]! <= 0x9f) {
      escape(b[++i]!, 'u', 4); // C1 control U+0080–U+009F
    } else if (c === 0xe2 && i + 2 < end && b[i + 1] === 0x80 && (b[i + 2] === 0xa8 || b[i + 2] === 0xa9)) {
      escape(0x2000 + b[i + 2]! - 0x80, 'u', 4); // line / paragraph separator
      i += 2;
    } else {
      out[at++] = c;
    }
  }
}

function escape(code: number, kind: 'x' | 'u', digits: number): void {
  out[at++] = 0x5c;
  out[at++] = kind.charCodeAt(0);
  for (let d = digits - 1; d >= 0; d--) out[at++] = HEX.charCodeAt((code >> (4 * d)) & 0xf);
}

function smallCount(b: Uint8Array, start: number, end: number): number {
  if (end === start || end - start > 9) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}
