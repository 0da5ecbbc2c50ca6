import { FixEncodeError } from './FixParseError';
import type { FixMessage } from './FixMessage';
import { lengthTagOf, PLACE_BODY, PLACE_HEADER, PLACE_TRAILER, SOH, tagPlace } from './layout';
import { encodeText, maxUtf8Length, writeText } from './text';

/** Header fields the session writes into every message it sends. */
export interface HeaderFields {
  senderCompID: string;
  targetCompID: string;
  msgSeqNum: number;
  sendingTime: string;
  senderSubID?: string;
  targetSubID?: string;
  possDupFlag?: boolean;
  origSendingTime?: string;
  /** SecureData (91); SecureDataLen (90) is written from its byte length. */
  secureData?: Uint8Array | string;
}

/**
 * Where the encoder puts the header fields after 8, 9 and 35:
 * - `standard`: 49, 56, 90, 91, 34, 50, 57, 43, 52, 122, then the message's other header
 *   fields in message order;
 * - `ascending`: ascending tag order, as QuickFIX sends (34, 43, 49, 50, 52, 56, 57, 90, 91,
 *   115, 122, 128, …); from a Hop group (627) on, the message's header fields stay in
 *   message order (a group's fields keep their entry order).
 */
export type HeaderOrder = 'standard' | 'ascending';

export interface FixEncoderOptions {
  headerOrder?: HeaderOrder;
}

/** "8=FIX.4.4<SOH>9=" + up to 8 digits + SOH fits before the body. */
const BODY_START = 24;
const BEGIN_STRING = '8=FIX.4.4\u00019=';
const BEGIN_STRING_SUM = [...BEGIN_STRING].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
const MAX_BODY_LENGTH = 99_999_999;
const INITIAL_CAPACITY = 4096;
const HOP_GROUP = 627;

/**
 * Writes messages into one reusable, growing buffer:
 * 8=FIX.4.4|9=len|35=|<header fields, see HeaderOrder>|<body>|<trailer data fields>|10=sum|.
 * The body is written first at a fixed offset; BodyLength and BeginString are then written
 * right-aligned before it, so nothing is moved or measured twice; the CheckSum is summed while
 * the bytes are written.
 */
export class FixEncoder {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  private pos = 0;
  /** Byte sum of the body written so far: the CheckSum without a second pass. */
  private sum = 0;
  private readonly ascending: boolean;
  /** Indexes of the message's own header fields, sorted by tag (ascending order only). */
  private extra: number[] = [];

  constructor(options: FixEncoderOptions = {}) {
    this.ascending = options.headerOrder === 'ascending';
  }

  /** Encodes into the encoder's buffer: the result is valid until the next encode(). */
  encode(header: HeaderFields, msg: FixMessage): Uint8Array {
    if (!Number.isSafeInteger(header.msgSeqNum) || header.msgSeqNum < 1) {
      throw new FixEncodeError(`MsgSeqNum ${header.msgSeqNum} is not a positive integer`, 34);
    }
    this.pos = BODY_START;
    this.sum = 0;
    this.writeStringField(35, msg.msgType);
    const n = msg.fieldCount;
    let secureData = -1;
    let senderSubID = -1;
    let targetSubID = -1;
    let trailerFields = false;
    for (let i = 0; i < n; i++) {
      const tag = msg.tagAt(i);
      if (tag === 91 && secureData < 0) secureData = i;
      else if (tag === 50 && senderSubID < 0) senderSubID = i;
      else if (tag === 57 && targetSubID < 0) targetSubID = i;
    }
    if (this.ascending) this.writeHeaderAscending(header, msg, secureData, senderSubID, targetSubID);
    else this.writeHeaderStandard(header, msg, secureData, senderSubID, targetSubID);
    for (let i = 0; i < n; i++) {
      const tag = msg.tagAt(i);
      const place = tagPlace(tag);
      if (place === PLACE_BODY) this.writeField(tag, msg.rawValueAt(i));
      else if (place === PLACE_TRAILER) trailerFields = true;
    }
    if (trailerFields) {
      for (let i = 0; i < n; i++) {
        const tag = msg.tagAt(i);
        if (tagPlace(tag) === PLACE_TRAILER) this.writeField(tag, msg.rawValueAt(i));
      }
    }
    return this.finish();
  }

  /** 49, 56, 90, 91, 34, 50, 57, 43, 52, 122, then the message's other header fields. */
  private writeHeaderStandard(header: HeaderFields, msg: FixMessage, secureData: number, senderSubID: number, targetSubID: number): void {
    this.writeStringField(49, header.senderCompID);
    this.writeStringField(56, header.targetCompID);
    if (secureData >= 0) this.writeField(91, msg.rawValueAt(secureData));
    else if (header.secureData !== undefined) this.writeField(91, header.secureData);
    this.writeIntField(34, header.msgSeqNum);
    if (senderSubID >= 0) this.writeField(50, msg.rawValueAt(senderSubID));
    else if (header.senderSubID !== undefined) this.writeStringField(50, header.senderSubID);
    if (targetSubID >= 0) this.writeField(57, msg.rawValueAt(targetSubID));
    else if (header.targetSubID !== undefined) this.writeStringField(57, header.targetSubID);
    if (header.possDupFlag === true) this.writeStringField(43, 'Y');
    this.writeStringField(52, header.sendingTime);
    if (header.origSendingTime !== undefined) this.writeStringField(122, header.origSendingTime);
    const n = msg.fieldCount;
    for (let i = 0; i < n; i++) {
      const tag = msg.tagAt(i);
      if (tagPlace(tag) === PLACE_HEADER && i !== secureData && i !== senderSubID && i !== targetSubID) {
        this.writeField(tag, msg.rawValueAt(i));
      }
    }
  }

  /**
   * The session's fields (34, 43, 49, 50, 52, 56, 57, 90/91, 122, already ascending) merged
   * with the message's own header fields sorted by tag (a data field sorts by its length tag,
   * written first); the session's field goes first on a tie. From the first Hop group field on,
   * the message's fields follow in message order.
   */
  private writeHeaderAscending(header: HeaderFields, msg: FixMessage, secureData: number, senderSubID: number, targetSubID: number): void {
    const n = msg.fieldCount;
    const extra = this.extra;
    extra.length = 0;
    let hops = n;
    for (let i = 0; i < n; i++) {
      const tag = msg.tagAt(i);
      if (tagPlace(tag) !== PLACE_HEADER || i === secureData || i === senderSubID || i === targetSubID) continue;
      if (tag === HOP_GROUP) {
        hops = i;
        break;
      }
      // Insertion keeps equal tags in message order; a header holds a handful of fields.
      const key = sortKey(tag);
      let j = extra.length;
      extra.push(i);
      while (j > 0 && sortKey(msg.tagAt(extra[j - 1]!)) > key) {
        extra[j] = extra[j - 1]!;
        j--;
      }
      extra[j] = i;
    }
    let e = 0;
    e = this.writeExtraBelow(msg, e, 34);
    this.writeIntField(34, header.msgSeqNum);
    if (header.possDupFlag === true) {
      e = this.writeExtraBelow(msg, e, 43);
      this.writeStringField(43, 'Y');
    }
    e = this.writeExtraBelow(msg, e, 49);
    this.writeStringField(49, header.senderCompID);
    if (senderSubID >= 0 || header.senderSubID !== undefined) {
      e = this.writeExtraBelow(msg, e, 50);
      if (senderSubID >= 0) this.writeField(50, msg.rawValueAt(senderSubID));
      else this.writeStringField(50, header.senderSubID!);
    }
    e = this.writeExtraBelow(msg, e, 52);
    this.writeStringField(52, header.sendingTime);
    e = this.writeExtraBelow(msg, e, 56);
    this.writeStringField(56, header.targetCompID);
    if (targetSubID >= 0 || header.targetSubID !== undefined) {
      e = this.writeExtraBelow(msg, e, 57);
      if (targetSubID >= 0) this.writeField(57, msg.rawValueAt(targetSubID));
      else this.writeStringField(57, header.targetSubID!);
    }
    if (secureData >= 0 || header.secureData !== undefined) {
      e = this.writeExtraBelow(msg, e, 90);
      this.writeField(91, secureData >= 0 ? msg.rawValueAt(secureData) : header.secureData!);
    }
    if (header.origSendingTime !== undefined) {
      e = this.writeExtraBelow(msg, e, 122);
      this.writeStringField(122, header.origSendingTime);
    }
    this.writeExtraBelow(msg, e, Infinity);
    for (let i = hops; i < n; i++) {
      const tag = msg.tagAt(i);
      if (tagPlace(tag) === PLACE_HEADER && i !== secureData && i !== senderSubID && i !== targetSubID) {
        this.writeField(tag, msg.rawValueAt(i));
      }
    }
  }

  /** Writes the sorted extra header fields from index e whose sort key is below `key`. */
  private writeExtraBelow(msg: FixMessage, e: number, key: number): number {
    const extra = this.extra;
    while (e < extra.length && sortKey(msg.tagAt(extra[e]!)) < key) {
      const i = extra[e++]!;
      this.writeField(msg.tagAt(i), msg.rawValueAt(i));
    }
    return e;
  }

  /** Encodes into a fresh array the caller may keep. */
  encodeCopy(header: HeaderFields, msg: FixMessage): Uint8Array {
    return this.encode(header, msg).slice();
  }

  /** Writes BodyLength, BeginString and CheckSum around the body and returns the frame. */
  private finish(): Uint8Array {
    const bodyEnd = this.pos;
    const bodyLength = bodyEnd - BODY_START;
    if (bodyLength > MAX_BODY_LENGTH) throw new FixEncodeError('message too long', 9);
    const buf = this.buf;
    let sum = this.sum + SOH;
    let p = BODY_START - 1;
    buf[p] = SOH;
    let v = bodyLength;
    do {
      const digit = 0x30 + (v % 10);
      buf[--p] = digit;
      sum += digit;
      v = Math.floor(v / 10);
    } while (v > 0);
    for (let i = BEGIN_STRING.length - 1; i >= 0; i--) buf[--p] = BEGIN_STRING.charCodeAt(i);
    sum = (sum + BEGIN_STRING_SUM) & 0xff;
    const start = p;
    this.ensure(7);
    let q = this.pos;
    buf[q++] = 0x31; // 1
    buf[q++] = 0x30; // 0
    buf[q++] = 0x3d; // =
    buf[q++] = 0x30 + Math.floor(sum / 100);
    buf[q++] = 0x30 + (Math.floor(sum / 10) % 10);
    buf[q++] = 0x30 + (sum % 10);
    buf[q++] = SOH;
    this.pos = q;
    return buf.subarray(start, q);
  }

  private writeField(tag: number, value: string | number | Uint8Array): void {
    if (typeof value === 'number') {
      this.writeIntField(tag, value);
    } else if (lengthTagOf(tag) !== 0) {
      this.writeDataField(tag, typeof value === 'string' ? encodeText(value) : value);
    } else if (typeof value === 'string') {
      this.writeStringField(tag, value);
    } else {
      if (value.includes(SOH)) throw new FixEncodeError(`tag ${tag} holds an SOH; only data fields may`, tag);
      this.writeBytesField(tag, value);
    }
  }

  /** Writes a data field's length field, then the data verbatim (any byte allowed). */
  private writeDataField(tag: number, data: Uint8Array): void {
    if (data.length === 0) throw new FixEncodeError(`data field ${tag} is empty`, tag);
    this.writeIntField(lengthTagOf(tag), data.length);
    this.writeBytesField(tag, data);
  }

  private writeBytesField(tag: number, value: Uint8Array): void {
    if (value.length === 0) throw new FixEncodeError(`tag ${tag} has an empty value`, tag);
    this.ensure(value.length + 12);
    this.writeTag(tag);
    const buf = this.buf;
    buf.set(value, this.pos);
    let sum = this.sum + SOH;
    for (let i = 0; i < value.length; i++) sum += value[i]!;
    this.sum = sum;
    this.pos += value.length;
    buf[this.pos++] = SOH;
  }

  /** Text as UTF-8; the copy loop also sums the bytes and watches for SOH. */
  private writeStringField(tag: number, value: string): void {
    const soh = 0x01; // a local: a module constant would be loaded at every char
    const n = value.length;
    if (n === 0) throw new FixEncodeError(`tag ${tag} has an empty value`, tag);
    this.ensure(maxUtf8Length(value) + 12);
    this.writeTag(tag);
    const buf = this.buf;
    let p = this.pos;
    let sum = this.sum;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      // One test for the rare cases: NUL, SOH and anything not ASCII.
      if (c - 2 >>> 0 >= 0x7e) {
        if (c === soh) throw new FixEncodeError(`tag ${tag} holds an SOH; only data fields may`, tag);
        if (c >= 0x80) {
          const end = writeText(buf, p, value.slice(i));
          for (; p < end; p++) {
            if (buf[p] === soh) throw new FixEncodeError(`tag ${tag} holds an SOH; only data fields may`, tag);
            sum += buf[p]!;
          }
          break;
        }
      }
      buf[p++] = c;
      sum += c;
    }
    buf[p++] = soh;
    this.sum = sum + soh;
    this.pos = p;
  }

  private writeIntField(tag: number, value: number): void {
    this.ensure(32);
    this.writeTag(tag);
    const buf = this.buf;
    let sum = this.sum;
    let v = value;
    if (v < 0) {
      buf[this.pos++] = 0x2d;
      sum += 0x2d;
      v = -v;
    }
    const start = this.pos;
    do {
      const digit = 0x30 + (v % 10);
      buf[this.pos++] = digit;
      sum += digit;
      v = Math.floor(v / 10);
    } while (v > 0);
    // Digits were written least significant first.
    for (let i = start, j = this.pos - 1; i < j; i++, j--) {
      const t = buf[i]!;
      buf[i] = buf[j]!;
      buf[j] = t;
    }
    buf[this.pos++] = SOH;
    this.sum = sum + SOH;
  }

  /** Writes "tag=" (room already ensured). */
  private writeTag(tag: number): void {
    const buf = this.buf;
    let p = this.pos;
    let sum = this.sum + 0x3d;
    if (tag < 10) {
      sum += buf[p++] = 0x30 + tag;
    } else if (tag < 100) {
      sum += buf[p++] = 0x30 + Math.floor(tag / 10);
      sum += buf[p++] = 0x30 + (tag % 10);
    } else if (tag < 1000) {
      sum += buf[p++] = 0x30 + Math.floor(tag / 100);
      sum += buf[p++] = 0x30 + (Math.floor(tag / 10) % 10);
      sum += buf[p++] = 0x30 + (tag % 10);
    } else {
      const s = String(tag);
      for (let i = 0; i < s.length; i++) sum += buf[p++] = s.charCodeAt(i);
    }
    buf[p++] = 0x3d;
    this.pos = p;
    this.sum = sum;
  }

  private ensure(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }
}

/** Where a header field sorts: a data field by its length field, which is written before it. */
function sortKey(tag: number): number {
  return lengthTagOf(tag) || tag;
}
