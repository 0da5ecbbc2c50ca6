import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frame as makeFrame, frameBytes, raw } from './fixtures';
import { FixEncoder, type HeaderFields } from './FixEncoder';
import { checksum, FixFramer, type FrameResult } from './FixFramer';
import { FixMessage } from './FixMessage';
import { FixParseError } from './FixParseError';
import { FixView } from './FixView';
import { formatForLog } from './formatForLog';
import { dataTagOf, lengthTagOf, PLACE_BODY, PLACE_TRAILER, tagPlace } from './layout';
import { parseUtcTimestamp, utcTimestamp } from './utcTimestamp';

const utf8 = new TextEncoder();
const BODY_DATA_TAGS = [96, 349, 351, 353, 355, 357, 359, 361, 363, 365, 446, 619, 622];

const bodyTag = fc.integer({ min: 1, max: 30_000 }).filter((t) => tagPlace(t) === PLACE_BODY && dataTagOf(t) === 0 && lengthTagOf(t) === 0);
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((s) => !s.includes('\u0001'));
/** Bytes rich in what breaks naive parsers: SOH, '=', digits of "10=", "8=FIX". */
const nastyBytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 48 }),
  fc.array(fc.constantFrom(0x01, 0x3d, 0x31, 0x30, 0x38, 0x46, 0x49, 0x58), { minLength: 1, maxLength: 48 }).map((a) => Uint8Array.from(a)),
);
const field = fc.oneof(
  fc.tuple(bodyTag, fc.oneof(text, fc.maxSafeInteger())),
  fc.tuple(fc.constantFrom(...BODY_DATA_TAGS), nastyBytes),
);
const compId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,16}$/);
const timestamp = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 11, 31) }).map(utcTimestamp);

const header: fc.Arbitrary<HeaderFields> = fc.record(
  {
    senderCompID: compId,
    targetCompID: compId,
    msgSeqNum: fc.integer({ min: 1, max: 2 ** 31 }),
    sendingTime: timestamp,
    senderSubID: compId,
    targetSubID: compId,
    possDupFlag: fc.boolean(),
    origSendingTime: timestamp,
    secureData: nastyBytes,
  },
  { requiredKeys: ['senderCompID', 'targetCompID', 'msgSeqNum', 'sendingTime'] },
);

const message = fc
  .tuple(fc.oneof(fc.constantFrom('0', 'A', 'D', '8', 'V', 'W', 'UCG'), fc.stringMatching(/^[0-9A-Za-z]{1,4}$/)), fc.array(field, { maxLength: 30 }))
  .map(([msgType, fields]) => {
    const msg = new FixMessage(msgType);
    for (const [tag, value] of fields) msg.add(tag, value);
    return msg;
  });

type Field = [number, string];

/** A value as its wire bytes, hex, so text, integers and data compare alike. */
function wireValue(v: string | number | Uint8Array): string {
  const bytes = typeof v === 'string' ? utf8.encode(v) : typeof v === 'number' ? utf8.encode(String(v)) : v;
  return Buffer.from(bytes).toString('hex');
}

function fieldsOf(msg: FixMessage): Field[] {
  return Array.from({ length: msg.fieldCount }, (_, i) => [msg.tagAt(i), wireValue(msg.rawValueAt(i))]);
}

/** What decoding must give back: the header the encoder writes, then the body as given. */
function expectedFields(h: HeaderFields, msg: FixMessage): Field[] {
  const out: Field[] = [
    [49, wireValue(h.senderCompID)],
    [56, wireValue(h.targetCompID)],
  ];
  if (h.secureData !== undefined) out.push([91, wireValue(h.secureData)]);
  out.push([34, wireValue(h.msgSeqNum)]);
  if (h.senderSubID !== undefined) out.push([50, wireValue(h.senderSubID)]);
  if (h.targetSubID !== undefined) out.push([57, wireValue(h.targetSubID)]);
  if (h.possDupFlag === true) out.push([43, wireValue('Y')]);
  out.push([52, wireValue(h.sendingTime)]);
  if (h.origSendingTime !== undefined) out.push([122, wireValue(h.origSendingTime)]);
  return [...out, ...fieldsOf(msg)];
}

function drain(framer: FixFramer): FrameResult[] {
  const out: FrameResult[] = [];
  for (let r = framer.next(); r !== null; r = framer.next()) out.push(r);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Pushes a stream cut at the given points and collects what the framer returns. */
function frameStream(stream: Uint8Array, cuts: number[] = []): FrameResult[] {
  const framer = new FixFramer();
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const results: FrameResult[] = [];
  let from = 0;
  for (const p of [...points, stream.length]) {
    framer.push(stream.subarray(from, p));
    results.push(...drain(framer));
    from = p;
  }
  return results;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('codec properties', () => {
  it('decode(encode(m)) gives m back, data fields with any byte included', () => {
    const encoder = new FixEncoder();
    const view = new FixView();
    fc.assert(
      fc.property(header, message, (h, msg) => {
        const bytes = encoder.encode(h, msg);
        const results = frameStream(bytes);
        expect(results).toHaveLength(1);
        expect(results[0]!.kind).toBe('frame');
        const decoded = FixMessage.fromView(view.reset(results[0]!.bytes));
        expect(decoded.msgType).toBe(msg.msgType);
        expect(fieldsOf(decoded)).toEqual(expectedFields(h, msg));
        expect(view.getInt(34)).toBe(h.msgSeqNum);
      }),
      { numRuns: 300 },
    );
  });

  it('ascending header order: QuickFIX’s layout, the same fields as the standard order', () => {
    // The message's own header fields too (Hop group included), each at most once.
    const headerField = fc.tuple(fc.constantFrom(50, 57, 91, 97, 115, 116, 128, 129, 142, 143, 144, 145, 347, 369, 627, 628), compId);
    const standard = new FixEncoder();
    const ascending = new FixEncoder({ headerOrder: 'ascending' });
    const view = new FixView();
    fc.assert(
      fc.property(header, message, fc.uniqueArray(headerField, { selector: ([tag]) => tag, maxLength: 8 }), (h, body, extra) => {
        const msg = new FixMessage(body.msgType);
        for (let i = 0; i < body.fieldCount; i++) msg.add(body.tagAt(i), body.rawValueAt(i));
        for (const [tag, value] of extra) msg.add(tag, value);
        const expected = FixMessage.fromView(view.reset(standard.encodeCopy(h, msg)));
        view.reset(ascending.encode(h, msg));
        expect(FixMessage.fromView(view).fieldCount).toBe(expected.fieldCount);
        const headerTags: number[] = [];
        for (let i = 3; i < view.fieldCount - 1 && tagPlace(view.tagAt(i)) !== PLACE_BODY && tagPlace(view.tagAt(i)) !== PLACE_TRAILER; i++) headerTags.push(view.tagAt(i));
        const hop = headerTags.indexOf(627);
        const sorted = hop < 0 ? headerTags : headerTags.slice(0, hop);
        expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
        for (let i = 0; i < expected.fieldCount; i++) {
          const tag = expected.tagAt(i);
          expect(wireValue(FixMessage.fromView(view).getBytes(tag)!)).toBe(wireValue(expected.getBytes(tag)!));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a stream of messages split anywhere comes out as the same frames, in order', () => {
    const encoder = new FixEncoder();
    fc.assert(
      fc.property(fc.array(fc.tuple(header, message), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (msgs, cuts) => {
        const frames = msgs.map(([h, m]) => encoder.encodeCopy(h, m));
        const results = frameStream(concat(frames), cuts);
        expect(results.map((r) => `${r.kind} ${hex(r.bytes)}`)).toEqual(frames.map((f) => `frame ${hex(f)}`));
      }),
      { numRuns: 200 },
    );
  });

  it('random bytes never throw out of the framer, and every byte is returned once or kept', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(raw('8=FIX.4.4|9=')), fc.constant(raw('|10=000|'))), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const stream = concat(parts);
        const framer = new FixFramer();
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const out: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, stream.length]) {
          framer.push(stream.subarray(from, p));
          for (const r of drain(framer)) out.push(r.bytes);
          from = p;
        }
        const returned = concat(out);
        expect(hex(returned)).toBe(hex(stream.subarray(0, returned.length)));
        expect(returned.length + framer.buffered).toBe(stream.length);
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes and mutated frames never throw out of FixView except FixParseError, nor out of formatForLog', () => {
    const encoder = new FixEncoder();
    const view = new FixView();
    const mutated = fc.tuple(header, message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([h, m, edits]) => {
      const bytes = encoder.encodeCopy(h, m);
      for (const [at, value] of edits) bytes[at % bytes.length] = value;
      return bytes;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), mutated), (bytes) => {
        try {
          view.reset(bytes);
          for (let i = 0; i < view.fieldCount; i++) view.valueAt(i);
        } catch (e) {
          expect(e).toBeInstanceOf(FixParseError);
        }
        expect(typeof formatForLog(bytes)).toBe('string');
      }),
      { numRuns: 1000 },
    );
  });

  it('formatForLog never shows a password or SecureData', () => {
    const encoder = new FixEncoder();
    const secret = fc.stringMatching(/^[A-Za-z0-9]{12,20}$/);
    fc.assert(
      fc.property(header, secret, secret, (h, password, licence) => {
        const msg = new FixMessage('A').set(98, 0).set(108, 30).set(553, 'user').set(554, password);
        const line = formatForLog(encoder.encode({ ...h, secureData: licence }, msg));
        expect(line).not.toContain(password);
        expect(line).not.toContain(licence);
        expect(line).toContain('554=***');
        expect(line).toContain('91=***');
      }),
    );
  });

  it('utcTimestamp and parseUtcTimestamp invert each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const s = utcTimestamp(ms);
        expect(s).toMatch(/^\d{8}-\d{2}:\d{2}:\d{2}\.\d{3}$/);
        expect(parseUtcTimestamp(s)).toBe(ms);
        if (ms >= Date.UTC(1000, 0, 1)) expect(s).toBe(new Date(ms).toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(.*)Z$/, '$1$2$3-$4'));
      }),
      { numRuns: 1000 },
    );
  });
});

/** The frames around the mutated one; the reaction is checked on M, A and B must pass. */
const A = makeFrame('35=0|49=S|56=T|34=1|52=20261122-09:00:00.000|');
const B = makeFrame('35=1|49=S|56=T|34=3|52=20261122-09:00:02.000|112=after|');
const tail = Array.from({ length: 30 }, (_, i) => makeFrame(`35=0|49=S|56=T|34=${4 + i}|52=20261122-09:00:03.000|`));

/** Whether "8=FIX" occurs after the start (a data field may hold it). */
function holdsAnotherBegin(bytes: Uint8Array): boolean {
  for (let i = 1; i + 5 <= bytes.length; i++) {
    if (bytes[i] === 0x38 && bytes[i + 1] === 0x3d && bytes[i + 2] === 0x46 && bytes[i + 3] === 0x49 && bytes[i + 4] === 0x58) return true;
  }
  return false;
}

/**
 * A valid M to mutate, and where its parts are. Its data fields hold no "8=FIX": where one
 * does, resynchronising after damage may start inside it, and the pieces get other reasons.
 */
const victim = fc
  .tuple(header, message)
  .map(([h, m]) => {
    const bytes = new FixEncoder().encodeCopy({ ...h, msgSeqNum: 2 }, m);
    const bodyStart = bytes.indexOf(0x01, bytes.indexOf(0x01) + 1) + 1;
    return { bytes, bodyStart, trailer: bytes.length - 7 };
  })
  .filter(({ bytes }) => !holdsAnotherBegin(bytes));

function reactions(m: Uint8Array): { before: string[]; garbled: string[]; after: string[] } {
  const results = frameStream(concat([A, m, B, ...tail]));
  const frames = results.filter((r) => r.kind === 'frame').map((r) => hex(r.bytes));
  return {
    before: frames.slice(0, 1),
    garbled: results.flatMap((r) => (r.kind === 'garbled' ? [r.reason] : [])),
    after: frames.slice(1),
  };
}

const expectedAfter = [B, ...tail].map(hex);

describe('framer reactions to each kind of damage (FIX: garbled messages are ignored)', () => {
  it('a body byte changed → BadCheckSum, exactly that message dropped', () => {
    fc.assert(
      fc.property(victim, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ bytes, bodyStart, trailer }, at, delta) => {
        const m = bytes.slice();
        const i = bodyStart + (at % (trailer - 1 - bodyStart));
        m[i] = (m[i]! + delta) & 0xff;
        const results = frameStream(concat([A, m, B]));
        expect(results.map((r) => (r.kind === 'frame' ? hex(r.bytes) : `${r.reason} ${hex(r.bytes)}`))).toEqual([hex(A), `BadCheckSum ${hex(m)}`, hex(B)]);
      }),
    );
  });

  it('a CheckSum digit changed → BadCheckSum', () => {
    fc.assert(
      fc.property(victim, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 9 }), ({ bytes, trailer }, digit, delta) => {
        const m = bytes.slice();
        m[trailer + 3 + digit] = 0x30 + ((m[trailer + 3 + digit]! - 0x30 + delta) % 10);
        expect(reactions(m)).toEqual({ before: [hex(A)], garbled: ['BadCheckSum'], after: expectedAfter });
      }),
    );
  });

  it('a BodyLength too short or too long → BadBodyLength, the next messages still arrive', () => {
    fc.assert(
      fc.property(victim, fc.integer({ min: -40, max: 40 }).filter((d) => d !== 0), ({ bytes, bodyStart, trailer }, delta) => {
        const length = trailer - bodyStart + delta;
        fc.pre(length >= 0);
        const m = concat([utf8.encode(`8=FIX.4.4\u00019=${length}\u0001`), bytes.subarray(bodyStart)]);
        const r = reactions(m);
        expect(r.before).toEqual([hex(A)]);
        expect(r.garbled[0]).toBe('BadBodyLength');
        expect(r.garbled.every((g) => g === 'BadBodyLength' || g === 'Garbage')).toBe(true);
        expect(r.after).toEqual(expectedAfter);
      }),
    );
  });

  it('a message cut short and followed by others → garbled, the next messages still arrive', () => {
    fc.assert(
      fc.property(victim, fc.nat(), ({ bytes }, at) => {
        const m = bytes.subarray(0, 12 + (at % (bytes.length - 12)));
        const r = reactions(m);
        expect(r.before).toEqual([hex(A)]);
        expect(r.garbled.length).toBeGreaterThan(0);
        // Its BodyLength may by chance end on a later message's trailer with a matching
        // checksum (1 in 256): FIX framing cannot tell, so that span arrives as one frame that
        // starts with the cut message (the dictionary rejects it: 8 in the body is out of
        // order) and the gap is resent. Every message after it still arrives.
        const swallowed = r.after.length > 0 && r.after[0]!.startsWith(hex(m)) ? 1 : 0;
        expect(r.after.slice(swallowed)).toEqual(expectedAfter.slice(expectedAfter.length - r.after.length + swallowed));
        if (swallowed === 0) expect(r.after).toEqual(expectedAfter);
      }),
    );
  });

  it('another BeginString, properly framed → BadBeginString, exactly that message dropped', () => {
    fc.assert(
      fc.property(victim, fc.constantFrom('FIX.4.2', 'FIX.4.0', 'FIXT.1.1', 'FIX.5.0'), ({ bytes, bodyStart, trailer }, version) => {
        const m = frameBytes(bytes.subarray(bodyStart, trailer), version);
        expect(reactions(m)).toEqual({ before: [hex(A)], garbled: ['BadBeginString'], after: expectedAfter });
      }),
    );
  });

  it('garbage between messages → Garbage, no message lost', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }).map((g) => g.map((b) => (b === 0x38 ? 0x39 : b))), (garbage) => {
        expect(reactions(garbage)).toEqual({ before: [hex(A)], garbled: ['Garbage'], after: expectedAfter });
      }),
    );
  });

  it('a garbled tag inside a well-framed message → FixParseError with its MsgSeqNum, so it gets a Reject', () => {
    fc.assert(
      fc.property(fc.constantFrom('x', '', '0', '1a'), (bad) => {
        const m = makeFrame(`35=D|49=S|56=T|34=2|52=20261122-09:00:01.000|11=c|${bad}=v|`);
        const results = frameStream(m);
        expect(results[0]?.kind).toBe('frame');
        let error: unknown;
        try {
          new FixView().reset(results[0]!.bytes);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FixParseError);
        expect(error).toMatchObject({ msgSeqNum: 2, msgType: 'D', sessionRejectReason: 0 });
      }),
    );
  });

  it('checksum is the byte sum modulo 256 over any span of any buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000, size: 'max' }), fc.nat(), fc.nat(), fc.nat({ max: 7 }), (bytes, a, b, offset) => {
        // A view that does not start at its buffer's first byte, as frames inside a chunk do.
        const inner = new Uint8Array(bytes.length + offset);
        inner.set(bytes, offset);
        const view = inner.subarray(offset);
        const start = bytes.length === 0 ? 0 : a % bytes.length;
        const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
        let sum = 0;
        for (let i = start; i < end; i++) sum += bytes[i]!;
        expect(checksum(view, start, end)).toBe(sum % 256);
      }),
      { numRuns: 500 },
    );
  });

  it('checksum helper agrees with the frames the encoder writes', () => {
    fc.assert(
      fc.property(victim, ({ bytes, trailer }) => {
        expect(String(checksum(bytes, 0, trailer)).padStart(3, '0')).toBe(new TextDecoder().decode(bytes.subarray(trailer + 3, trailer + 6)));
      }),
    );
  });
});
