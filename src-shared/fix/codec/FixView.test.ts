import { describe, expect, it } from 'vitest';
import { frame, frameBytes, raw } from './fixtures';
import { FixParseError } from './FixParseError';
import { FixView } from './FixView';

const logon = frame('35=A|34=1|49=T4Test|56=test|52=20150611-17:41:56.934|98=0|108=25|553=MasterUser|554=pw|384=2|372=d|372=UCG|');

describe('FixView', () => {
  it('reads tags in wire order without building objects', () => {
    const view = new FixView().reset(logon);
    expect(view.msgType).toBe('A');
    expect(view.get(49)).toBe('T4Test');
    expect(view.getInt(108)).toBe(25);
    expect(view.getInt(34)).toBe(1);
    expect(view.has(554)).toBe(true);
    expect(view.has(91)).toBe(false);
    expect(view.get(91)).toBeUndefined();
    expect(view.is(35, 'A')).toBe(true);
    expect(view.is(35, 'AB')).toBe(false);
    expect(view.tagAt(0)).toBe(8);
    expect(view.valueAt(0)).toBe('FIX.4.4');
    expect(view.tagAt(view.fieldCount - 1)).toBe(10);
    const first = view.indexOf(372);
    expect(view.valueAt(first)).toBe('d');
    expect(view.valueAt(view.indexOf(372, first + 1))).toBe('UCG');
    expect(view.frame).toBe(logon);
  });

  it('reads a frame inside a larger buffer (a socket chunk), and the next frame from a plain array alike', () => {
    const chunk = new Uint8Array(logon.length + 10);
    chunk.set(logon, 7);
    // Node's Buffer is a Uint8Array subclass: the view reads such frames through a plain view.
    class SocketChunk extends Uint8Array {}
    const socketFrame = new SocketChunk(chunk.buffer, 7, logon.length);
    const view = new FixView();
    for (const bytes of [socketFrame, logon, socketFrame]) {
      view.reset(bytes);
      expect(view.get(553)).toBe('MasterUser');
      expect(view.valueAt(view.fieldCount - 1)).toBe(view.get(10));
      expect(Array.from(view.frame)).toEqual(Array.from(logon));
    }
  });

  it('getInt is undefined for text, isInt tells', () => {
    const view = new FixView().reset(frame('35=0|34=x7|49=A|56=B|108=-12|52=20260101-00:00:00|'));
    expect(view.getInt(34)).toBeUndefined();
    expect(view.isInt(34)).toBe(false);
    expect(view.getInt(108)).toBe(-12);
    expect(view.getInt(999)).toBeUndefined();
  });

  it('reuses itself across frames, also after growing past 64 fields', () => {
    const view = new FixView();
    let body = '35=y|34=2|49=A|56=B|52=20260101-00:00:00|146=100|';
    for (let i = 0; i < 100; i++) body += `55=S${i}|`;
    view.reset(frame(body));
    expect(view.fieldCount).toBe(2 + 6 + 100 + 1);
    expect(view.valueAt(view.fieldCount - 2)).toBe('S99');
    view.reset(logon);
    expect(view.msgType).toBe('A');
    expect(view.get(55)).toBeUndefined();
  });

  it('reads a data field by its length, SOH and = included', () => {
    const body = new Uint8Array([...raw('35=UCG|34=2|49=A|56=B|90=5|91='), 0x01, 0x3d, 0x41, 0x01, 0xff, ...raw('|52=20260101-00:00:00|553=T|554=p|')]);
    const view = new FixView().reset(frameBytes(body));
    expect(Array.from(view.getBytes(91)!)).toEqual([0x01, 0x3d, 0x41, 0x01, 0xff]);
    expect(view.get(52)).toBe('20260101-00:00:00');
    expect(view.get(553)).toBe('T');
  });

  it('accepts SecureData before SecureDataLen when it holds no SOH (the T4 sample)', () => {
    const view = new FixView().reset(frame('35=UCG|34=2|49=T4Test|56=test|52=20150611-17:42:02.813|91=64768859-3ACF-4224-A4E9-DA66901AFC63|90=36|553=Trader1|554=x|'));
    expect(view.get(91)).toBe('64768859-3ACF-4224-A4E9-DA66901AFC63');
    expect(view.getInt(90)).toBe(36);
  });

  it('reads a data field after a non-numeric length up to SOH (the dictionary reports the length)', () => {
    const view = new FixView().reset(frame('35=UCG|34=2|49=A|56=B|52=20260101-00:00:00|90=x|91=abc|'));
    expect(view.get(91)).toBe('abc');
  });

  it('decodes UTF-8 text', () => {
    const view = new FixView().reset(frame('35=B|34=2|49=A|56=B|52=20260101-00:00:00|148=Zürich – 東京 breaking news headline|'));
    expect(view.get(148)).toBe('Zürich – 東京 breaking news headline');
  });

  const malformed: [string, Uint8Array, number | undefined][] = [
    ['a tag that is not a number', frame('35=0|34=3|4x=1|49=A|'), 3],
    ['a field without =', frame('35=0|34=3|49|56=B|'), 3],
    ['an empty tag', frame('35=0|34=3|=5|56=B|'), 3],
    ['a tag with a leading zero', frame('35=0|34=3|049=A|56=B|'), 3],
    ['a tag of ten digits', frame('35=0|34=3|1234567890=A|56=B|'), 3],
    ['a data field longer than the frame', frame('35=0|34=3|90=400|91=abc|'), 3],
    ['a data field whose length stops short of its SOH', frame('35=0|34=3|90=2|91=abc|'), 3],
    ['MsgType not third', frame('34=3|35=0|49=A|'), undefined],
    ['no CheckSum last', raw('8=FIX.4.4|9=5|35=0|34=1|'), undefined],
    ['a last field without SOH', raw('8=FIX.4.4|9=5|35=0|10=000'), undefined],
  ];
  it.each(malformed)('throws FixParseError on %s, with MsgSeqNum unless it is garbled', (_name, bytes, seq) => {
    const view = new FixView();
    let error: unknown;
    try {
      view.reset(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FixParseError);
    expect((error as FixParseError).msgSeqNum).toBe(seq);
    expect(view.fieldCount).toBe(0);
    view.reset(logon);
    expect(view.get(553)).toBe('MasterUser');
  });

  it('names the length field when a data field does not fit it', () => {
    try {
      new FixView().reset(frame('35=0|34=3|90=2|91=abc|'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FixParseError);
      expect((e as FixParseError).refTagID).toBe(90);
      expect((e as FixParseError).sessionRejectReason).toBe(5);
      expect((e as FixParseError).msgType).toBe('0');
    }
  });
});
