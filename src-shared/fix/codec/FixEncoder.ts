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

/** "8=FIX.4.4<SOH>9=" + up to 8 digits + SOH fits before the body. */
const BODY_START = 24;
const BEGIN_STRING = '8=FIX.4.4\u00019=';
const MAX_BODY_LENGTH = 99_999_999;
const INITIAL_CAPACITY = 4096;

/**
 * Writes messages into one reusable, growing buffer:
 * 8=FIX.4.4|9=len|35=|49=|56=|90=|91=|34=|50=|57=|43=|52=|122=|<other header fields>|<body>|
 * <trailer data fields>|10=sum|. The body is written first at a fixed offset; BodyLength and
 * BeginString are then written right-aligned before it, so nothing is moved or measured twice.
 */
export class FixEncoder {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  private pos = 0;

  /** Encodes into the encoder's buffer: the result is valid until the next encode(). */
  encode(header: HeaderFields, msg: FixMessage): Uint8Array {
    if (!Number.isSafeInteger(header.msgSeqNum) || header.msgSeqNum < 1) {
      throw new FixEncodeError(`MsgSeqNum ${header.msgSeqNum} is not a positive integer`, 34);
    }
    this.pos = BODY_START;
    this.writeStringField(35, msg.msgType);
    this.writeStringField(49, header.senderCompID);
    this.writeStringField(56, header.targetCompID);
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
    for (let i = 0; i < n; i++) {
      const tag = msg.tagAt(i);
      if (tagPlace(tag) === PLACE_HEADER && i !== secureData && i !== senderSubID && i !== targetSubID) {
        this.writeField(tag, msg.rawValueAt(i));
      }
    }
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
    let p = BODY_START - 1;
    buf[p] = SOH;
    let v = bodyLength;
    do {
      buf[--p] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    for (let i = BEGIN_STRING.length - 1; i >= 0; i--) buf[--p] = BEGIN_STRING.charCodeAt(i);
    const start = p;
    let sum = 0;
    for (let i = start; i < bodyEnd; i++) sum += buf[i]!;
    sum &= 0xff;
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
      this.writeBytesField(tag, value);
    }
  }

  /** Writes a data field's length field, then the data verbatim (any byte allowed). */
  private writeDataField(tag: number, data: Uint8Array): void {
    if (data.length === 0) throw new FixEncodeError(`data field ${tag} is empty`, tag);
    this.writeIntField(lengthTagOf(tag), data.length);
    this.ensure(data.length + 12);
    this.writeTag(tag);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    this.buf[this.pos++] = SOH;
  }

  private writeStringField(tag: number, value: string): void {
    if (value.length === 0) throw new FixEncodeError(`tag ${tag} has an empty value`, tag);
    this.ensure(maxUtf8Length(value) + 12);
    this.writeTag(tag);
    const start = this.pos;
    const buf = this.buf;
    const end = writeText(buf, start, value);
    for (let i = start; i < end; i++) {
      if (buf[i] === SOH) throw new FixEncodeError(`tag ${tag} holds an SOH; only data fields may`, tag);
    }
    buf[end] = SOH;
    this.pos = end + 1;
  }

  private writeBytesField(tag: number, value: Uint8Array): void {
    if (value.length === 0) throw new FixEncodeError(`tag ${tag} has an empty value`, tag);
    if (value.includes(SOH)) throw new FixEncodeError(`tag ${tag} holds an SOH; only data fields may`, tag);
    this.ensure(value.length + 12);
    this.writeTag(tag);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    this.buf[this.pos++] = SOH;
  }

  private writeIntField(tag: number, value: number): void {
    this.ensure(32);
    this.writeTag(tag);
    const buf = this.buf;
    let v = value;
    if (v < 0) {
      buf[this.pos++] = 0x2d;
      v = -v;
    }
    const start = this.pos;
    do {
      buf[this.pos++] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
    // Digits were written least significant first.
    for (let i = start, j = this.pos - 1; i < j; i++, j--) {
      const t = buf[i]!;
      buf[i] = buf[j]!;
      buf[j] = t;
    }
    buf[this.pos++] = SOH;
  }

  /** Writes "tag=" (room already ensured). */
  private writeTag(tag: number): void {
    const buf = this.buf;
    if (tag < 10) {
      buf[this.pos++] = 0x30 + tag;
    } else if (tag < 100) {
      buf[this.pos++] = 0x30 + Math.floor(tag / 10);
      buf[this.pos++] = 0x30 + (tag % 10);
    } else if (tag < 1000) {
      buf[this.pos++] = 0x30 + Math.floor(tag / 100);
      buf[this.pos++] = 0x30 + (Math.floor(tag / 10) % 10);
      buf[this.pos++] = 0x30 + (tag % 10);
    } else {
      const s = String(tag);
      for (let i = 0; i < s.length; i++) buf[this.pos++] = s.charCodeAt(i);
    }
    buf[this.pos++] = 0x3d;
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
