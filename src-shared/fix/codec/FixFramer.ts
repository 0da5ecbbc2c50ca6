import { SOH } from './layout';
import { plainBytes } from './plainBytes';

export type GarbledReason = 'BadBeginString' | 'BadBodyLength' | 'BadCheckSum' | 'Garbage';

export type FrameResult =
  /** One whole message, 8=… through 10=xxx<SOH>. */
  | { kind: 'frame'; bytes: Uint8Array }
  /** Bytes that are not a valid FIX 4.4 message: FIX says to ignore them and carry on. */
  | { kind: 'garbled'; reason: GarbledReason; bytes: Uint8Array };

export interface FixFramerOptions {
  /** Largest BodyLength accepted; a larger one is garbled (default 4 MiB). */
  maxBodyLength?: number;
}

const BEGIN = [0x38, 0x3d, 0x46, 0x49, 0x58]; // "8=FIX"
const FIX44 = [0x46, 0x49, 0x58, 0x2e, 0x34, 0x2e, 0x34]; // "FIX.4.4"
const MAX_BEGIN_STRING = 16;
const MAX_BODY_LENGTH_DIGITS = 8;
const TRAILER_LENGTH = 7; // "10=ddd<SOH>"
const MIN_CAPACITY = 64 * 1024;
const EMPTY = new Uint8Array(0);

/**
 * Cuts a byte stream into FIX messages. A frame is accepted when it starts 8=FIX.4.4, its
 * BodyLength (9) lands exactly on "10=" and its three-digit CheckSum is right. Anything else is
 * reported as garbled and skipped: a wrong checksum drops exactly that message; a BodyLength
 * that does not land on the trailer, or one that spans another "8=FIX" and fails the checksum
 * (a message cut short), or bytes that are no message at all, drop everything up to the next
 * "8=FIX".
 *
 * Frames are zero-copy views. Bytes are never overwritten once pushed (when more room is needed
 * a new buffer is taken), so a frame stays valid for as long as it is held; slice() one that is
 * kept long so the buffer behind it can be freed. A pushed chunk may itself be kept and viewed:
 * do not modify it after push().
 */
export class FixFramer {
  private buf: Uint8Array = EMPTY;
  private start = 0;
  private end = 0;
  /** Whether buf is ours to append into (a pushed chunk is only read). */
  private owned = false;
  private readonly maxBodyLength: number;

  constructor(options: FixFramerOptions = {}) {
    this.maxBodyLength = options.maxBodyLength ?? 4 * 1024 * 1024;
  }

  /** Bytes received but not yet returned by next(). */
  get buffered(): number {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    if (this.start === this.end) {
      // Viewed plain once per chunk, so the frames cut from it need no conversion each.
      this.buf = plainBytes(chunk);
      this.start = 0;
      this.end = n;
      this.owned = false;
      return;
    }
    if (!this.owned || this.end + n > this.buf.length) {
      const live = this.end - this.start;
      const grown = new Uint8Array(Math.max(MIN_CAPACITY, 2 * (live + n)));
      grown.set(this.buf.subarray(this.start, this.end));
      this.buf = grown;
      this.start = 0;
      this.end = live;
      this.owned = true;
    }
    this.buf.set(chunk, this.end);
    this.end += n;
  }

  /** The next frame or garbled run, or null when more bytes are needed. */
  next(): FrameResult | null {
    const b = this.buf;
    const s = this.start;
    const e = this.end;
    if (s >= e) return null;

    const begin = matchBegin(b, s, e);
    if (begin < 0) return null; // a prefix of "8=FIX": wait
    if (begin === 0) return this.skipTo('Garbage', nextBegin(b, s + 1, e));

    // BeginString value, up to SOH.
    let p = s + 2;
    const beginLimit = Math.min(e, p + MAX_BEGIN_STRING + 1);
    while (p < beginLimit && b[p] !== SOH) p++;
    if (p >= beginLimit) {
      return beginLimit === e && e - s < MAX_BEGIN_STRING + 3 ? null : this.skipTo('BadBeginString', nextBegin(b, s + 1, e));
    }
    const isFix44 = p - (s + 2) === FIX44.length && FIX44.every((c, i) => b[s + 2 + i] === c);

    // "9=" BodyLength SOH.
    p++;
    if (e - p < 2) return null;
    if (b[p] !== 0x39 || b[p + 1] !== 0x3d) return this.skipTo('BadBodyLength', nextBegin(b, s + 1, e));
    p += 2;
    const digitsStart = p;
    let bodyLength = 0;
    while (p < e && p - digitsStart <= MAX_BODY_LENGTH_DIGITS) {
      const c = b[p]!;
      if (c === SOH) break;
      if (c < 0x30 || c > 0x39) return this.skipTo('BadBodyLength', nextBegin(b, s + 1, e));
      bodyLength = bodyLength * 10 + (c - 0x30);
      p++;
    }
    if (p >= e) return null;
    if (b[p] !== SOH || p === digitsStart || bodyLength > this.maxBodyLength) {
      return this.skipTo('BadBodyLength', nextBegin(b, s + 1, e));
    }

    // The body ends with an SOH and is followed by exactly "10=ddd<SOH>".
    const trailer = p + 1 + bodyLength;
    if (trailer + TRAILER_LENGTH > e) return null;
    if (
      b[trailer - 1] !== SOH ||
      b[trailer] !== 0x31 ||
      b[trailer + 1] !== 0x30 ||
      b[trailer + 2] !== 0x3d ||
      !isDigit(b[trailer + 3]!) ||
      !isDigit(b[trailer + 4]!) ||
      !isDigit(b[trailer + 5]!) ||
      b[trailer + 6] !== SOH
    ) {
      return this.skipTo('BadBodyLength', nextBegin(b, s + 1, e));
    }
    const frameEnd = trailer + TRAILER_LENGTH;
    const declared = (b[trailer + 3]! - 0x30) * 100 + (b[trailer + 4]! - 0x30) * 10 + (b[trailer + 5]! - 0x30);
    if (checksum(b, s, trailer) !== declared) {
      // A span that holds another message start is most likely a message cut short whose
      // BodyLength reached into the next ones: drop only up to that start.
      const inner = nextBegin(b, s + 1, frameEnd);
      return inner < frameEnd ? this.skipTo('BadBodyLength', inner) : this.skipTo('BadCheckSum', frameEnd);
    }
    if (!isFix44) return this.skipTo('BadBeginString', frameEnd);
    this.start = frameEnd;
    return { kind: 'frame', bytes: b.subarray(s, frameEnd) };
  }

  /** Reports bytes [start, end) as garbled and moves past them. */
  private skipTo(reason: GarbledReason, end: number): FrameResult {
    const bytes = this.buf.subarray(this.start, end);
    this.start = end;
    return { kind: 'garbled', reason, bytes };
  }
}

/** The buffer of the last frame summed, read four bytes at a time (frames share buffers). */
let sumWords: DataView<ArrayBufferLike> | null = null;
let sumWordsOf: ArrayBufferLike | null = null;

/**
 * FIX CheckSum: the byte sum modulo 256 of everything before "10=". Four bytes per step: the
 * even and odd bytes of each word are added in two 16-bit lanes, kept modulo 256 so a lane
 * never carries into the other.
 */
export function checksum(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let sum = 0;
  if (end - start >= 16) {
    if (sumWordsOf !== bytes.buffer) {
      sumWordsOf = bytes.buffer;
      sumWords = new DataView(bytes.buffer);
    }
    const words = sumWords!;
    const base = bytes.byteOffset;
    let lanes = 0;
    for (const last = end - 4; i <= last; i += 4) {
      const w = words.getUint32(base + i, true);
      lanes = (lanes + (w & 0xff00ff) + ((w >>> 8) & 0xff00ff)) & 0xff00ff;
    }
    sum = (lanes & 0xff) + (lanes >>> 16);
  }
  for (; i < end; i++) sum += bytes[i]!;
  return sum & 0xff;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** 1 when "8=FIX" starts at s, -1 when the bytes there are a prefix of it, 0 otherwise. */
function matchBegin(b: Uint8Array, s: number, e: number): number {
  for (let i = 0; i < BEGIN.length; i++) {
    if (s + i >= e) return -1;
    if (b[s + i] !== BEGIN[i]) return 0;
  }
  return 1;
}

/**
 * Where the next "8=FIX" starts at or after `from`; when there is none, where a trailing
 * prefix of it starts (or e), so the bytes before can be dropped now.
 */
function nextBegin(b: Uint8Array, from: number, e: number): number {
  for (let i = from; i < e; i++) {
    if (b[i] === 0x38 && matchBegin(b, i, e) !== 0) return i;
  }
  return e;
}
