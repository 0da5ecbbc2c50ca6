import type { FixView } from './FixView';
import { dataTagOf, lengthTagOf } from './layout';
import { decodeText, encodeText } from './text';

/** A field value as a message holds it: text, a safe integer, or raw bytes (data fields). */
export type FixFieldValue = string | number | Uint8Array;

const textDecoder = new TextDecoder('utf-8');

/**
 * An owned FIX message: MsgType and its fields in wire order. Repeating groups are written in
 * wire order with add() (NoXxx count first, then each entry's fields, delimiter first).
 *
 * Prices and quantities go in as decimal strings (or integers), never binary floats: set()
 * refuses a non-integer number. Length fields of data fields (90, 95, …) are not set: the
 * encoder writes each from its data field's byte length, right before it.
 *
 * Header fields the session owns (34, 49, 56, 52, 43, 122) may be present (fromView keeps
 * them) and are ignored by the encoder; 50, 57, 91 and the other header fields are written in
 * the header. Reuse one instance with clear() to avoid allocating.
 */
export class FixMessage {
  // Parallel arrays used up to `count`: clear() only resets the count, so a reused message
  // keeps its storage and adding fields allocates nothing once it has grown.
  private readonly tags: number[] = [];
  private readonly values: FixFieldValue[] = [];
  private count = 0;

  constructor(public msgType: string) {}

  get fieldCount(): number {
    return this.count;
  }

  tagAt(i: number): number {
    return this.tags[i]!;
  }

  /** The value as held: string, integer or bytes. */
  rawValueAt(i: number): FixFieldValue {
    return this.values[i]!;
  }

  valueAt(i: number): string {
    return asText(this.values[i]!);
  }

  /** Index of the first field with this tag, or -1. */
  indexOf(tag: number): number {
    const tags = this.tags;
    for (let i = 0; i < this.count; i++) if (tags[i] === tag) return i;
    return -1;
  }

  /** Sets the first field with this tag, or appends it. */
  set(tag: number, value: string | number | bigint | Uint8Array): this {
    const v = checkedValue(tag, value);
    const i = this.indexOf(tag);
    if (i >= 0) this.values[i] = v;
    else this.append(tag, v);
    return this;
  }

  /** Appends a field (repeating groups: the same tag once per entry). */
  add(tag: number, value: string | number | bigint | Uint8Array): this {
    this.append(tag, checkedValue(tag, value));
    return this;
  }

  has(tag: number): boolean {
    return this.indexOf(tag) >= 0;
  }

  /** Text of the first field with this tag (data fields decoded as UTF-8). */
  get(tag: number): string | undefined {
    const i = this.indexOf(tag);
    return i < 0 ? undefined : asText(this.values[i]!);
  }

  /** Texts of every field with this tag, in order (a group's column). */
  getAll(tag: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) {
      if (this.tags[i] === tag) out.push(asText(this.values[i]!));
    }
    return out;
  }

  /** Raw bytes of a data field (or the UTF-8 of a text field). */
  getBytes(tag: number): Uint8Array | undefined {
    const i = this.indexOf(tag);
    if (i < 0) return undefined;
    const v = this.values[i]!;
    return v instanceof Uint8Array ? v : encodeText(String(v));
  }

  /** Removes every field with this tag. */
  remove(tag: number): this {
    let w = 0;
    for (let r = 0; r < this.count; r++) {
      if (this.tags[r] !== tag) {
        this.tags[w] = this.tags[r]!;
        this.values[w] = this.values[r]!;
        w++;
      }
    }
    this.release(w);
    return this;
  }

  /** Empties the message for reuse, optionally with a new MsgType. */
  clear(msgType?: string): this {
    this.release(0);
    if (msgType !== undefined) this.msgType = msgType;
    return this;
  }

  /**
   * Copies a view into an owned message: every field but 8, 9, 35 and 10, and but the length
   * fields of data fields (they are derived). Data fields keep their bytes.
   */
  static fromView(view: FixView): FixMessage {
    const msg = new FixMessage(view.msgType);
    const n = view.fieldCount;
    const frame = view.frame;
    for (let i = 0; i < n; i++) {
      const tag = view.tagAt(i);
      if (tag === 8 || tag === 9 || tag === 35 || tag === 10) continue;
      const dataTag = dataTagOf(tag);
      if (dataTag !== 0 && ((i + 1 < n && view.tagAt(i + 1) === dataTag) || (i > 0 && view.tagAt(i - 1) === dataTag))) {
        continue;
      }
      const start = view.valueStartAt(i);
      const end = view.valueEndAt(i);
      msg.append(tag, lengthTagOf(tag) !== 0 ? frame.slice(start, end) : decodeText(frame, start, end));
    }
    return msg;
  }

  private append(tag: number, value: FixFieldValue): void {
    const i = this.count++;
    if (i < this.tags.length) {
      this.tags[i] = tag;
      this.values[i] = value;
    } else {
      this.tags.push(tag);
      this.values.push(value);
    }
  }

  /** Keeps the first `count` fields; drops references to the values after them. */
  private release(count: number): void {
    for (let i = count; i < this.count; i++) this.values[i] = 0;
    this.count = count;
  }
}

function asText(v: FixFieldValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return textDecoder.decode(v);
}

function checkedValue(tag: number, value: string | number | bigint | Uint8Array): FixFieldValue {
  if (!Number.isInteger(tag) || tag <= 0 || tag > 999_999_999) throw new RangeError(`invalid FIX tag ${tag}`);
  if (dataTagOf(tag) !== 0) {
    throw new RangeError(`tag ${tag} is a length field: the encoder writes it from data field ${dataTagOf(tag)}`);
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`tag ${tag}: ${value} is not a safe integer; pass prices and quantities as decimal strings`);
    }
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}
