import { describe, expect, it } from 'vitest';
import { frame } from './fixtures';
import { FixMessage } from './FixMessage';
import { FixView } from './FixView';

describe('FixMessage', () => {
  it('sets, replaces, appends, reads and removes fields in wire order', () => {
    const msg = new FixMessage('V').set(262, 'r1').set(263, 1).set(267, 2).add(269, '0').add(269, '1');
    msg.set(262, 'r2');
    expect(msg.get(262)).toBe('r2');
    expect(msg.get(263)).toBe('1');
    expect(msg.getAll(269)).toEqual(['0', '1']);
    expect(Array.from({ length: msg.fieldCount }, (_, i) => msg.tagAt(i))).toEqual([262, 263, 267, 269, 269]);
    msg.remove(269);
    expect(msg.has(269)).toBe(false);
    expect(msg.fieldCount).toBe(3);
    msg.clear('W');
    expect(msg.msgType).toBe('W');
    expect(msg.fieldCount).toBe(0);
  });

  it('after clear() it holds only what is added again, reusing its storage', () => {
    const msg = new FixMessage('D').set(11, 'a').set(55, 'ES').set(38, 5);
    msg.clear('F').add(41, 'a');
    expect(msg.msgType).toBe('F');
    expect(msg.fieldCount).toBe(1);
    expect(msg.has(55)).toBe(false);
    expect(msg.get(38)).toBeUndefined();
    expect(msg.getAll(11)).toEqual([]);
    msg.set(11, 'b').set(41, 'c');
    expect(Array.from({ length: msg.fieldCount }, (_, i) => `${msg.tagAt(i)}=${msg.valueAt(i)}`)).toEqual(['41=c', '11=b']);
    msg.remove(41);
    expect(msg.fieldCount).toBe(1);
    expect(msg.indexOf(41)).toBe(-1);
  });

  it('refuses binary floats, bad tags and length fields', () => {
    const msg = new FixMessage('D');
    expect(() => msg.set(44, 1.25)).toThrow(RangeError);
    expect(() => msg.set(38, Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => msg.set(0, 'x')).toThrow(RangeError);
    expect(() => msg.set(-1, 'x')).toThrow(RangeError);
    expect(() => msg.set(1.5, 'x')).toThrow(RangeError);
    expect(() => msg.set(90, 3)).toThrow(RangeError);
    msg.set(44, '1.25').set(38, 10n ** 20n);
    expect(msg.get(44)).toBe('1.25');
    expect(msg.get(38)).toBe('100000000000000000000');
  });

  it('copies a view: framing fields and data lengths left out, data fields kept as bytes', () => {
    const view = new FixView().reset(frame('35=UCG|49=A|56=B|90=3|91=a|b|34=2|52=20260101-00:00:00|553=T|554=p|'));
    const msg = FixMessage.fromView(view);
    expect(msg.msgType).toBe('UCG');
    expect(Array.from({ length: msg.fieldCount }, (_, i) => msg.tagAt(i))).toEqual([49, 56, 91, 34, 52, 553, 554]);
    expect(msg.rawValueAt(2)).toEqual(new TextEncoder().encode('a\u0001b'));
    expect(msg.get(91)).toBe('a\u0001b');
    expect(msg.get(553)).toBe('T');
  });

  it('drops a length field that follows its data field (91 before 90)', () => {
    const view = new FixView().reset(frame('35=UCG|49=A|56=B|34=2|52=20260101-00:00:00|91=lic|90=3|553=T|554=p|'));
    const msg = FixMessage.fromView(view);
    expect(msg.has(90)).toBe(false);
    expect(msg.get(91)).toBe('lic');
  });
});
