import { dataTagOf, SOH } from './layout';

/** Fields whose values never reach a log: Password, NewPassword, SecureData. */
const MASKED_TAGS = new Set([554, 925, 91]);
const MASK = '***';
const decoder = new TextDecoder('utf-8');

/**
 * One log line for a frame: SOH shown as '|', Password (554), NewPassword (925) and
 * SecureData (91) shown as '***', control bytes as \xNN. Never throws, whatever the bytes:
 * garbled input is logged too. A data field is measured by its length field, so a SecureData
 * holding SOH is masked whole.
 */
export function formatForLog(frame: Uint8Array): string {
  let out = '';
  const n = frame.length;
  let pos = 0;
  let dataTag = 0;
  let dataLength = -1;
  while (pos < n) {
    // Tag: digits up to '=' (anything else is logged as it is, up to the next SOH).
    let tag = 0;
    let p = pos;
    while (p < n && frame[p]! >= 0x30 && frame[p]! <= 0x39 && p - pos < 10) {
      tag = tag * 10 + (frame[p]! - 0x30);
      p++;
    }
    if (p === pos || p >= n || frame[p] !== 0x3d) {
      let q = pos;
      while (q < n && frame[q] !== SOH) q++;
      out += printable(frame, pos, q);
      if (q < n) out += '|';
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
    out += printable(frame, pos, valueStart);
    out += MASKED_TAGS.has(tag) ? MASK : printable(frame, valueStart, valueEnd);
    if (valueEnd < n && frame[valueEnd] === SOH) out += '|';
    dataTag = dataTagOf(tag);
    dataLength = dataTag !== 0 ? smallCount(frame, valueStart, valueEnd) : -1;
    pos = valueEnd + (valueEnd < n && frame[valueEnd] === SOH ? 1 : 0);
  }
  return out;
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

/** Printable ASCII as is, UTF-8 decoded, SOH as '|' and other control bytes as \xNN. */
function printable(b: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c >= 0x20 && c < 0x7f) {
      out += String.fromCharCode(c);
      i++;
    } else if (c >= 0x80) {
      let j = i;
      while (j < end && b[j]! >= 0x80) j++;
      out += escapeControls(decoder.decode(b.subarray(i, j)));
      i = j;
    } else {
      out += c === SOH ? '|' : `\\x${c.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** C1 controls and other invisible code points decoded from UTF-8 are escaped too. */
function escapeControls(s: string): string {
  return s.replace(/[\u0080-\u009f\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
