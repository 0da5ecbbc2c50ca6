import { describe, expect, it } from 'vitest';
import { FrameScanner, isAdminMsgType, readMessage, withoutTag } from './fixWire';

function frame(body: string): Buffer {
  const text = body.replaceAll('|', '\x01');
  const head = `8=FIX.4.4\x019=${Buffer.byteLength(text, 'latin1')}\x01`;
  let sum = 0;
  for (const byte of Buffer.from(head + text, 'latin1')) sum += byte;
  return Buffer.from(`${head}${text}10=${String(sum % 256).padStart(3, '0')}\x01`, 'latin1');
}

const order = frame('35=D|34=7|49=CLIENT|52=20261122-09:30:00.000|56=EXECUTOR|11=T-1|54=1|38=1|40=2|44=5000.25|');
const heartbeat = frame('35=0|34=8|49=CLIENT|52=20261122-09:30:01.000|56=EXECUTOR|');

describe('FrameScanner', () => {
  it('returns whole frames however the bytes are split', () => {
    const stream = Buffer.concat([order, heartbeat]);
    for (let cut = 1; cut < stream.length; cut++) {
      const scanner = new FrameScanner();
      const pieces = [...scanner.push(stream.subarray(0, cut)), ...scanner.push(stream.subarray(cut))];
      expect(pieces.map((p) => p.kind)).toEqual(['frame', 'frame']);
      expect(Buffer.concat(pieces.map((p) => p.bytes))).toEqual(stream);
    }
  });

  it('reports bytes before a frame and a frame with a broken trailer as garbage, then resynchronises', () => {
    const broken = Buffer.from(order);
    broken[broken.length - 5] = 0x78; // 10=x..
    const pieces = new FrameScanner().push(Buffer.concat([Buffer.from('noise'), broken, heartbeat]));
    expect(pieces.filter((p) => p.kind === 'frame').map((p) => readMessage(p.bytes).msgType)).toEqual(['0']);
    expect(Buffer.concat(pieces.filter((p) => p.kind === 'garbage').map((p) => p.bytes)).toString('latin1')).toContain('noise');
  });
});

describe('readMessage and withoutTag', () => {
  it('reads the header fields the proxy keys on', () => {
    const m = readMessage(frame('35=8|34=12|43=Y|49=EXECUTOR|52=20261122-09:30:00.000|56=CLIENT|122=20261122-09:29:59.000|11=T-1|150=F|'));
    expect([m.msgType, m.seqNum, m.possDup, m.fields.get(11), m.fields.get(150)]).toEqual(['8', 12, true, 'T-1', 'F']);
    expect(isAdminMsgType('2')).toBe(true);
    expect(isAdminMsgType('D')).toBe(false);
  });

  it('removes a field and makes BodyLength and CheckSum right again', () => {
    const stripped = withoutTag(order, 54);
    expect(stripped).toEqual(frame('35=D|34=7|49=CLIENT|52=20261122-09:30:00.000|56=EXECUTOR|11=T-1|38=1|40=2|44=5000.25|'));
    expect(() => withoutTag(order, 99)).toThrow(/tag 99/);
  });
});
