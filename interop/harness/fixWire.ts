// Just enough FIX to watch and disturb a session from outside: frames by BodyLength, reads
// header fields, and re-encodes a frame with a field removed. Deliberately independent of our
// codec, so the interop tests do not judge our engine with its own parser.

const SOH = 0x01;
const BEGIN = Buffer.from('8=FIX');
const TRAILER_LENGTH = 7; // 10=nnn<SOH>
const ADMIN_MSG_TYPES = new Set(['0', '1', '2', '3', '4', '5', 'A']);

export interface WireMessage {
  readonly msgType: string;
  readonly seqNum: number;
  readonly possDup: boolean;
  /** First occurrence of each tag. */
  readonly fields: ReadonlyMap<number, string>;
  readonly raw: Buffer;
}

export function isAdminMsgType(msgType: string): boolean {
  return ADMIN_MSG_TYPES.has(msgType);
}

/** Splits a byte stream into whole FIX frames; bytes that are not a frame come back as garbage. */
export class FrameScanner {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ kind: 'frame' | 'garbage'; bytes: Buffer }> {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const out: Array<{ kind: 'frame' | 'garbage'; bytes: Buffer }> = [];
    for (;;) {
      const start = this.buffer.indexOf(BEGIN);
      if (start < 0) {
        // Keep a possible partial "8=FIX" at the end; everything before it is garbage.
        const keep = Math.min(this.buffer.length, BEGIN.length - 1);
        if (this.buffer.length > keep) out.push({ kind: 'garbage', bytes: this.buffer.subarray(0, this.buffer.length - keep) });
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
        return out;
      }
      if (start > 0) {
        out.push({ kind: 'garbage', bytes: this.buffer.subarray(0, start) });
        this.buffer = this.buffer.subarray(start);
      }
      const length = frameLength(this.buffer);
      if (length === 'incomplete') return out;
      if (length === 'invalid') {
        out.push({ kind: 'garbage', bytes: this.buffer.subarray(0, 1) });
        this.buffer = this.buffer.subarray(1);
        continue;
      }
      out.push({ kind: 'frame', bytes: this.buffer.subarray(0, length) });
      this.buffer = this.buffer.subarray(length);
    }
  }
}

// 8=FIX.4.4<SOH>9=<n><SOH> then n bytes of body then 10=nnn<SOH>.
function frameLength(buffer: Buffer): number | 'incomplete' | 'invalid' {
  const beginEnd = buffer.indexOf(SOH);
  if (beginEnd < 0) return buffer.length > 32 ? 'invalid' : 'incomplete';
  if (buffer.length < beginEnd + 4) return 'incomplete';
  if (buffer[beginEnd + 1] !== 0x39 || buffer[beginEnd + 2] !== 0x3d) return 'invalid'; // "9="
  const lengthEnd = buffer.indexOf(SOH, beginEnd + 3);
  if (lengthEnd < 0) return buffer.length - beginEnd > 12 ? 'invalid' : 'incomplete';
  const digits = buffer.toString('latin1', beginEnd + 3, lengthEnd);
  if (!/^\d{1,7}$/.test(digits)) return 'invalid';
  const total = lengthEnd + 1 + Number(digits) + TRAILER_LENGTH;
  if (buffer.length < total) return 'incomplete';
  const trailer = buffer.toString('latin1', total - TRAILER_LENGTH, total - 1);
  return buffer[total - 1] === SOH && /^10=\d{3}$/.test(trailer) ? total : 'invalid';
}

export function readMessage(frame: Buffer): WireMessage {
  const fields = new Map<number, string>();
  let at = 0;
  while (at < frame.length) {
    const equals = frame.indexOf(0x3d, at);
    const end = frame.indexOf(SOH, at);
    if (equals < 0 || end < 0 || equals > end) break;
    const tag = Number(frame.toString('latin1', at, equals));
    if (!fields.has(tag)) fields.set(tag, frame.toString('latin1', equals + 1, end));
    at = end + 1;
  }
  return {
    msgType: fields.get(35) ?? '',
    seqNum: Number(fields.get(34) ?? NaN),
    possDup: fields.get(43) === 'Y',
    fields,
    raw: frame,
  };
}

/** The same message without the given tag, with BodyLength and CheckSum made right again. */
export function withoutTag(frame: Buffer, tag: number): Buffer {
  const text = frame.toString('latin1');
  const fields = text.split('\x01').slice(0, -1);
  const body = fields.slice(2, -1).filter((field) => !field.startsWith(`${tag}=`));
  if (body.length === fields.length - 3) throw new Error(`tag ${tag} is not in the message`);
  return encode(fields[0]!, body);
}

function encode(beginString: string, bodyFields: string[]): Buffer {
  const body = bodyFields.map((field) => `${field}\x01`).join('');
  const head = `${beginString}\x019=${Buffer.byteLength(body, 'latin1')}\x01`;
  const bytes = Buffer.from(head + body, 'latin1');
  let sum = 0;
  for (const byte of bytes) sum += byte;
  return Buffer.concat([bytes, Buffer.from(`10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1')]);
}
