import { describe, expect, it } from 'vitest';
import { FixMessage, FixView, parseUtcTimestamp, utcTimestamp } from '../codec';
import { frame } from '../codec/fixtures';
import { FixDictionary } from '../dictionary';
import { BusinessReject, SessionReject } from './FixApplication';
import type { FixApplication } from './FixApplication';
import { FixSession } from './FixSession';
import { MemoryStore } from './MessageStore';
import { DailyResetSchedule } from './DailyResetSchedule';
import { frameOf, Harness, T0 } from './sessionHarness';

const LOGON = '35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30';
const LOGON_ANSWER = '35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|';

/** Records what the application is handed, in order. */
class Recorder implements FixApplication {
  readonly app: string[] = [];
  readonly admin: string[] = [];
  logons = 0;
  readonly logouts: string[] = [];

  fromApp(view: FixView): void {
    this.app.push(`${view.msgType}:${view.get(34)}:${view.get(11) ?? ''}`);
  }

  fromAdmin(view: FixView): void {
    this.admin.push(`${view.msgType}:${view.get(34)}`);
  }

  onLogon(): void {
    this.logons++;
  }

  onLogout(_session: FixSession, reason: string): void {
    this.logouts.push(reason);
  }
}

/** An application that answers a NewOrderSingle by echoing it, like QuickFIX's test server. */
class Echo extends Recorder {
  override fromApp(view: FixView, session?: FixSession): void {
    super.fromApp(view);
    if (view.msgType !== 'D') throw new BusinessReject(3);
    session!.send(FixMessage.fromView(view));
  }
}

function order(seq: number, extra = ''): string {
  return `35=D|34=${seq}|49=TW|52=<TIME>|56=ISLD|${extra}11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>`;
}

describe('Logon (acceptor)', () => {
  it('answers a valid Logon with its own, HeartBtInt taken from the initiator', () => {
    const h = new Harness({ heartBtInt: 5 }).connect().receive(LOGON);
    expect(h.take()).toEqual([LOGON_ANSWER]);
    expect(h.session.isLoggedOn).toBe(true);
    expect(h.session.heartBtInt).toBe(30);
    expect(h.session.nextTargetMsgSeqNum).toBe(2);
  });

  it('answers a Logon whose MsgSeqNum is too high, then asks for the gap from 1 (7=1, 16=0)', () => {
    const h = new Harness({ resetOnLogon: true }).connect();
    h.receive('35=A|34=5|49=TW|52=<TIME>|56=ISLD|98=0|108=30');
    expect(h.take()).toEqual([LOGON_ANSWER, '35=2|34=2|49=ISLD|52=<T>|56=TW|7=1|16=0|']);
    // A Logout is taken whatever its number.
    h.receive('35=5|34=6|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual(['35=5|34=3|49=ISLD|52=<T>|56=TW|']);
    expect(h.disconnects).toBe(1);
  });

  it('disconnects without a word when the Logon SendingTime is off by more than 120 s', () => {
    const h = new Harness().connect().receive('35=A|34=1|49=TW|52=20010101-00:00:00|56=ISLD|98=0|108=30');
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(1);
  });

  it('disconnects without a word on a Logon with the wrong CompIDs', () => {
    const h = new Harness().connect().receive('35=A|34=1|49=TW|52=<TIME>|56=DLSI|98=0|108=30');
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(1);
  });

  it('disconnects when the first message is not a Logon', () => {
    const h = new Harness().connect().receive('35=0|34=1|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(1);
  });

  it('disconnects on a Logon without HeartBtInt or with a MsgSeqNum too low', () => {
    const a = new Harness().connect().receive('35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0');
    expect(a.disconnects).toBe(1);
    const b = new Harness();
    b.session.setSequenceNumbers(1, 5);
    b.connect().receive(LOGON);
    expect(b.take()).toEqual(['35=5|34=1|49=ISLD|52=<T>|56=TW|58=MsgSeqNum too low, expecting 5 but received 1|']);
    expect(b.disconnects).toBe(1);
  });

  it('refuses a Logon the application does not authorise: Logout with its text, then disconnect', () => {
    const app: FixApplication = { fromApp: () => undefined, authorizeLogon: (v) => (v.get(554) === 'secret' ? undefined : 'Invalid user or password') };
    const refused = new Harness({}, app).connect().receive(`${LOGON}|553=u|554=wrong`);
    expect(refused.take()).toEqual(['35=5|34=1|49=ISLD|52=<T>|56=TW|58=Invalid user or password|']);
    expect(refused.disconnects).toBe(1);
    expect(refused.session.isLoggedOn).toBe(false);
    const accepted = new Harness({}, app).connect().receive(`${LOGON}|553=u|554=secret`);
    expect(accepted.take()).toEqual([LOGON_ANSWER]);
  });

  it('ResetOnLogon starts both sequences at 1 on each Logon', () => {
    const h = new Harness({ resetOnLogon: true });
    h.session.setSequenceNumbers(40, 17);
    h.connect().receive(LOGON);
    expect(h.take()).toEqual([LOGON_ANSWER]);
    expect(h.session.nextSenderMsgSeqNum).toBe(2);
  });

  it('answers ResetSeqNumFlag=Y with 141=Y and resets both numbers', () => {
    const h = new Harness();
    h.session.setSequenceNumbers(9, 9);
    h.connect().receive(`${LOGON}|141=Y`);
    expect(h.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|141=Y|']);
    expect([h.session.nextSenderMsgSeqNum, h.session.nextTargetMsgSeqNum]).toEqual([2, 2]);
  });

  it('resets on a Logon with 141=Y in the middle of a session', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon();
    for (let seq = 2; seq <= 9; seq++) h.receive(`35=0|34=${seq}|49=TW|52=<TIME>|56=ISLD`);
    h.receive('35=1|34=10|49=TW|52=<TIME>|56=ISLD|112=1');
    expect(h.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|112=1|']);
    h.receive(`${LOGON}|141=Y`);
    expect(h.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|141=Y|']);
    h.receive('35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=1');
    expect(h.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|112=1|']);
    expect(rec.logons).toBe(2);
  });

  it('starts both sequences over mid-session when asked (our Logon with 141=Y, answered in kind)', () => {
    const h = new Harness().logon();
    h.receive('35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=X');
    h.take();
    h.session.resetSequence();
    expect(h.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|141=Y|']);
    h.receive(`${LOGON}|141=Y`);
    expect(h.take()).toEqual([]); // the answer is not answered again
    h.receive('35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=Y');
    expect(h.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|112=Y|']);
  });

  it('drops an application message sent before a Logon that will reset the numbers anyway', () => {
    const h = new Harness({ resetOnLogon: true });
    expect(h.session.send(new FixMessage('B').set(148, 'lost in the reset'))).toBe(false);
    expect(h.session.nextSenderMsgSeqNum).toBe(1);
    const plain = new Harness();
    expect(plain.session.send(new FixMessage('B').set(148, 'kept for the resend'))).toBe(true);
    expect(plain.session.nextSenderMsgSeqNum).toBe(2);
  });

  it('gives up on a connection that sends no Logon within the logon timeout', () => {
    const h = new Harness({ logonTimeout: 10 }).connect();
    h.advance(9_999);
    expect(h.disconnects).toBe(0);
    h.advance(1);
    expect(h.disconnects).toBe(1);
  });
});

describe('Logon (initiator)', () => {
  const settings = { senderCompID: 'TW', targetCompID: 'ISLD', role: 'initiator' as const, heartBtInt: 30 };
  const answer = '35=A|34=1|49=ISLD|52=<TIME>|56=TW|98=0|108=30';

  it('sends Logon (98=0, 108) on connect and is logged on once answered', () => {
    const rec = new Recorder();
    const h = new Harness(settings, rec).connect();
    expect(h.take()).toEqual(['35=A|34=1|49=TW|52=<T>|56=ISLD|98=0|108=30|']);
    expect(h.session.isLoggedOn).toBe(false);
    h.receive(answer);
    expect(h.session.isLoggedOn).toBe(true);
    expect(rec.logons).toBe(1);
  });

  it('asks for a reset with 141=Y when ResetOnLogon is set, and lets toAdmin add credentials', () => {
    const app: FixApplication = {
      fromApp: () => undefined,
      toAdmin: (m) => {
        if (m.msgType === 'A') m.set(553, 'trader').set(554, 'pw').set(91, 'LICENCE');
      },
    };
    const h = new Harness({ ...settings, resetOnLogon: true }, app);
    h.session.setSequenceNumbers(12, 30);
    h.connect();
    expect(h.take()).toEqual(['35=A|34=1|49=TW|52=<T>|56=ISLD|90=7|91=LICENCE|98=0|108=30|141=Y|553=trader|554=pw|']);
  });

  it('disconnects when the Logon is not answered within the logon timeout', () => {
    const rec = new Recorder();
    const h = new Harness({ ...settings, logonTimeout: 5 }, rec).connect();
    h.advance(5_000);
    expect(h.disconnects).toBe(1);
    expect(rec.logouts).toEqual(['Timed out waiting for Logon response']);
  });

  it('reports the text of a Logout that refuses the Logon', () => {
    const rec = new Recorder();
    const h = new Harness(settings, rec).connect();
    h.take();
    h.session.onFrame(frameOf('35=5|34=1|49=ISLD|52=<TIME>|56=TW|58=Unknown user', h.now));
    expect(h.session.lastLogoutText).toBe('Unknown user');
    expect(rec.logouts).toEqual(['Logout: Unknown user']);
    expect(h.disconnects).toBe(1);
  });
});

describe('sequence numbers', () => {
  it('asks once for a gap and delivers the queued messages once each, in order', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon();
    h.receive(order(2));
    h.receive(order(5).replace('11=ID', '11=C5'));
    expect(h.take()).toEqual(['35=2|34=2|49=ISLD|52=<T>|56=TW|7=3|16=0|']);
    h.receive(order(6).replace('11=ID', '11=C6'));
    expect(h.take()).toEqual([]); // one ResendRequest outstanding: no second one
    h.receive(order(3, '43=Y|122=<TIME>|').replace('11=ID', '11=C3'));
    h.receive(order(4, '43=Y|122=<TIME>|').replace('11=ID', '11=C4'));
    expect(rec.app).toEqual(['D:2:ID', 'D:3:C3', 'D:4:C4', 'D:5:C5', 'D:6:C6']);
    expect(h.session.nextTargetMsgSeqNum).toBe(7);
    // The peer resends 5 and 6 as well: possible duplicates of processed messages are ignored.
    h.receive(order(5, '43=Y|122=<TIME>|'));
    expect(rec.app).toHaveLength(5);
  });

  it('takes a gap filled by SequenceReset-GapFill, then what was queued behind it', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon();
    h.receive('35=4|34=10|49=TW|52=<TIME>|56=ISLD|36=20|123=Y');
    h.receive('35=1|34=20|49=TW|52=<TIME>|56=ISLD|112=HELLO');
    expect(h.take()).toEqual(['35=2|34=2|49=ISLD|52=<T>|56=TW|7=2|16=0|']);
    h.receive('35=4|34=2|49=TW|52=<TIME>|56=ISLD|43=Y|122=<TIME>|36=10|123=Y');
    expect(h.take()).toEqual(['35=0|34=3|49=ISLD|52=<T>|56=TW|112=HELLO|']);
    expect(h.session.nextTargetMsgSeqNum).toBe(21);
  });

  it('logs out and disconnects on a MsgSeqNum too low without PossDupFlag', () => {
    const h = new Harness().logon();
    for (const seq of [2, 3, 4]) h.receive(`35=0|34=${seq}|49=TW|52=<TIME>|56=ISLD`);
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual(['35=5|34=2|49=ISLD|52=<T>|56=TW|58=MsgSeqNum too low, expecting 5 but received 2|']);
    expect(h.disconnects).toBe(1);
  });

  it('rejects a possible duplicate without OrigSendingTime, keeping the expected number', () => {
    const h = new Harness(undefined, new Echo()).logon();
    h.receive(order(2)).receive(order(3));
    h.take();
    h.receive(order(2, '43=Y|'));
    expect(h.take()).toEqual(['35=3|34=4|49=ISLD|52=<T>|56=TW|45=2|58=Required tag missing|371=122|372=D|373=1|']);
    h.receive('35=1|34=4|49=TW|52=<TIME>|56=ISLD|112=HELLO');
    expect(h.take()).toEqual(['35=0|34=5|49=ISLD|52=<T>|56=TW|112=HELLO|']);
  });

  it('rejects and logs out a possible duplicate whose OrigSendingTime is after its SendingTime', () => {
    const h = new Harness(undefined, new Echo()).logon();
    h.receive(order(2)).receive(order(3));
    h.take();
    h.receive(order(2, '43=Y|122=<TIME+10>|'));
    expect(h.take()).toEqual([
      '35=3|34=4|49=ISLD|52=<T>|56=TW|45=2|58=SendingTime accuracy problem|372=D|373=10|',
      '35=5|34=5|49=ISLD|52=<T>|56=TW|',
    ]);
    h.receive('35=5|34=4|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual([]); // our Logout was the request: theirs is the answer
    expect(h.disconnects).toBe(1);
  });

  it('handles SequenceReset-Reset (no GapFillFlag): forward, equal, and backwards rejected', () => {
    const h = new Harness().logon();
    h.receive('35=4|34=0|49=TW|52=<TIME>|56=ISLD|36=25');
    h.receive('35=1|34=25|49=TW|52=<TIME>|56=ISLD|112=A');
    h.receive('35=4|34=0|49=TW|52=<TIME>|56=ISLD|36=26|123=N');
    h.receive('35=4|34=0|49=TW|52=<TIME>|56=ISLD|36=1');
    h.receive('35=1|34=26|49=TW|52=<TIME>|56=ISLD|112=B');
    expect(h.take()).toEqual([
      '35=0|34=2|49=ISLD|52=<T>|56=TW|112=A|',
      '35=3|34=3|49=ISLD|52=<T>|56=TW|45=0|58=Value is incorrect (out of range) for this tag|372=4|373=5|',
      '35=0|34=4|49=ISLD|52=<T>|56=TW|112=B|',
    ]);
  });

  it('ignores a GapFill with a low MsgSeqNum and PossDupFlag, logs out on one without it', () => {
    const h = new Harness().logon();
    h.receive('35=4|34=1|49=TW|52=<TIME>|56=ISLD|43=Y|122=<TIME-1>|36=20|123=Y');
    h.receive('35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=HELLO');
    h.receive('35=4|34=1|49=TW|52=<TIME>|56=ISLD|36=20|123=Y');
    expect(h.take()).toEqual([
      '35=0|34=2|49=ISLD|52=<T>|56=TW|112=HELLO|',
      '35=5|34=3|49=ISLD|52=<T>|56=TW|58=MsgSeqNum too low, expecting 3 but received 1|',
    ]);
  });

  it('answers a ResendRequest that arrives ahead of a gap, then asks for the gap', () => {
    const h = new Harness(undefined, new Echo()).logon();
    h.receive(order(2));
    h.take();
    h.receive('35=2|34=5|49=TW|52=<TIME>|56=ISLD|7=2|16=2');
    expect(h.take()).toEqual([
      expect.stringMatching(/^35=D\|34=2\|43=Y\|49=ISLD\|52=<T>\|56=TW\|122=<T>\|11=ID\|21=3\|40=1\|54=1\|55=INTC\|60=\d{8}-[\d:]{8}\|$/),
      '35=2|34=3|49=ISLD|52=<T>|56=TW|7=3|16=0|',
    ]);
    h.receive('35=4|34=3|49=TW|52=<TIME>|56=ISLD|43=Y|122=<TIME>|36=5|123=Y');
    expect(h.session.nextTargetMsgSeqNum).toBe(6); // the queued ResendRequest is not answered twice
    expect(h.take()).toEqual([]);
  });
});

describe('resending', () => {
  it('replays stored application messages with PossDupFlag=Y and their original SendingTime', () => {
    const h = new Harness(undefined, new Echo()).logon();
    h.receive(order(2));
    const original = h.sent[0]!;
    h.take();
    h.now += 5_000;
    h.receive('35=2|34=3|49=TW|52=<TIME>|56=ISLD|7=2|16=0');
    const [resent] = h.sent;
    const text = new TextDecoder().decode(resent).split('\u0001');
    const field = (t: string) => text.find((f) => f.startsWith(`${t}=`))!.slice(t.length + 1);
    const originalTime = new TextDecoder().decode(original).split('\u0001').find((f) => f.startsWith('52='))!.slice(3);
    expect(field('43')).toBe('Y');
    expect(field('122')).toBe(originalTime);
    expect(parseUtcTimestamp(field('52'))! - parseUtcTimestamp(originalTime)!).toBe(5_000);
  });

  it('gap-fills over administrative messages and resends application ones (QuickFIX 8_*)', () => {
    const h = new Harness(undefined, new Echo()).logon();
    const req = (seq: number, text: string) => `35=1|34=${seq}|49=TW|52=<TIME>|56=ISLD|112=${text}`;
    h.receive(req(2, 'H')).receive(req(3, 'H')).receive(req(4, 'H'));
    h.receive(order(5)).receive(order(6).replace('INTC', 'CDG'));
    h.receive(req(7, 'H')).receive(req(8, 'H'));
    h.receive(order(9).replace('INTC', 'IVP'));
    h.take();
    const gap = (seq: number, to: number) => `35=4|34=${seq}|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|36=${to}|123=Y|`;
    const again = (seq: number) => expect.stringMatching(new RegExp(`^35=D\\|34=${seq}\\|43=Y\\|49=ISLD\\|52=<T>\\|56=TW\\|122=<T>\\|11=ID\\|`));
    h.receive('35=2|34=10|49=TW|52=<TIME>|56=ISLD|7=2|16=4');
    expect(h.take()).toEqual([gap(2, 5)]);
    h.receive('35=2|34=11|49=TW|52=<TIME>|56=ISLD|7=2|16=8');
    expect(h.take()).toEqual([gap(2, 5), again(5), again(6), gap(7, 9)]);
    h.receive('35=2|34=12|49=TW|52=<TIME>|56=ISLD|7=2|16=0');
    expect(h.take()).toEqual([gap(2, 5), again(5), again(6), gap(7, 9), again(9)]);
    h.receive(req(13, 'HELLO'));
    expect(h.take()).toEqual(['35=0|34=10|49=ISLD|52=<T>|56=TW|112=HELLO|']);
  });

  it('gap-fills over messages missing from the store and ones the application will not resend', () => {
    const store = new MemoryStore(T0);
    const app: FixApplication = { fromApp: () => undefined, allowResend: (v) => v.get(11) !== 'STALE' };
    const h = new Harness({}, app, store).logon();
    const news = (id: string) => new FixMessage('B').set(148, id);
    h.session.send(news('A')); // 2
    h.session.send(new FixMessage('D').set(11, 'STALE').set(21, 3).set(40, 1).set(54, 1).set(55, 'X').set(60, '20250106-12:00:00')); // 3
    h.session.send(news('C')); // 4
    h.session.setSequenceNumbers(7, 2); // 5 and 6 never stored
    h.take();
    h.receive('35=2|34=2|49=TW|52=<TIME>|56=ISLD|7=2|16=0');
    expect(h.take()).toEqual([
      '35=B|34=2|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|148=A|',
      '35=4|34=3|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|36=4|123=Y|',
      '35=B|34=4|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|148=C|',
      '35=4|34=5|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|36=7|123=Y|',
    ]);
  });

  it('stores application messages sent while disconnected and delivers them on the resend', () => {
    const h = new Harness(undefined, new Echo());
    h.session.send(new FixMessage('B').set(148, 'while down'));
    expect(h.session.nextSenderMsgSeqNum).toBe(2);
    h.connect().receive(LOGON);
    expect(h.take()).toEqual(['35=A|34=2|49=ISLD|52=<T>|56=TW|98=0|108=30|']);
    h.receive('35=2|34=2|49=TW|52=<TIME>|56=ISLD|7=1|16=0');
    expect(h.take()).toEqual(['35=B|34=1|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|148=while down|', '35=4|34=2|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|36=3|123=Y|']);
  });
});

describe('NextExpectedMsgSeqNum (789) on Logon, when enabled', () => {
  const on = { enableNextExpectedMsgSeqNum: true };
  const initiator = { senderCompID: 'TW', targetCompID: 'ISLD', role: 'initiator' as const, heartBtInt: 30, ...on };

  it('is off by default: no 789 sent, and a peer 789 changes nothing', () => {
    const h = new Harness().connect().receive(`${LOGON}|789=40`);
    expect(h.take()).toEqual([LOGON_ANSWER]);
    expect(h.session.isLoggedOn).toBe(true);
  });

  it('answers with the number it expects next: after the Logon, or the first of the gap it shows', () => {
    const h = new Harness(on).connect().receive(`${LOGON}|789=1`);
    expect(h.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|789=2|']);
    const gap = new Harness(on).connect().receive('35=A|34=4|49=TW|52=<TIME>|56=ISLD|98=0|108=30|789=1');
    // No ResendRequest: the peer resends 1-3 on its own, having read our 789.
    expect(gap.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|789=1|']);
    gap.receive('35=4|34=1|43=Y|49=TW|52=<TIME>|56=ISLD|122=<TIME>|36=4|123=Y');
    expect(gap.session.nextTargetMsgSeqNum).toBe(5);
    gap.receive('35=1|34=5|49=TW|52=<TIME>|56=ISLD|112=AFTER');
    expect(gap.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|112=AFTER|']);
  });

  it('still asks for the gap when the peer Logon carries no 789 (a peer that does not use it)', () => {
    const h = new Harness(on).connect().receive('35=A|34=4|49=TW|52=<TIME>|56=ISLD|98=0|108=30');
    expect(h.take()).toEqual(['35=A|34=1|49=ISLD|52=<T>|56=TW|98=0|108=30|789=1|', '35=2|34=2|49=ISLD|52=<T>|56=TW|7=1|16=0|']);
  });

  it('replays what the peer missed before the Logon: application messages again, admin ones as a GapFill', () => {
    const h = new Harness(on, new Echo()).connect().receive(`${LOGON}|789=1`);
    h.receive(order(2)).receive('35=1|34=3|49=TW|52=<TIME>|56=ISLD|112=T').receive(order(4));
    h.session.onDisconnected();
    h.take();
    // The peer took our Logon (1) and nothing after it.
    h.connect().receive('35=A|34=5|49=TW|52=<TIME>|56=ISLD|98=0|108=30|789=2');
    expect(h.take()).toEqual([
      '35=A|34=5|49=ISLD|52=<T>|56=TW|98=0|108=30|789=6|',
      '35=D|34=2|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|11=ID|21=3|40=1|54=1|55=INTC|60=20250106-12:00:00|',
      '35=4|34=3|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|36=4|123=Y|',
      '35=D|34=4|43=Y|49=ISLD|52=<T>|56=TW|122=<T>|11=ID|21=3|40=1|54=1|55=INTC|60=20250106-12:00:00|',
    ]);
    expect(h.session.isLoggedOn).toBe(true);
  });

  it('logs out when the peer expects a number it was never sent', () => {
    const rec = new Recorder();
    const h = new Harness(on, rec).connect().receive(`${LOGON}|789=9`);
    expect(h.take()).toEqual(['35=5|34=1|49=ISLD|52=<T>|56=TW|58=Tag 789 (NextExpectedMsgSeqNum) is higher than expected. Expected 1, Received 9|']);
    expect(h.disconnects).toBe(1);
    expect(rec.logons).toBe(0);
  });

  it('an initiator sends the number it expects next, 1 with ResetSeqNumFlag', () => {
    const h = new Harness(initiator);
    h.session.setSequenceNumbers(7, 12);
    h.connect();
    expect(h.take()).toEqual(['35=A|34=7|49=TW|52=<T>|56=ISLD|98=0|108=30|789=12|']);
    const reset = new Harness({ ...initiator, resetOnLogon: true });
    reset.session.setSequenceNumbers(7, 12);
    reset.connect();
    expect(reset.take()).toEqual(['35=A|34=1|49=TW|52=<T>|56=ISLD|98=0|108=30|141=Y|789=1|']);
    reset.receive('35=A|34=1|49=ISLD|52=<TIME>|56=TW|98=0|108=30|141=Y|789=2');
    expect(reset.session.isLoggedOn).toBe(true);
    reset.session.resetSequence();
    expect(reset.take()).toEqual(['35=A|34=1|49=TW|52=<T>|56=ISLD|98=0|108=30|141=Y|789=1|']);
  });
});

describe('Reject and BusinessMessageReject', () => {
  it('rejects a message with the wrong CompID (9), then logs out', () => {
    const h = new Harness().logon();
    h.receive('35=D|34=2|49=WT|52=<TIME>|56=ISLD|11=ID|21=3|40=1|54=1|55=INTC|60=<TIME>');
    expect(h.take()).toEqual(['35=3|34=2|49=ISLD|52=<T>|56=TW|45=2|58=CompID problem|372=D|373=9|', '35=5|34=3|49=ISLD|52=<T>|56=TW|']);
    h.receive('35=5|34=3|49=TW|52=<TIME>|56=ISLD');
    expect(h.disconnects).toBe(1);
  });

  it('rejects a SendingTime more than 120 s off (10), then logs out; the limit is configurable', () => {
    for (const off of ['-121', '+121']) {
      const h = new Harness().logon();
      h.receive(`35=0|34=2|49=TW|52=<TIME${off}>|56=ISLD`);
      expect(h.take()).toEqual(['35=3|34=2|49=ISLD|52=<T>|56=TW|45=2|58=SendingTime accuracy problem|372=0|373=10|', '35=5|34=3|49=ISLD|52=<T>|56=TW|']);
    }
    const relaxed = new Harness({ maxLatency: 600 }).logon();
    relaxed.receive('35=0|34=2|49=TW|52=<TIME-300>|56=ISLD');
    expect(relaxed.take()).toEqual([]);
    expect(relaxed.session.nextTargetMsgSeqNum).toBe(3);
  });

  it('rejects a header without TargetCompID (Required tag missing, 56) and counts it', () => {
    const h = new Harness().logon();
    h.receive('35=0|34=2|49=TW|52=<TIME>');
    expect(h.take()).toEqual(['35=3|34=2|49=ISLD|52=<T>|56=TW|45=2|58=Required tag missing|371=56|372=0|373=1|']);
    expect(h.session.nextTargetMsgSeqNum).toBe(3);
  });

  it('rejects tags that are no tag numbers (0, -1) as Invalid tag number', () => {
    const h = new Harness().logon();
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=ISLD|0=HI');
    h.receive('35=0|34=3|49=TW|52=<TIME>|56=ISLD|-1=HI');
    expect(h.take()).toEqual([
      '35=3|34=2|49=ISLD|52=<T>|56=TW|45=2|58=Invalid tag number|371=0|372=0|373=0|',
      '35=3|34=3|49=ISLD|52=<T>|56=TW|45=3|58=Invalid tag number|371=-1|372=0|373=0|',
    ]);
  });

  it('reverse-routes OnBehalfOf/DeliverTo fields on a Reject, leaving out empty ones', () => {
    const app: FixApplication = {
      fromApp: () => {
        throw new SessionReject(5, 40);
      },
    };
    const h = new Harness({}, app).logon();
    h.receive(order(2, '115=JCD|116=CS|144=CHI|'));
    h.receive(order(3, '128=JCD|129=CS|'));
    expect(h.take()).toEqual([
      '35=3|34=2|49=ISLD|52=<T>|56=TW|128=JCD|129=CS|145=CHI|45=2|58=Value is incorrect (out of range) for this tag|371=40|372=D|373=5|',
      '35=3|34=3|49=ISLD|52=<T>|56=TW|115=JCD|116=CS|45=3|58=Value is incorrect (out of range) for this tag|371=40|372=D|373=5|',
    ]);
    expect(h.session.nextTargetMsgSeqNum).toBe(4);
  });

  it('writes the same Reject texts as the dictionary reports, 15 and 17 included (one table)', () => {
    const logon = frame('35=A|49=A|56=B|34=2|52=20260101-00:00:00.000|98=0|108=30|384=2|385=R|372=d|372=UCG|');
    const verdict15 = FixDictionary.tessera().validate(new FixView().reset(logon))?.text;
    const reasons = [15, 17];
    const app: FixApplication = {
      fromApp: () => {
        throw new SessionReject(reasons.shift()!, 336);
      },
    };
    const h = new Harness({}, app).logon();
    h.receive(order(2, ''));
    h.receive(order(3, ''));
    expect(h.take()).toEqual([
      `35=3|34=2|49=ISLD|52=<T>|56=TW|45=2|58=${verdict15}|371=336|372=D|373=15|`,
      '35=3|34=3|49=ISLD|52=<T>|56=TW|45=3|58=Non-data value includes field delimiter (SOH character)|371=336|372=D|373=17|',
    ]);
    expect(verdict15).toBe('Out of order repeating group members');
  });

  it('answers an application message the application does not support with 35=j 380=3', () => {
    const h = new Harness(undefined, new Echo()).logon();
    h.receive('35=8|34=2|49=TW|52=<TIME>|56=ISLD|37=id|17=id|150=0|39=0|55=WLRI|54=1|151=100|14=0|6=0.0');
    expect(h.take()).toEqual(['35=j|34=2|49=ISLD|52=<T>|56=TW|45=2|58=Unsupported Message Type|372=8|380=3|']);
    expect(h.session.nextTargetMsgSeqNum).toBe(3);
  });

  it('turns an application failure into 35=j Application Not Available, never a stalled sequence', () => {
    const app: FixApplication = {
      fromApp: () => {
        throw new Error('bug');
      },
    };
    const h = new Harness({}, app).logon();
    h.receive(order(2));
    expect(h.take()).toEqual(['35=j|34=2|49=ISLD|52=<T>|56=TW|45=2|58=Application Not Available|372=D|380=4|']);
    expect(h.events.some((e) => e.includes('bug'))).toBe(true);
    expect(h.session.nextTargetMsgSeqNum).toBe(3);
  });

  it('appends the field to a business reject text, as QuickFIX does', () => {
    const app: FixApplication = {
      fromApp: () => {
        throw new BusinessReject(5, 55);
      },
    };
    const h = new Harness({}, app).logon();
    h.receive(order(2));
    expect(h.take()).toEqual(['35=j|34=2|49=ISLD|52=<T>|56=TW|45=2|58=Conditionally Required Field Missing (55)|372=D|380=5|']);
  });

  it('counts a received Reject and takes the next message', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon();
    h.receive('35=3|34=2|49=TW|52=<TIME>|56=ISLD|45=1');
    h.receive('35=5|34=3|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual(['35=5|34=2|49=ISLD|52=<T>|56=TW|']);
    expect(rec.admin).toEqual(['A:1', '3:2', '5:3']);
  });
});

describe('BeginString and garbled input', () => {
  it('answers another BeginString with Logout "Incorrect BeginString", then waits for the answer', () => {
    const h = new Harness({ logoutTimeout: 2 }).logon();
    h.session.onGarbled('BadBeginString', frameOf('8=FIX.4.1|35=1|34=2|49=TW|52=<TIME>|56=ISLD|112=id', h.now));
    expect(h.take()).toEqual(['35=5|34=2|49=ISLD|52=<T>|56=TW|58=Incorrect BeginString|']);
    expect(h.disconnects).toBe(0);
    h.advance(2_000);
    expect(h.disconnects).toBe(1);
  });

  it('ignores garbled messages once logged on, and disconnects on an unreadable Logon', () => {
    const h = new Harness().logon();
    h.session.onGarbled('BadCheckSum', frameOf('35=0|34=2|49=TW|52=<TIME>|56=ISLD|10=256', h.now));
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(0);
    const before = new Harness().connect();
    before.session.onGarbled('BadBodyLength', frameOf('9=40|35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=30', before.now));
    expect(before.disconnects).toBe(1);
  });
});

describe('heartbeats and timeouts', () => {
  it('sends a Heartbeat after HeartBtInt of silence, a TestRequest at 1.2x and disconnects at 2.4x', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon(10);
    h.advance(9_999);
    expect(h.take()).toEqual([]);
    h.advance(1);
    expect(h.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|']);
    h.advance(1_999);
    expect(h.take()).toEqual([]);
    h.advance(1); // 12 s of inbound silence
    expect(h.take()).toEqual(['35=1|34=3|49=ISLD|52=<T>|56=TW|112=TEST|']);
    h.advance(11_999); // no Heartbeat while the TestRequest is outstanding
    expect(h.take()).toEqual([]);
    expect(h.disconnects).toBe(0);
    h.advance(1); // 24 s
    expect(h.disconnects).toBe(1);
    expect(rec.logouts).toEqual(['Timed out waiting for heartbeat']);
  });

  it('an answer to the TestRequest keeps the session alive', () => {
    const h = new Harness().logon(3);
    h.advance(3_000);
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=ISLD');
    h.advance(3_000);
    expect(h.take()).toEqual(['35=0|34=2|49=ISLD|52=<T>|56=TW|', '35=0|34=3|49=ISLD|52=<T>|56=TW|']);
    h.advance(600); // 3.6 s since the peer's Heartbeat
    expect(h.take()).toEqual(['35=1|34=4|49=ISLD|52=<T>|56=TW|112=TEST|']);
    h.receive('35=0|34=3|49=TW|52=<TIME>|56=ISLD|112=TEST');
    h.advance(3_000);
    expect(h.take()).toEqual(['35=0|34=5|49=ISLD|52=<T>|56=TW|']);
    expect(h.disconnects).toBe(0);
  });

  it('disconnects when our Logout is not answered within the logout timeout', () => {
    const rec = new Recorder();
    const h = new Harness({ logoutTimeout: 2 }, rec).logon();
    h.session.logout('bye');
    expect(h.take()).toEqual(['35=5|34=2|49=ISLD|52=<T>|56=TW|58=bye|']);
    h.advance(1_999);
    expect(h.disconnects).toBe(0);
    h.advance(1);
    expect(rec.logouts).toEqual(['Timed out waiting for Logout response']);
  });

  it('nextTimerAt never asks for a tick later than the next duty', () => {
    const h = new Harness().logon(30);
    expect(h.session.nextTimerAt()).toBe(T0 + 30_000);
    h.now += 10_000;
    h.receive('35=0|34=2|49=TW|52=<TIME>|56=ISLD');
    expect(h.session.nextTimerAt()).toBe(T0 + 30_000);
  });
});

describe('Logout', () => {
  it('answers a Logout and disconnects; ResetOnLogout starts over at 1', () => {
    const h = new Harness({ resetOnLogout: true }).logon();
    h.receive('35=5|34=2|49=TW|52=<TIME>|56=ISLD');
    expect(h.take()).toEqual(['35=5|34=2|49=ISLD|52=<T>|56=TW|']);
    expect(h.disconnects).toBe(1);
    expect([h.session.nextSenderMsgSeqNum, h.session.nextTargetMsgSeqNum]).toEqual([1, 1]);
  });

  it('ends with our Logout answered', () => {
    const rec = new Recorder();
    const h = new Harness({}, rec).logon();
    h.session.logout();
    h.receive('35=5|34=2|49=TW|52=<TIME>|56=ISLD');
    expect(h.disconnects).toBe(1);
    expect(rec.logouts).toEqual(['Logout']);
    expect(h.session.nextTargetMsgSeqNum).toBe(3);
  });
});

describe('daily reset', () => {
  const schedule = new DailyResetSchedule('17:00', 'America/Chicago');
  const resetAt = Date.UTC(2025, 0, 6, 23, 0, 0); // 17:00 CST

  it('logs out at the reset time, resets both numbers, and asks the peer to reset on the next Logon', () => {
    const rec = new Recorder();
    const h = new Harness({ senderCompID: 'TW', targetCompID: 'ISLD', role: 'initiator', heartBtInt: 30, schedule }, rec);
    h.now = resetAt - 20_000;
    h.connect().receive('35=A|34=1|49=ISLD|52=<TIME>|56=TW|98=0|108=30');
    h.session.send(new FixMessage('B').set(148, 'x'));
    h.take();
    h.advance(19_999);
    expect(h.take()).toEqual([]);
    h.advance(1);
    expect(h.take()).toEqual(['35=5|34=3|49=TW|52=<T>|56=ISLD|58=Daily session reset|']);
    expect(h.session.nextSenderMsgSeqNum).toBe(4); // numbers stay until the session has ended
    h.receive('35=5|34=2|49=ISLD|52=<TIME>|56=TW');
    expect(h.disconnects).toBe(1);
    expect([h.session.nextSenderMsgSeqNum, h.session.nextTargetMsgSeqNum]).toEqual([1, 1]);
    expect(h.session.store.creationTime).toBe(resetAt);
    h.connect();
    expect(h.take()).toEqual(['35=A|34=1|49=TW|52=<T>|56=ISLD|98=0|108=30|141=Y|']);
  });

  it('resets a store left over from before the last reset when the session is created', () => {
    const store = new MemoryStore(resetAt - 3_600_000);
    store.setNextSenderMsgSeqNum(50);
    const s = new FixSession({
      settings: { senderCompID: 'A', targetCompID: 'B', role: 'initiator', schedule },
      store,
      clock: () => resetAt + 60_000,
    });
    expect(s.nextSenderMsgSeqNum).toBe(1);
  });
});

describe('outbound layout', () => {
  it('puts header fields in ascending tag order after 8, 9, 35, like QuickFIX', () => {
    const h = new Harness().logon();
    h.session.send(new FixMessage('B').set(57, 'trader1').set(50, 'desk').set(148, 'hello'));
    expect(h.take()).toEqual(['35=B|34=2|49=ISLD|50=desk|52=<T>|56=TW|57=trader1|148=hello|']);
  });

  it('stamps SendingTime from the injected clock', () => {
    const h = new Harness().logon();
    h.session.send(new FixMessage('B').set(148, 'x'));
    const text = new TextDecoder().decode(h.sent[0]);
    expect(text).toContain(`\u000152=${utcTimestamp(T0)}\u0001`);
  });
});
