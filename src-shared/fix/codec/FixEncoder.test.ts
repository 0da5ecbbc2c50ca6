import { describe, expect, it } from 'vitest';
import { frame, text } from './fixtures';
import { FixEncoder, type HeaderFields } from './FixEncoder';
import { FixFramer } from './FixFramer';
import { FixMessage } from './FixMessage';
import { FixEncodeError } from './FixParseError';
import { FixView } from './FixView';

const header: HeaderFields = {
  senderCompID: 'T4Test',
  targetCompID: 'test',
  msgSeqNum: 2,
  sendingTime: '20150611-17:42:02.813',
};

describe('FixEncoder', () => {
  it('writes BeginString, BodyLength, the header, the body and CheckSum', () => {
    const msg = new FixMessage('UCG').set(553, 'Trader1').set(554, '_TraderPassword_');
    const bytes = new FixEncoder().encode({ ...header, secureData: '64768859-3ACF-4224-A4E9-DA66901AFC63' }, msg);
    expect(text(bytes)).toBe(
      text(frame('35=UCG|49=T4Test|56=test|90=36|91=64768859-3ACF-4224-A4E9-DA66901AFC63|34=2|52=20150611-17:42:02.813|553=Trader1|554=_TraderPassword_|')),
    );
  });

  it('writes optional header fields in FIX order and the message’s header fields in the header', () => {
    const msg = new FixMessage('D').set(11, 'c1').set(57, 'Trader1').set(115, 'ON').set(38, 5);
    const bytes = new FixEncoder().encode(
      { ...header, senderSubID: 'M', targetSubID: 'ignored', possDupFlag: true, origSendingTime: '20150611-17:42:00.000' },
      msg,
    );
    expect(text(bytes)).toBe(
      text(frame('35=D|49=T4Test|56=test|34=2|50=M|57=Trader1|43=Y|52=20150611-17:42:02.813|122=20150611-17:42:00.000|115=ON|11=c1|38=5|')),
    );
  });

  it('ignores the session’s own header fields carried in a message', () => {
    const view = new FixView().reset(frame('35=D|49=X|56=Y|34=99|52=20000101-00:00:00|43=Y|11=c1|'));
    const bytes = new FixEncoder().encode(header, FixMessage.fromView(view));
    expect(text(bytes)).toBe(text(frame('35=D|49=T4Test|56=test|34=2|52=20150611-17:42:02.813|11=c1|')));
  });

  it('writes a data field with its length, any bytes included', () => {
    const data = Uint8Array.of(0x01, 0x3d, 0x31, 0x30, 0x3d, 0x01, 0x00, 0xff);
    const msg = new FixMessage('B').set(148, 'h').set(96, data);
    const bytes = new FixEncoder().encode(header, msg);
    const framer = new FixFramer();
    framer.push(bytes);
    const result = framer.next();
    expect(result?.kind).toBe('frame');
    const view = new FixView().reset(bytes);
    expect(view.getInt(95)).toBe(8);
    expect(view.indexOf(95) + 1).toBe(view.indexOf(96));
    expect(Array.from(view.getBytes(96)!)).toEqual(Array.from(data));
  });

  it('puts trailer data fields before CheckSum', () => {
    const msg = new FixMessage('0').set(89, 'sig').set(112, 't');
    const view = new FixView().reset(new FixEncoder().encode(header, msg));
    const tags = Array.from({ length: view.fieldCount }, (_, i) => view.tagAt(i));
    expect(tags.slice(-4)).toEqual([112, 93, 89, 10]);
  });

  it('writes UTF-8 text and counts BodyLength in bytes', () => {
    const bytes = new FixEncoder().encode(header, new FixMessage('B').set(148, 'Zürich 東京'));
    const framer = new FixFramer();
    framer.push(bytes);
    expect(framer.next()?.kind).toBe('frame');
    expect(new FixView().reset(bytes).get(148)).toBe('Zürich 東京');
  });

  it('reuses its buffer: encode() is valid until the next call, encodeCopy() is kept', () => {
    const encoder = new FixEncoder();
    const kept = encoder.encodeCopy(header, new FixMessage('0'));
    const before = text(kept);
    const view = encoder.encode(header, new FixMessage('1').set(112, 'x'.repeat(10_000)));
    expect(text(kept)).toBe(before);
    expect(new FixView().reset(view).get(112)).toHaveLength(10_000);
  });

  it('refuses an SOH in a text field, an empty value and a bad MsgSeqNum', () => {
    const encoder = new FixEncoder();
    expect(() => encoder.encode(header, new FixMessage('B').set(58, 'a\u0001b'))).toThrow(FixEncodeError);
    expect(() => encoder.encode(header, new FixMessage('B').set(58, 'ü\u0001b'))).toThrow(FixEncodeError);
    expect(() => encoder.encode(header, new FixMessage('B').set(58, Uint8Array.of(0x41, 0x01)))).toThrow(FixEncodeError);
    expect(() => encoder.encode(header, new FixMessage('B').set(58, ''))).toThrow(FixEncodeError);
    expect(() => encoder.encode(header, new FixMessage('B').set(96, new Uint8Array(0)))).toThrow(FixEncodeError);
    expect(() => encoder.encode({ ...header, msgSeqNum: 0 }, new FixMessage('0'))).toThrow(FixEncodeError);
    expect(() => encoder.encode({ ...header, msgSeqNum: 1.5 }, new FixMessage('0'))).toThrow(FixEncodeError);
    expect(text(encoder.encode(header, new FixMessage('0')))).toContain('|35=0|');
  });

  it('writes negative integers and large tags', () => {
    const msg = new FixMessage('D').set(20003, -42).set(25029, 1234567890123);
    const view = new FixView().reset(new FixEncoder().encode(header, msg));
    expect(view.getInt(20003)).toBe(-42);
    expect(view.get(25029)).toBe('1234567890123');
  });
});
