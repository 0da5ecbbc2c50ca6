import { FixParseError } from './FixParseError';
import { dataTagOf } from './layout';
import { plainBytes } from './plainBytes';
import { asciiText, bytesEqualAscii, decodeText } from './text';

const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const MAX_TAG_DIGITS = 9;
const INITIAL_FIELDS = 64;
/** Tags below this are found through a table; larger ones (rare) by a scan. */
const INDEXED_TAGS = 1024;
const EMPTY = new Uint8Array(0);

/**
 * FIX int at bytes[start, end): optional '-', then digits (leading zeros allowed, as in
 * QuickFIX). NaN when it is not one or is beyond a safe integer.
 */
export function parseFixInt(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && bytes[i] === MINUS) {
    negative = true;
    i++;
  }
  if (i >= end) return NaN;
  let n = 0;
  for (; i < end; i++) {
    const c = bytes[i]!;
    if (c < ZERO || c > NINE) return NaN;
    n = n * 10 + (c - ZERO);
  }
  if (n > Number.MAX_SAFE_INTEGER) return NaN;
  return negative ? -n : n;
}

/**
 * A zero-copy view over one FIX frame. reset() walks the frame once and records each field's
 * tag and value bounds in reusable typed arrays; values are decoded only when asked for.
 * One view is meant to be reset for every inbound message (it allocates only when a frame
 * has more fields than any before it).
 *
 * Data fields (SecureData 91, RawData 96, …) are read by the length in the field before them,
 * so they may hold SOH and '='. A data field with no length field before it (91 sent ahead of
 * 90, as in the T4 sample) is read up to the next SOH.
 */
export class FixView {
  /** Per field: tag, value start, value end (three Int32s, side by side). */
  private fields = new Int32Array(INITIAL_FIELDS * 3);
  private count = 0;
  /**
   * First field index of each tag below INDEXED_TAGS, valid where seenIn[tag] === generation:
   * a lookup is one table read, and a new frame needs no clearing, just the next generation.
   */
  private readonly firstIndex = new Int32Array(INDEXED_TAGS);
  private readonly seenIn = new Int32Array(INDEXED_TAGS);
  private generation = 0;
  private bytes: Uint8Array = EMPTY;
  /** The frame's buffer read a word at a time (kept while frames come from the same buffer). */
  private words: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private wordsOf: ArrayBufferLike | null = null;
  /** No byte of the frame is above 0x7f: values are decoded without a UTF-8 check. */
  private ascii = false;
  private msgTypeText: string | undefined;

  /** The frame this view reads (8=… through 10=xxx<SOH>). */
  get frame(): Uint8Array {
    return this.bytes;
  }

  get fieldCount(): number {
    return this.count;
  }

  /** MsgType (35), always the third field of a frame the view accepted. */
  get msgType(): string {
    if (this.msgTypeText === undefined) this.msgTypeText = this.count > 2 ? this.valueAt(2) : '';
    return this.msgTypeText;
  }

  /**
   * Re-points the view at a frame. Throws FixParseError when the frame is not a tag=value run
   * starting 8, 9, 35 and ending with 10; the view is then empty.
   */
  reset(frame: Uint8Array): this {
    return this.indexFields(plainBytes(frame));
  }

  private indexFields(frame: Uint8Array): this {
    // Byte values as local constants: the optimizing compiler folds these, while module-level
    // constants are loaded and type-checked at every use in this loop.
    const soh = 0x01;
    const equals = 0x3d;
    const zero = 0x30;
    const nine = 0x39;
    const firstLengthTag = 90; // SecureDataLen: no lower tag is a length field
    const indexedTags = INDEXED_TAGS;
    this.bytes = frame;
    this.count = 0;
    this.ascii = false;
    const generation = this.nextGeneration();
    const firstIndex = this.firstIndex;
    const seenIn = this.seenIn;
    this.msgTypeText = undefined;
    const n = frame.length;
    // A frame ends with SOH; knowing that, the scans below need no end-of-buffer checks.
    if (n === 0 || frame[n - 1] !== soh) this.fail('a frame must end with SOH', n, undefined, 0, true);
    if (this.wordsOf !== frame.buffer) {
      this.wordsOf = frame.buffer;
      this.words = new DataView(frame.buffer);
    }
    const words = this.words;
    const base = frame.byteOffset;
    const lastWord = n - 4;
    let fields = this.fields;
    let count = 0;
    let at = 0;
    let pos = 0;
    let dataTag = 0;
    let dataLength = 0;
    let lengthTag = 0;
    // OR of every value byte read (whole words, so it may see a few bytes twice): bit 7 clear
    // means the frame is ASCII. Tags are digits, checked as they are read.
    let high = 0;
    while (pos < n) {
      let tag = 0;
      let valueStart = 0;
      if (pos <= lastWord) {
        // Most tags have one to three digits: read "d=", "dd=" or "ddd=" as one word.
        const w = words.getUint32(base + pos, true);
        const d0 = (w & 0xff) - zero;
        const d1 = ((w >>> 8) & 0xff) - zero;
        const d2 = ((w >>> 16) & 0xff) - zero;
        if (d0 - 1 >>> 0 <= 8) {
          if (d1 === equals - zero) {
            tag = d0;
            valueStart = pos + 2;
          } else if (d1 >>> 0 <= 9) {
            if (d2 === equals - zero) {
              tag = d0 * 10 + d1;
              valueStart = pos + 3;
            } else if (d2 >>> 0 <= 9 && w >>> 24 === equals) {
              tag = (d0 * 10 + d1) * 10 + d2;
              valueStart = pos + 4;
            }
          }
        }
      }
      if (valueStart === 0) {
        // Longer tags, the last bytes of the frame, and anything malformed.
        const tagStart = pos;
        let c = frame[pos]!;
        while (c >= zero && c <= nine) {
          tag = tag * 10 + (c - zero);
          c = frame[++pos]!;
        }
        const digits = pos - tagStart;
        if (c !== equals || digits === 0 || digits > MAX_TAG_DIGITS || frame[tagStart] === zero) {
          this.count = count;
          this.fail(digits === 0 || c !== equals ? 'garbled tag' : 'invalid tag number', tagStart, digits > 0 && digits <= MAX_TAG_DIGITS ? tag : undefined);
        }
        valueStart = pos + 1;
      }
      let valueEnd = valueStart;
      if (tag === dataTag) {
        high = 0x80;
        valueEnd += dataLength;
        if (valueEnd >= n || frame[valueEnd] !== soh) {
          this.count = count;
          this.fail(`data field ${tag} does not end where its length ${lengthTag} says`, valueStart, lengthTag, 5);
        }
      } else {
        // Four bytes at a time: a zero byte of word ^ 0x01010101 is an SOH, the lowest one first.
        for (;;) {
          if (valueEnd > lastWord) {
            for (let c = frame[valueEnd]!; c !== soh; c = frame[++valueEnd]!) high |= c;
            break;
          }
          const word = words.getUint32(base + valueEnd, true);
          high |= word;
          const w = word ^ 0x01010101;
          const sohs = (w - 0x01010101) & ~w & 0x80808080;
          if (sohs !== 0) {
            valueEnd += (31 - Math.clz32(sohs & -sohs)) >> 3;
            break;
          }
          valueEnd += 4;
        }
      }
      if (at === fields.length) {
        this.grow();
        fields = this.fields;
      }
      fields[at] = tag;
      fields[at + 1] = valueStart;
      fields[at + 2] = valueEnd;
      at += 3;
      if (tag < indexedTags && seenIn[tag] !== generation) {
        seenIn[tag] = generation;
        firstIndex[tag] = count;
      }
      count++;
      dataTag = tag < firstLengthTag ? 0 : dataTagOf(tag);
      if (dataTag !== 0) {
        dataLength = parseFixInt(frame, valueStart, valueEnd);
        lengthTag = tag;
        // A length that is not a count leaves the data field to be read up to SOH; the
        // dictionary reports the bad length (Incorrect data format).
        if (!(dataLength >= 0)) dataTag = 0;
      }
      pos = valueEnd + 1;
    }
    this.count = count;
    this.ascii = (high & 0x80808080) === 0;
    if (count < 4 || fields[0] !== 8 || fields[3] !== 9 || fields[6] !== 35) {
      this.fail('a frame must start with BeginString (8), BodyLength (9), MsgType (35)', 0, undefined, 0, true);
    }
    if (fields[at - 3] !== 10) this.fail('a frame must end with CheckSum (10)', n, 10, 0, true);
    return this;
  }

  /** Index of the first field with this tag at or after `from`, or -1. */
  indexOf(tag: number, from = 0): number {
    if (tag < INDEXED_TAGS && tag >= 0) {
      if (this.seenIn[tag] !== this.generation) return -1;
      const first = this.firstIndex[tag]!;
      if (first >= from) return first < this.count ? first : -1;
    }
    const fields = this.fields;
    for (let i = from, n = this.count; i < n; i++) {
      if (fields[i * 3] === tag) return i;
    }
    return -1;
  }

  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }

  /** Value of the first field with this tag (UTF-8), or undefined. */
  get(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.valueAt(i);
  }

  /** Integer value of the first field with this tag; undefined when absent or not a FIX int. */
  getInt(tag: number): number | undefined {
    const i = this.indexOf(tag);
    if (i < 0) return undefined;
    const n = parseFixInt(this.bytes, this.fields[i * 3 + 1]!, this.fields[i * 3 + 2]!);
    return Number.isNaN(n) ? undefined : n;
  }

  /** Whether the field is present and holds a FIX int. */
  isInt(tag: number): boolean {
    return this.getInt(tag) !== undefined;
  }

  /** Raw bytes of the first field with this tag (a view into the frame), or undefined. */
  getBytes(tag: number): Uint8Array | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : this.bytes.subarray(this.fields[i * 3 + 1]!, this.fields[i * 3 + 2]!);
  }

  /** Whether the first field with this tag holds exactly this ASCII text (no string built). */
  is(tag: number, value: string): boolean {
    const i = this.indexOf(tag);
    return i >= 0 && bytesEqualAscii(this.bytes, this.fields[i * 3 + 1]!, this.fields[i * 3 + 2]!, value);
  }

  tagAt(i: number): number {
    return this.fields[i * 3]!;
  }

  valueAt(i: number): string {
    const fields = this.fields;
    const start = fields[i * 3 + 1]!;
    const end = fields[i * 3 + 2]!;
    const bytes = this.bytes;
    if (!this.ascii) return decodeText(bytes, start, end);
    // Most values are a few characters: built here, without a call.
    switch (end - start) {
      case 1:
        return String.fromCharCode(bytes[start]!);
      case 2:
        return String.fromCharCode(bytes[start]!, bytes[start + 1]!);
      case 3:
        return String.fromCharCode(bytes[start]!, bytes[start + 1]!, bytes[start + 2]!);
      default:
        return asciiText(bytes, start, end);
    }
  }

  intAt(i: number): number | undefined {
    const n = parseFixInt(this.bytes, this.fields[i * 3 + 1]!, this.fields[i * 3 + 2]!);
    return Number.isNaN(n) ? undefined : n;
  }

  valueBytesAt(i: number): Uint8Array {
    return this.bytes.subarray(this.fields[i * 3 + 1]!, this.fields[i * 3 + 2]!);
  }

  /** Byte offset of field i's value in the frame. */
  valueStartAt(i: number): number {
    return this.fields[i * 3 + 1]!;
  }

  /** Byte offset just past field i's value (its SOH). */
  valueEndAt(i: number): number {
    return this.fields[i * 3 + 2]!;
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.seenIn.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  private grow(): void {
    const fields = new Int32Array(this.fields.length * 2);
    fields.set(this.fields);
    this.fields = fields;
  }

  /**
   * Reports a malformed frame with what is known of it, then empties the view. A frame whose
   * header or trailer is out of shape is garbled: it carries no MsgSeqNum, so it is ignored.
   */
  private fail(message: string, offset: number, refTagID: number | undefined, reason = 0, garbled = false): never {
    const seq = garbled ? -1 : this.indexOf(34);
    const msgSeqNum = seq >= 0 ? this.intAt(seq) : undefined;
    const msgType = this.count > 2 && this.fields[6] === 35 ? this.valueAt(2) : undefined;
    this.count = 0;
    this.bytes = EMPTY;
    throw new FixParseError(message, reason, refTagID, offset, msgSeqNum, msgType);
  }
}
