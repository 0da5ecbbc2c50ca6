import { describe, expect, it } from 'vitest';
import { frame, raw, text } from './fixtures';
import { checksum, FixFramer, type FrameResult } from './FixFramer';

const a = frame('35=0|34=1|49=A|56=B|52=20260101-00:00:00.000|');
const b = frame('35=1|34=2|49=A|56=B|52=20260101-00:00:01.000|112=T|');
const withData = frame('35=UCG|34=3|49=A|56=B|90=9|91=8=FIX|10=|52=20260101-00:00:02.000|553=T|554=p|');

function drain(framer: FixFramer): FrameResult[] {
  const out: FrameResult[] = [];
  for (let r = framer.next(); r !== null; r = framer.next()) out.push(r);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const summary = (r: FrameResult): string => (r.kind === 'frame' ? `frame ${text(r.bytes)}` : `${r.reason} ${text(r.bytes)}`);

describe('FixFramer', () => {
  it('returns several messages pushed in one chunk, one at a time', () => {
    const framer = new FixFramer();
    framer.push(concat(a, b, withData));
    expect(drain(framer).map(summary)).toEqual([a, b, withData].map((f) => `frame ${text(f)}`));
    expect(framer.buffered).toBe(0);
  });

  it('reassembles a stream split at every byte position', () => {
    const stream = concat(a, withData, b);
    for (let cut = 0; cut <= stream.length; cut++) {
      for (const second of [cut, Math.min(stream.length, cut + 7)]) {
        const framer = new FixFramer();
        const results: FrameResult[] = [];
        for (const part of [stream.subarray(0, cut), stream.subarray(cut, second), stream.subarray(second)]) {
          framer.push(part);
          results.push(...drain(framer));
        }
        expect(results.map(summary)).toEqual([a, withData, b].map((f) => `frame ${text(f)}`));
      }
    }
  });

  it('reassembles a stream pushed one byte at a time', () => {
    const stream = concat(b, withData, a);
    const framer = new FixFramer();
    const results: FrameResult[] = [];
    for (const byte of stream) {
      framer.push(Uint8Array.of(byte));
      results.push(...drain(framer));
    }
    expect(results.map(summary)).toEqual([b, withData, a].map((f) => `frame ${text(f)}`));
  });

  it('keeps frames it handed out intact while more bytes arrive', () => {
    const framer = new FixFramer();
    framer.push(concat(a, b.subarray(0, 10)));
    const first = framer.next();
    framer.push(b.subarray(10));
    for (let i = 0; i < 5000; i++) framer.push(a);
    drain(framer);
    expect(first?.kind === 'frame' && text(first.bytes)).toBe(text(a));
  });

  it('skips garbage before a frame and reports it', () => {
    const framer = new FixFramer();
    framer.push(concat(raw('hello|8=FI'), a));
    expect(drain(framer).map(summary)).toEqual(['Garbage hello|8=FI', `frame ${text(a)}`]);
  });

  it('reports garbage at once but keeps a trailing partial "8=FIX"', () => {
    const framer = new FixFramer();
    framer.push(raw('noise 8=F'));
    expect(drain(framer).map(summary)).toEqual(['Garbage noise ']);
    framer.push(a.subarray(3));
    expect(drain(framer).map(summary)).toEqual([`frame ${text(a)}`]);
  });

  it('drops exactly the message with a bad checksum', () => {
    const bad = a.slice();
    bad[bad.length - 2] = bad[bad.length - 2] === 0x30 ? 0x31 : 0x30;
    const framer = new FixFramer();
    framer.push(concat(bad, b));
    expect(drain(framer).map(summary)).toEqual([`BadCheckSum ${text(bad)}`, `frame ${text(b)}`]);
  });

  it('drops a message cut short only up to the next message, even when its length ends on that one’s trailer', () => {
    const cut = raw('35=0|34=2|49=A|56=B|');
    const length = cut.length + b.length - 7;
    const head = raw(`8=FIX.4.4|9=${length}|`);
    const framer = new FixFramer();
    framer.push(concat(head, cut, b, a));
    expect(drain(framer).map(summary)).toEqual([`BadBodyLength ${text(concat(head, cut))}`, `frame ${text(b)}`, `frame ${text(a)}`]);
  });

  it('drops a message whose BodyLength misses the trailer, up to the next message', () => {
    for (const delta of [-1, 1, 30]) {
      const body = '35=0|34=1|49=A|56=B|52=20260101-00:00:00.000|';
      const wrong = raw(`8=FIX.4.4|9=${body.length + delta}|${body}10=000|`);
      const framer = new FixFramer();
      framer.push(concat(wrong, b));
      expect(drain(framer).map(summary)).toEqual([`BadBodyLength ${text(wrong)}`, `frame ${text(b)}`]);
    }
  });

  it('drops a message whose BodyLength is not a number', () => {
    for (const length of ['', 'x1', '-5', '123456789']) {
      const wrong = raw(`8=FIX.4.4|9=${length}|35=0|10=000|`);
      const framer = new FixFramer();
      framer.push(concat(wrong, b));
      expect(drain(framer).map(summary)).toEqual([`BadBodyLength ${text(wrong)}`, `frame ${text(b)}`]);
    }
  });

  it('drops a message without BodyLength second', () => {
    const wrong = raw('8=FIX.4.4|35=0|9=5|10=000|');
    const framer = new FixFramer();
    framer.push(concat(wrong, b));
    expect(drain(framer).map(summary)).toEqual([`BadBodyLength ${text(wrong)}`, `frame ${text(b)}`]);
  });

  it('refuses a BodyLength above the limit without waiting for it', () => {
    const framer = new FixFramer({ maxBodyLength: 100 });
    const wrong = raw('8=FIX.4.4|9=101|35=0|');
    framer.push(concat(wrong, a));
    expect(drain(framer).map(summary)).toEqual([`BadBodyLength ${text(wrong)}`, `frame ${text(a)}`]);
  });

  it('waits for the bytes a BodyLength announces', () => {
    const framer = new FixFramer();
    framer.push(a.subarray(0, a.length - 1));
    expect(framer.next()).toBeNull();
    framer.push(a.subarray(a.length - 1));
    expect(framer.next()?.kind).toBe('frame');
  });

  it('reports a well-framed message of another FIX version as BadBeginString', () => {
    const fix42 = frame('35=0|34=1|49=A|56=B|52=20260101-00:00:00|', 'FIX.4.2');
    const framer = new FixFramer();
    framer.push(concat(fix42, a));
    expect(drain(framer).map(summary)).toEqual([`BadBeginString ${text(fix42)}`, `frame ${text(a)}`]);
  });

  it('reports a BeginString that never ends', () => {
    const framer = new FixFramer();
    const wrong = raw('8=FIXFIXFIXFIXFIXFIXFIX');
    framer.push(concat(wrong, a));
    expect(drain(framer).map(summary)).toEqual([`BadBeginString ${text(wrong)}`, `frame ${text(a)}`]);
  });

  it('computes the FIX checksum', () => {
    const bytes = raw('8=FIX.4.4|9=5|35=0|');
    let sum = 0;
    for (const x of bytes) sum += x;
    expect(checksum(bytes, 0, bytes.length)).toBe(sum % 256);
  });
});
