import { describe, expect, it } from 'vitest';
import { FixMessage } from '../codec';
import type { FixView } from '../codec';
import { FixDictionary } from '../dictionary';
import { BusinessReject } from './FixApplication';
import type { FixApplication } from './FixApplication';
import type { FixSession } from './FixSession';
import { Harness } from './sessionHarness';

/** Echoes orders and security definitions back, like QuickFIX's acceptance-test server. */
class Echo implements FixApplication {
  readonly seen: string[] = [];
  fromApp(view: FixView, session: FixSession): void {
    this.seen.push(`${view.msgType}:${view.get(34)}`);
    if (view.msgType !== 'D' && view.msgType !== 'd') throw new BusinessReject(3);
    session.send(FixMessage.fromView(view));
  }
}

const dictionary = FixDictionary.tessera();

function validated(app: FixApplication = new Echo()): Harness {
  return new Harness({}, app, undefined, { validator: dictionary }).logon(2);
}

const reject = (seq: number, ref: number, text: string, tag: number | undefined, msgType: string, reason: number) =>
  `35=3|34=${seq}|49=ISLD|52=<T>|56=TW|45=${ref}|58=${text}|${tag !== undefined ? `371=${tag}|` : ''}372=${msgType}|373=${reason}|`;

describe('FixSession with the FIX 4.4 dictionary (QuickFIX acceptance cases 14a–14i, 2q)', () => {
  it('rejects tags the dictionary does not know and tags not in the message type', () => {
    const h = validated();
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=ISLD|999=HI');
    h.receive('35=0|34=3|49=TW|52=<TIME>|56=ISLD|5000=HI');
    h.receive('35=0|34=4|49=TW|52=<TIME>|56=ISLD|55=MSFT');
    expect(h.take()).toEqual([
      reject(2, 2, 'Invalid tag number', 999, '0', 0),
      reject(3, 3, 'Invalid tag number', 5000, '0', 0),
      reject(4, 4, 'Tag not defined for this message type', 55, '0', 2),
    ]);
    expect(h.session.nextTargetMsgSeqNum).toBe(5);
  });

  it('rejects a tag without a value, a bad enum, a bad format, a repeated tag, a wrong group count', () => {
    const h = validated();
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=');
    h.receive('35=D|34=3|49=TW|52=<TIME>|56=ISLD|11=ID|21=4|40=1|54=1|38=002000.00|55=INTC|60=<TIME>');
    h.receive('35=D|34=4|49=TW|52=<TIME>|56=ISLD|11=ID|21=1|40=1|54=1|38=+200.00|55=INTC|60=<TIME>');
    h.receive('35=D|34=5|49=TW|52=<TIME>|56=ISLD|11=ID|21=1|40=1|40=2|54=1|38=200.00|55=INTC|60=<TIME>');
    h.receive('35=D|34=6|49=TW|52=<TIME>|56=ISLD|11=ID|21=1|40=1|54=1|38=200.00|55=INTC|386=3|336=PRE-OPEN|336=AFTER-HOURS|60=<TIME>');
    expect(h.take()).toEqual([
      reject(2, 2, 'Tag specified without a value', 56, '0', 4),
      reject(3, 3, 'Value is incorrect (out of range) for this tag', 21, 'D', 5),
      reject(4, 4, 'Incorrect data format for value', 38, 'D', 6),
      reject(5, 5, 'Tag appears more than once', 40, 'D', 13),
      reject(6, 6, 'Incorrect NumInGroup count for repeating group', 386, 'D', 16),
    ]);
  });

  it('rejects header fields after body fields (14) and an invalid MsgType (no RefTagID)', () => {
    const h = validated();
    h.receive('35=D|11=id|21=3|40=1|54=1|55=MSFT|60=<TIME>|34=2|49=TW|52=<TIME>|56=ISLD');
    h.receive('35=*|34=3|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual([reject(2, 2, 'Tag specified out of required order', 34, 'D', 14), reject(3, 3, 'Invalid MsgType', undefined, '*', 11)]);
  });

  it('takes a valid order in any header and body order, and a group with a zero count', () => {
    const app = new Echo();
    const h = validated(app);
    h.receive('35=D|49=TW|34=2|56=ISLD|52=<TIME>|40=1|55=MSFT|60=<TIME>|54=1|21=3|11=id');
    h.receive('35=d|34=3|49=TW|56=ISLD|52=<TIME>|320=JCD1091-20021011|322=1034356488676|323=6|55=TBS|22=8|167=CS|336=ONE_MAIN|58=No Products found for this Class Symbol|454=0');
    expect(app.seen).toEqual(['D:2', 'd:3']);
    expect(h.take()).toHaveLength(2);
  });

  it('rejects a bad field in a resent message and then processes the queued message behind it', () => {
    const h = validated();
    h.receive('35=1|34=3|49=TW|52=<TIME>|56=ISLD|112=HELLO1');
    h.receive('35=D|34=2|43=Y|49=TW|52=<TIME>|56=ISLD|122=<TIME>|11=ID|21=3|38=100|40=1|54=1|55=IVP|60=<TIME>|126=20040415');
    h.receive('35=1|34=4|49=TW|52=<TIME>|56=ISLD|112=HELLO2');
    expect(h.take()).toEqual([
      '35=2|34=2|49=ISLD|52=<T>|56=TW|7=2|16=0|',
      reject(3, 2, 'Incorrect data format for value', 126, 'D', 6),
      '35=0|34=4|49=ISLD|52=<T>|56=TW|112=HELLO1|',
      '35=0|34=5|49=ISLD|52=<T>|56=TW|112=HELLO2|',
    ]);
  });

  it('reverse-routes non-empty routing fields on a dictionary Reject', () => {
    const h = validated();
    h.receive('35=D|34=2|49=TW|52=<TIME>|56=ISLD|115=JCD|116=|11=ID|21=3|38=100|40=1|54=1|55=INTC|60=<TIME>');
    h.receive('35=D|34=3|49=TW|52=<TIME>|56=ISLD|128=JCD|11=ID|21=3|38=100|40=w|54=1|55=INTC|60=<TIME>');
    expect(h.take()).toEqual([
      '35=3|34=2|49=ISLD|52=<T>|56=TW|128=JCD|45=2|58=Tag specified without a value|371=116|372=D|373=4|',
      '35=3|34=3|49=ISLD|52=<T>|56=TW|115=JCD|45=3|58=Value is incorrect (out of range) for this tag|371=40|372=D|373=5|',
    ]);
  });

  it('disconnects on an invalid Logon', () => {
    const h = new Harness({}, new Echo(), undefined, { validator: dictionary }).connect();
    h.receive('35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=7|108=30');
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(1);
  });
});
