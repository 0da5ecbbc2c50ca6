import { describe, expect, it } from 'vitest';
import { completeMessage, fillTimes, parseScript, ScriptSyntaxError } from './AcceptanceScript';
import { mismatch } from './MessageComparator';

const soh = (s: string): string => s.replaceAll('|', '\x01');
const bar = (s: string): string => s.replaceAll('\x01', '|');

describe('acceptance scripts (QuickFIX .def format)', () => {
  it('reads actions, connection numbers and comments', () => {
    const steps = parseScript(soh('# comment\n\niCONNECT\nI8=FIX.4.4|35=0|\ni2,CONNECT\nE2,8=FIX.4.4|35=5|\ne2,DISCONNECT\r\niDISCONNECT\n'));
    expect(steps.map((s) => [s.kind, s.connection, bar(s.message), s.lineNumber])).toEqual([
      ['connect', 1, '', 3],
      ['send', 1, '8=FIX.4.4|35=0|', 4],
      ['connect', 2, '', 5],
      ['expect', 2, '8=FIX.4.4|35=5|', 6],
      ['expectDisconnect', 2, '', 7],
      ['disconnect', 1, '', 8],
    ]);
  });

  it('refuses a line it cannot read', () => {
    expect(() => parseScript('X8=FIX.4.4\n')).toThrow(ScriptSyntaxError);
    expect(() => parseScript('iRECONNECT\n')).toThrow(/line 1: unknown command "RECONNECT"/);
  });

  it('fills in times, shifted by whole seconds', () => {
    const at = Date.UTC(2026, 10, 22, 23, 59, 30, 700);
    expect(fillTimes('52=<TIME>|122=<TIME-31>|126=<TIME+30>|', at)).toBe('52=20261122-23:59:30|122=20261122-23:58:59|126=20261123-00:00:00|');
  });

  it('adds BodyLength and CheckSum unless given', () => {
    expect(bar(completeMessage(soh('8=FIX.4.4|35=0|34=2|49=TW|52=20260101-00:00:00|56=ISLD|')))).toBe('8=FIX.4.4|9=45|35=0|34=2|49=TW|52=20260101-00:00:00|56=ISLD|10=203|');
    expect(bar(completeMessage(soh('8=FIX.4.4|9=5|35=0|')))).toBe('8=FIX.4.4|9=5|35=0|10=163|');
    // A given CheckSum is kept, and the BodyLength computed stops before the SOH in front of it.
    expect(bar(completeMessage(soh('8=FIX.4.4|35=0|34=2|10=256|')))).toBe('8=FIX.4.4|9=9|35=0|34=2|10=256|');
    expect(bar(completeMessage(soh('35=0|8=FIX.4.4|9=5|10=001|')))).toBe('35=0|8=FIX.4.4|9=5|10=001|');
  });
});

describe('comparing a received message with the expected one', () => {
  const expected = soh('8=FIX.4.4|9=0|35=0|34=2|49=ISLD|52=00000000-00:00:00|56=TW|112=X|10=0|');

  it('accepts other times, lengths and checksums', () => {
    expect(mismatch(expected, soh('8=FIX.4.4|9=58|35=0|34=2|49=ISLD|52=20261122-05:00:01.123|56=TW|112=X|10=042|'))).toBeNull();
  });

  it('names the first difference: count, order, value or pattern', () => {
    expect(mismatch(expected, soh('8=FIX.4.4|9=58|35=0|34=2|49=ISLD|52=20261122-05:00:01|56=TW|10=042|'))).toMatch(/^Number of fields do not match/);
    expect(mismatch(expected, soh('8=FIX.4.4|9=58|35=0|49=ISLD|34=2|52=20261122-05:00:01|56=TW|112=X|10=042|'))).toBe('Expected field (34) but found field (49)');
    expect(mismatch(expected, soh('8=FIX.4.4|9=58|35=0|34=3|49=ISLD|52=20261122-05:00:01|56=TW|112=X|10=042|'))).toBe('Value in field (34) should be (2) but was (3)');
    expect(mismatch(expected, soh('8=FIX.4.4|9=58|35=0|34=2|49=ISLD|52=yesterday|56=TW|112=X|10=042|'))).toBe('Field (52) does not match pattern');
  });
});
