import { lengthTagOf, SOH, STANDARD_HEADER_TAGS } from '../codec';

/**
 * Puts the header fields of an encoded frame in ascending tag order after 8, 9 and 35, the
 * layout QuickFIX sends (35|34|43|49|52|56|122|…) and that its acceptance tests compare field by
 * field. Reordering fields changes neither BodyLength nor CheckSum, so it is done in place.
 */

const IS_HEADER = new Uint8Array(1024);
for (const tag of STANDARD_HEADER_TAGS) IS_HEADER[tag] = 1;
IS_HEADER[8] = 0;
IS_HEADER[9] = 0;
IS_HEADER[35] = 0;
const HOP_GROUP = 627;
const MAX_FIELDS = 32;

const tags = new Int32Array(MAX_FIELDS);
const starts = new Int32Array(MAX_FIELDS);
const ends = new Int32Array(MAX_FIELDS);
const order = new Int32Array(MAX_FIELDS);
let scratch = new Uint8Array(1024);

export function sortHeaderFields(frame: Uint8Array): void {
  // Skip 8=, 9= and 35= (three SOH-terminated fields).
  let pos = 0;
  for (let k = 0; k < 3; k++) {
    while (pos < frame.length && frame[pos] !== SOH) pos++;
    pos++;
  }
  const headerStart = pos;
  let count = 0;
  let sorted = true;
  let dataLength = -1;
  let dataTag = 0;
  while (pos < frame.length && count < MAX_FIELDS) {
    let tag = 0;
    let p = pos;
    while (p < frame.length && frame[p] !== 0x3d) tag = tag * 10 + (frame[p++]! - 0x30);
    if (tag >= 1024 || IS_HEADER[tag] === 0 || tag === HOP_GROUP) break;
    let end = p + 1;
    if (tag === dataTag && dataLength >= 0) end += dataLength;
    else while (end < frame.length && frame[end] !== SOH) end++;
    dataTag = 0;
    if (lengthTagOf(91) === tag) {
      dataTag = 91;
      dataLength = parseCount(frame, p + 1, end);
    }
    if (count > 0 && tag < tags[count - 1]!) sorted = false;
    tags[count] = tag;
    starts[count] = pos;
    ends[count] = end + 1;
    count++;
    pos = end + 1;
  }
  if (sorted || count === MAX_FIELDS) return;
  for (let i = 0; i < count; i++) order[i] = i;
  // Insertion sort keeps equal tags (none expected) in place; headers are a handful of fields.
  for (let i = 1; i < count; i++) {
    const o = order[i]!;
    let j = i - 1;
    while (j >= 0 && tags[order[j]!]! > tags[o]!) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = o;
  }
  const length = pos - headerStart;
  if (scratch.length < length) scratch = new Uint8Array(length * 2);
  // Byte loops: no subarray objects on the hot path.
  const buf = scratch;
  let w = 0;
  for (let i = 0; i < count; i++) {
    const k = order[i]!;
    for (let r = starts[k]!, end = ends[k]!; r < end; r++) buf[w++] = frame[r]!;
  }
  for (let i = 0; i < length; i++) frame[headerStart + i] = buf[i]!;
}

function parseCount(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return end > start ? n : -1;
}
