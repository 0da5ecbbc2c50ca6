import { FixEncoder, FixMessage, FixParseError, FixView, parseUtcTimestamp, parseUtcTimestampBytes, utcTimestamp } from '../codec';
import type { HeaderFields } from '../codec';
import { BusinessReject, SessionReject } from './FixApplication';
import type { FixApplication } from './FixApplication';
import { MemoryStore } from './MessageStore';
import type { MessageStore } from './MessageStore';
import { businessRejectText, sessionRejectText } from '../codec/rejectReasons';
import { resolveSettings } from './SessionSettings';
import type { ResolvedSettings, SessionSettings } from './SessionSettings';

/** Where a session's bytes go. `send` gets a view into a reused buffer: copy or write it now. */
export interface SessionTransport {
  send(frame: Uint8Array): void;
  /** False while the peer is not taking what is sent (the socket's buffer is full). */
  readonly writable?: boolean;
  /** Close the connection; the session has already done its own bookkeeping. */
  disconnect(): void;
}

/** Message and event log (frames are views: format or copy them during the call). */
export interface SessionLog {
  incoming(frame: Uint8Array): void;
  outgoing(frame: Uint8Array): void;
  event(text: string): void;
}

/** What a dictionary reports about an invalid message (FixDictionary.validate fits this). */
export interface ValidationFailure {
  sessionRejectReason: number;
  refTagID?: number;
  text: string;
  /** Answer with 35=j (BusinessRejectReason below, default 3) rather than 35=3. */
  businessReject?: boolean;
  businessRejectReason?: number;
}

export interface MessageValidator {
  validate(view: FixView): ValidationFailure | null;
}

export interface FixSessionOptions {
  settings: SessionSettings;
  /** Default: a MemoryStore. */
  store?: MessageStore;
  application?: FixApplication;
  /** Validates every inbound message before the session acts on it (QuickFIX's DataDictionary). */
  validator?: MessageValidator;
  /** Epoch ms; injected so every timing rule can be tested without waiting. */
  clock?: () => number;
  log?: SessionLog;
}

/** The identity of the message a Reject refers to. */
interface RejectRef {
  seq: number | undefined;
  msgType: string;
  /** Reverse-routed header fields (tag, value) already in output order. */
  route: readonly (readonly [number, string])[];
}

const ADMIN_TYPES = new Set(['0', '1', '2', '3', '4', '5', 'A']);
const NO_ROUTE: RejectRef['route'] = [];
/** Routing header fields and the tag each is answered with on a Reject, in answer-tag order. */
const REVERSE_ROUTE: readonly (readonly [number, number])[] = [
  [128, 115],
  [129, 116],
  [145, 144],
  [115, 128],
  [116, 129],
  [144, 145],
];
const LOGON_TYPE_BYTES = [0x01, 0x33, 0x35, 0x3d, 0x41, 0x01]; // "<SOH>35=A<SOH>"

export function isAdminMsgType(msgType: string): boolean {
  return ADMIN_TYPES.has(msgType);
}

/**
 * One FIX 4.4 session, initiator or acceptor, as a pure state machine (QuickFIX's Session, rule
 * for rule, where FIX leaves room). Feed it frames (onFrame), clock ticks (onTimer) and a
 * transport (connect/onDisconnected); it answers through the transport, the store and the
 * application. It never reads a clock or sets a timer itself: nextTimerAt() says when the
 * driver must call onTimer().
 */
export class FixSession {
  readonly settings: ResolvedSettings;
  readonly store: MessageStore;
  private readonly app: FixApplication | undefined;
  private readonly validator: MessageValidator | undefined;
  private readonly clock: () => number;
  private readonly log: SessionLog | undefined;

  private transport: SessionTransport | null = null;
  private receivedLogon = false;
  private sentLogon = false;
  private sentLogout = false;
  private receivedReset = false;
  private sentReset = false;
  private heartBtIntMs: number;
  private lastSentTime = 0;
  private lastReceivedTime = 0;
  private connectedAt = 0;
  private testRequestCounter = 0;
  private resendBegin = 0;
  private resendEnd = 0;
  private readonly queue = new Map<number, Uint8Array>();
  /** A scheduled reset waits for the session to end, then asks the peer to reset too. */
  private resetDue = false;
  private sendResetFlag = false;
  private peerLogoutText: string | undefined;
  /** Before this instant the daily schedule cannot come due (cached: zone maths is not free). */
  private scheduleCheckAt = 0;
  private heartbeatListener: ((testReqID: string) => void) | null = null;
  /** MsgSeqNum of our last Logon (789: what came before it is what the peer may have missed). */
  private logonSeq = 0;

  private readonly view = new FixView();
  private readonly storedView = new FixView();
  /** Header fields in ascending tag order after 35, as QuickFIX sends them. */
  private readonly encoder = new FixEncoder({ headerOrder: 'ascending' });
  private readonly admin = new FixMessage('0');
  private readonly header: HeaderFields;

  constructor(options: FixSessionOptions) {
    this.settings = resolveSettings(options.settings);
    this.clock = options.clock ?? Date.now;
    this.store = options.store ?? new MemoryStore(this.clock());
    this.app = options.application;
    this.validator = options.validator;
    this.log = options.log;
    this.heartBtIntMs = this.settings.heartBtIntMs;
    this.header = {
      senderCompID: this.settings.senderCompID,
      targetCompID: this.settings.targetCompID,
      msgSeqNum: 1,
      sendingTime: '',
    };
    const schedule = this.settings.schedule;
    if (schedule !== undefined && schedule.isDue(this.store.creationTime, this.clock())) {
      this.event('Session period ended while down: resetting sequence numbers');
      this.store.reset(this.clock());
      this.sendResetFlag = true;
    }
  }

  get senderCompID(): string {
    return this.settings.senderCompID;
  }

  get targetCompID(): string {
    return this.settings.targetCompID;
  }

  /** Both Logons exchanged. */
  get isLoggedOn(): boolean {
    return this.receivedLogon && this.sentLogon;
  }

  get isConnected(): boolean {
    return this.transport !== null;
  }

  get nextSenderMsgSeqNum(): number {
    return this.store.nextSenderMsgSeqNum;
  }

  get nextTargetMsgSeqNum(): number {
    return this.store.nextTargetMsgSeqNum;
  }

  /** The HeartBtInt in force (the acceptor takes the initiator's). */
  get heartBtInt(): number {
    return this.heartBtIntMs / 1000;
  }

  /**
   * Logged on and the connection is taking what is sent. When false, send() still stores the
   * message and queues it in order; an application that sends in bulk waits for onWritable.
   */
  get isWritable(): boolean {
    return this.isLoggedOn && this.transport !== null && this.transport.writable !== false;
  }

  /** The transport has room again after being full: the application hears onWritable. */
  onWritable(): void {
    if (this.isWritable) this.app?.onWritable?.(this);
  }

  /** Text of the peer's last Logout (why it ended the session or refused our Logon). */
  get lastLogoutText(): string | undefined {
    return this.peerLogoutText;
  }

  /** A connection is up: an initiator sends its Logon now. */
  connect(transport: SessionTransport): void {
    if (this.transport !== null) throw new Error(`session ${this.id} is already connected`);
    const now = this.clock();
    this.transport = transport;
    this.connectedAt = now;
    this.lastReceivedTime = now;
    this.lastSentTime = now;
    this.testRequestCounter = 0;
    this.peerLogoutText = undefined;
    this.checkSchedule(now);
    if (this.settings.initiator) this.generateLogon();
  }

  /** The connection closed under us. */
  onDisconnected(reason = 'Connection closed'): void {
    if (this.transport === null) return;
    this.transport = null;
    this.endSession(reason);
  }

  /** Ends the session from our side: Logout (if logged on) and wait for the answer. */
  logout(text?: string): void {
    if (this.transport === null) return;
    if (!this.isLoggedOn) {
      this.disconnect(text ?? 'Logout requested');
      return;
    }
    if (!this.sentLogout) this.generateLogout(text);
  }

  /** Closes the connection now, without a Logout. */
  disconnect(reason: string): void {
    const t = this.transport;
    if (t === null) return;
    this.event(`Disconnecting: ${reason}`);
    this.transport = null;
    t.disconnect();
    this.endSession(reason);
  }

  /**
   * Sends an application or administrative message. Returns false when it was dropped (an
   * application message while a reset is pending). An application message sent while not
   * logged on is stored and reaches the peer when it asks for the gap after the next Logon.
   */
  send(message: FixMessage): boolean {
    return this.sendRaw(message, 0, this.clock());
  }

  /**
   * Starts both sequences again at 1 while connected, with a Logon carrying ResetSeqNumFlag=Y
   * (the peer answers with its own). Not logged on: just resets the numbers.
   */
  resetSequence(): void {
    if (!this.isLoggedOn) {
      this.resetState(this.clock());
      return;
    }
    const logon = this.admin.clear('A');
    logon.set(98, 0).set(108, this.heartBtIntMs / 1000).set(141, 'Y');
    if (this.settings.nextExpectedMsgSeqNum) logon.set(789, 1);
    this.sendRaw(logon, 0, this.clock());
  }

  /** Sends a TestRequest (e.g. to measure round-trip latency: the Heartbeat echoes the id). */
  sendTestRequest(testReqID: string): void {
    if (!this.isLoggedOn) return;
    this.sendRaw(this.admin.clear('1').set(112, testReqID), 0, this.clock());
  }

  /** Hears the TestReqID of every Heartbeat that answers a TestRequest (latency probes). */
  setHeartbeatListener(listener: ((testReqID: string) => void) | null): void {
    this.heartbeatListener = listener;
  }

  /** Overrides the next expected numbers (operator action). */
  setSequenceNumbers(nextSender: number, nextTarget: number): void {
    this.store.setNextSenderMsgSeqNum(nextSender);
    this.store.setNextTargetMsgSeqNum(nextTarget);
  }

  get id(): string {
    return `FIX.4.4:${this.settings.senderCompID}->${this.settings.targetCompID}`;
  }

  // ---------------------------------------------------------------------------------------
  // Inbound

  /** One whole frame from the framer (valid during the call). */
  onFrame(frame: Uint8Array): void {
    if (this.transport === null) return;
    this.log?.incoming(frame);
    this.next(frame);
    this.drainQueue();
    if (this.isLoggedOn) this.checkTimers(this.clock());
  }

  /**
   * Bytes the framer could not take as a FIX 4.4 message. Like QuickFIX: ignored, but a Logon
   * that cannot be read ends the connection, and a well-formed message with another
   * BeginString gets "Incorrect BeginString".
   */
  onGarbled(reason: string, bytes: Uint8Array): void {
    if (this.transport === null) return;
    this.log?.incoming(bytes);
    if (reason === 'BadBeginString' && this.receivedLogon) {
      const view = this.readable(bytes);
      if (view !== null) {
        this.unsupportedVersion(view);
        return;
      }
    }
    this.event(`Garbled message ignored (${reason})`);
    if (!this.receivedLogon && containsLogonType(bytes)) this.disconnect('Logon message is not valid');
  }

  private readable(bytes: Uint8Array): FixView | null {
    try {
      return this.view.reset(bytes);
    } catch {
      return null;
    }
  }

  /** Heartbeats, TestRequests, timeouts and the daily reset; call it at nextTimerAt(). */
  onTimer(): void {
    const now = this.clock();
    this.checkSchedule(now);
    if (this.transport === null) return;
    this.checkTimers(now);
  }

  /** When onTimer() must next run (epoch ms); Infinity when nothing is pending. */
  nextTimerAt(): number {
    let at = Infinity;
    if (this.settings.schedule !== undefined) at = this.scheduleCheckAt;
    if (this.transport === null) return at;
    if (!this.receivedLogon) {
      const since = this.settings.initiator ? this.lastReceivedTime : this.connectedAt;
      return Math.min(at, since + this.settings.logonTimeoutMs);
    }
    if (this.sentLogout) at = Math.min(at, this.lastSentTime + this.settings.logoutTimeoutMs);
    const hb = this.heartBtIntMs;
    if (hb > 0) {
      at = Math.min(at, this.lastReceivedTime + 1.2 * (this.testRequestCounter + 1) * hb, this.lastReceivedTime + 2.4 * hb);
      if (this.testRequestCounter === 0) at = Math.min(at, this.lastSentTime + hb);
    }
    return at;
  }

  private next(frame: Uint8Array): void {
    let view: FixView;
    try {
      view = this.view.reset(frame);
    } catch (e) {
      if (!(e instanceof FixParseError)) throw e;
      this.unreadable(frame, e);
      return;
    }
    const msgType = view.msgType;
    if (!view.has(49) || !view.has(56)) {
      this.requiredFieldMissing(view, view.has(49) ? 56 : 49);
      return;
    }
    if (!view.is(8, 'FIX.4.4')) {
      this.unsupportedVersion(view);
      return;
    }
    const failure = (this.validator !== undefined ? this.validator.validate(view) : null) ?? checkHeader(view);
    if (failure !== null) {
      this.invalid(view, failure);
      return;
    }
    try {
      switch (msgType) {
        case 'A':
          this.nextLogon(view);
          break;
        case '0':
          this.nextHeartbeat(view);
          break;
        case '1':
          this.nextTestRequest(view);
          break;
        case '2':
          this.nextResendRequest(view, frame);
          break;
        case '3':
          this.nextReject(view);
          break;
        case '4':
          this.nextSequenceReset(view);
          break;
        case '5':
          this.nextLogout(view);
          break;
        default:
          if (this.verify(view, frame, true, true)) this.store.incrNextTargetMsgSeqNum();
      }
    } catch (e) {
      this.applicationError(view, e);
    }
  }

  /** Processes queued messages while the next expected one is there, in order, once each. */
  private drainQueue(): void {
    for (;;) {
      if (this.transport === null || this.queue.size === 0) return;
      const seq = this.store.nextTargetMsgSeqNum;
      const frame = this.queue.get(seq);
      if (frame === undefined) {
        // Anything queued below the expected number was filled by a gap fill: drop it.
        for (const s of this.queue.keys()) if (s < seq) this.queue.delete(s);
        return;
      }
      this.queue.delete(seq);
      this.event(`Processing queued message ${seq}`);
      const msgType = this.storedView.reset(frame).msgType;
      if (msgType === 'A' || msgType === '2') this.store.incrNextTargetMsgSeqNum();
      else this.next(frame);
    }
  }

  /** The session-level checks every message goes through (QuickFIX's verify). */
  private verify(view: FixView, frame: Uint8Array, checkTooHigh: boolean, checkTooLow: boolean): boolean {
    const msgType = view.msgType;
    const seq = view.getInt(34) ?? 0;
    if (!this.validLogonState(msgType)) {
      this.disconnect(`Logon state is not valid for message (MsgType=${msgType})`);
      return false;
    }
    const now = this.clock();
    if (this.settings.checkLatency) {
      const at = view.indexOf(52);
      const sendingTime = at < 0 ? undefined : parseUtcTimestampBytes(view.frame, view.valueStartAt(at), view.valueEndAt(at));
      if (sendingTime === undefined || Math.abs(now - sendingTime) > this.settings.maxLatencyMs) {
        this.rejectThenLogout(view, 10);
        return false;
      }
    }
    if (this.settings.checkCompID && !(view.is(49, this.settings.targetCompID) && view.is(56, this.settings.senderCompID))) {
      this.rejectThenLogout(view, 9);
      return false;
    }
    const expected = this.store.nextTargetMsgSeqNum;
    if (checkTooHigh && seq > expected) {
      this.targetTooHigh(frame, seq);
      return false;
    }
    if (checkTooLow && seq < expected) {
      this.targetTooLow(view, seq);
      return false;
    }
    if ((checkTooHigh || checkTooLow) && this.resendBegin !== 0 && seq >= this.resendEnd) {
      this.event(`ResendRequest for ${this.resendBegin} to ${this.resendEnd} has been satisfied`);
      this.resendBegin = 0;
      this.resendEnd = 0;
    }
    this.lastReceivedTime = now;
    this.testRequestCounter = 0;
    if (ADMIN_TYPES.has(msgType)) this.app?.fromAdmin?.(view, this);
    else this.app?.fromApp(view, this);
    return true;
  }

  /** QuickFIX's validLogonState: which messages may arrive in the current logon state. */
  private validLogonState(msgType: string): boolean {
    if ((msgType === 'A' && this.sentReset) || this.receivedReset) return true;
    if ((msgType === 'A' && !this.receivedLogon) || (msgType !== 'A' && this.receivedLogon)) return true;
    if (msgType === '5' && this.sentLogon) return true;
    if (msgType !== '5' && this.sentLogout) return true;
    return msgType === '4' || msgType === '3';
  }

  private nextLogon(view: FixView): void {
    const resetFlag = view.is(141, 'Y');
    this.receivedReset = resetFlag;
    const now = this.clock();
    if (resetFlag) {
      this.event('Logon contains ResetSeqNumFlag=Y: sequence numbers start at 1');
      if (!this.sentReset) this.resetState(now);
    }
    if (this.settings.initiator && !this.sentLogon && !resetFlag) {
      this.disconnect('Received Logon response before sending request');
      return;
    }
    if (!this.settings.initiator && this.settings.resetOnLogon) this.resetState(now);
    const heartBtInt = view.getInt(108);
    if (heartBtInt === undefined || heartBtInt < 0) {
      this.disconnect('Logon without a valid HeartBtInt');
      return;
    }
    if (!this.verify(view, view.frame, false, true)) return;
    if (!this.settings.initiator && !this.receivedLogon) {
      const refusal = this.app?.authorizeLogon?.(view, this);
      if (refusal !== undefined) {
        this.event(`Logon refused: ${refusal}`);
        this.generateLogout(refusal);
        this.disconnect(`Logon refused: ${refusal}`);
        return;
      }
    }
    const seq = view.getInt(34) ?? 0;
    const ahead = seq > this.store.nextTargetMsgSeqNum && !resetFlag;
    const peerExpects = this.settings.nextExpectedMsgSeqNum ? view.getInt(789) : undefined;
    if (peerExpects !== undefined && peerExpects > this.store.nextSenderMsgSeqNum) {
      // The peer has seen numbers we never sent: nothing we can resend repairs that.
      const text = `Tag 789 (NextExpectedMsgSeqNum) is higher than expected. Expected ${this.store.nextSenderMsgSeqNum}, Received ${peerExpects}`;
      this.generateLogout(text);
      this.disconnect(text);
      return;
    }
    this.receivedLogon = true;
    // Answer a Logon request; a Logon answering our own reset request is not answered again.
    if (!this.sentReset && (!this.settings.initiator || this.receivedReset)) {
      if (!this.settings.initiator) this.heartBtIntMs = heartBtInt * 1000;
      this.event('Received Logon request; responding');
      const logon = this.admin.clear('A').set(98, 0).set(108, heartBtInt);
      if (this.receivedReset) logon.set(141, 'Y');
      // What we expect next: after this Logon, or the first number of the gap it shows.
      if (this.settings.nextExpectedMsgSeqNum) logon.set(789, this.store.nextTargetMsgSeqNum + (ahead ? 0 : 1));
      this.sendRaw(logon, 0, now);
      this.sentLogon = true;
    } else {
      this.event('Received Logon response');
    }
    this.sentReset = false;
    this.receivedReset = false;
    if (peerExpects !== undefined && peerExpects < this.logonSeq) {
      this.event(`Logon NextExpectedMsgSeqNum ${peerExpects}: resending ${peerExpects} to ${this.logonSeq - 1}`);
      this.resend(peerExpects, this.logonSeq - 1);
    }
    if (ahead && peerExpects !== undefined) {
      // Our 789 asked for the gap already: the peer resends it without a ResendRequest.
      this.event(`MsgSeqNum too high, expecting ${this.store.nextTargetMsgSeqNum} but received ${seq}; the peer resends from our NextExpectedMsgSeqNum`);
      this.queue.set(seq, view.frame.slice());
      this.resendBegin = this.store.nextTargetMsgSeqNum;
      this.resendEnd = seq - 1;
    } else if (ahead) {
      this.targetTooHigh(view.frame, seq);
    } else {
      this.store.incrNextTargetMsgSeqNum();
    }
    if (this.isLoggedOn) this.app?.onLogon?.(this);
  }

  private nextHeartbeat(view: FixView): void {
    if (!this.verify(view, view.frame, true, true)) return;
    this.store.incrNextTargetMsgSeqNum();
    if (this.heartbeatListener !== null) {
      const id = view.get(112);
      if (id !== undefined) this.heartbeatListener(id);
    }
  }

  private nextTestRequest(view: FixView): void {
    if (!this.verify(view, view.frame, true, true)) return;
    const heartbeat = this.admin.clear('0');
    const id = view.get(112);
    if (id !== undefined && id.length > 0) heartbeat.set(112, id);
    this.sendRaw(heartbeat, 0, this.clock());
    this.store.incrNextTargetMsgSeqNum();
  }

  private nextLogout(view: FixView): void {
    if (!this.verify(view, view.frame, false, false)) return;
    this.peerLogoutText = view.get(58);
    if (!this.sentLogout) {
      this.event('Received Logout request; responding');
      this.generateLogout();
    } else {
      this.event('Received Logout response');
    }
    this.store.incrNextTargetMsgSeqNum();
    if (this.settings.resetOnLogout) this.resetState(this.clock());
    this.disconnect(this.peerLogoutText !== undefined ? `Logout: ${this.peerLogoutText}` : 'Logout');
  }

  private nextReject(view: FixView): void {
    if (this.verify(view, view.frame, false, true)) this.store.incrNextTargetMsgSeqNum();
  }

  private nextSequenceReset(view: FixView): void {
    const gapFill = view.is(123, 'Y');
    if (!this.verify(view, view.frame, gapFill, gapFill)) return;
    const newSeqNo = view.getInt(36);
    if (newSeqNo === undefined) return;
    const expected = this.store.nextTargetMsgSeqNum;
    this.event(`Received SequenceReset from ${expected} to ${newSeqNo}`);
    if (newSeqNo > expected) this.store.setNextTargetMsgSeqNum(newSeqNo);
    else if (newSeqNo < expected) this.generateReject(rejectRef(view), 5);
  }

  private nextResendRequest(view: FixView, frame: Uint8Array): void {
    if (!this.verify(view, frame, false, false)) return;
    const seq = view.getInt(34) ?? 0;
    const begin = view.getInt(7) ?? 0;
    let end = view.getInt(16) ?? 0;
    const nextSender = this.store.nextSenderMsgSeqNum;
    this.event(`Received ResendRequest from ${begin} to ${end}`);
    if (end === 0 || end >= nextSender) end = nextSender - 1;
    // The store is read into storedView; the request's own fields are all read above.
    this.resend(begin, end);
    const expected = this.store.nextTargetMsgSeqNum;
    if (seq === expected) {
      this.store.incrNextTargetMsgSeqNum();
    } else if (seq > expected) {
      // Answered first, as FIX asks; then the gap before it is ours to request.
      this.queue.set(seq, frame.slice());
      this.requestResend(seq);
    }
  }

  // ---------------------------------------------------------------------------------------
  // What the checks lead to

  private targetTooHigh(frame: Uint8Array, seq: number): void {
    this.event(`MsgSeqNum too high, expecting ${this.store.nextTargetMsgSeqNum} but received ${seq}`);
    this.queue.set(seq, frame.slice());
    this.requestResend(seq);
  }

  /** One ResendRequest outstanding at a time, for everything from the expected number on. */
  private requestResend(seq: number): void {
    if (this.resendBegin !== 0 && seq >= this.resendBegin) {
      this.event(`Already sent ResendRequest from ${this.resendBegin} to ${this.resendEnd}; not sending another`);
      return;
    }
    const begin = this.store.nextTargetMsgSeqNum;
    const request = this.admin.clear('2').set(7, begin).set(16, 0);
    this.sendRaw(request, 0, this.clock());
    this.event(`Sent ResendRequest from ${begin} to ${seq - 1}`);
    this.resendBegin = begin;
    this.resendEnd = seq - 1;
  }

  private targetTooLow(view: FixView, seq: number): void {
    const expected = this.store.nextTargetMsgSeqNum;
    if (!view.is(43, 'Y')) {
      const text = `MsgSeqNum too low, expecting ${expected} but received ${seq}`;
      this.generateLogout(text);
      this.disconnect(text);
      return;
    }
    // A possible duplicate of one already processed: checked, then ignored.
    if (view.msgType === '4') return;
    const orig = view.get(122);
    if (orig === undefined) {
      this.generateReject(rejectRef(view), 1, 122);
      return;
    }
    const origTime = parseUtcTimestamp(orig);
    const sendingTime = parseUtcTimestamp(view.get(52) ?? '');
    if (origTime !== undefined && sendingTime !== undefined && origTime > sendingTime) {
      this.rejectThenLogout(view, 10);
    }
  }

  /** SendingTime or CompID problem: Reject then Logout; before Logon, just disconnect. */
  private rejectThenLogout(view: FixView, reason: number): void {
    if (!this.receivedLogon) {
      this.disconnect(`${sessionRejectText(reason)} on ${view.msgType === 'A' ? 'Logon' : 'first message'}`);
      return;
    }
    this.generateReject(rejectRef(view), reason);
    this.generateLogout();
  }

  private requiredFieldMissing(view: FixView, tag: number): void {
    if (this.receivedLogon) this.generateReject(rejectRef(view), 1, tag);
    if (view.msgType === 'A') this.disconnect(`Required tag ${tag} missing from Logon`);
  }

  private invalid(view: FixView, failure: ValidationFailure): void {
    this.event(`Invalid message: ${failure.text}${failure.refTagID !== undefined ? ` (${failure.refTagID})` : ''}`);
    if (!this.receivedLogon) {
      if (view.msgType === 'A') this.disconnect(`Logon message is not valid: ${failure.text}`);
      return;
    }
    if (failure.businessReject === true) {
      this.generateBusinessReject(view, failure.businessRejectReason ?? 3, undefined, undefined);
      return;
    }
    this.generateReject(rejectRef(view), failure.sessionRejectReason, failure.refTagID, failure.text);
    if (view.msgType === 'A' && failure.sessionRejectReason === 1) this.disconnect('Required field missing from Logon');
  }

  /** A frame whose fields cannot be read: a Reject when its MsgSeqNum was read, else ignored. */
  private unreadable(frame: Uint8Array, e: FixParseError): void {
    this.event(`Unreadable message: ${e.message}`);
    if (!this.receivedLogon) {
      if (containsLogonType(frame)) this.disconnect('Logon message is not valid');
      return;
    }
    if (e.msgSeqNum === undefined) return;
    let refTag = e.refTagID;
    if (refTag === undefined && e.sessionRejectReason === 0) refTag = tagTextAt(frame, e.offset);
    this.generateReject({ seq: e.msgSeqNum, msgType: e.msgType ?? '', route: NO_ROUTE }, e.sessionRejectReason, refTag);
  }

  private unsupportedVersion(view: FixView): void {
    if (view.msgType === '5') {
      this.nextLogout(view);
      return;
    }
    if (!this.receivedLogon) {
      this.disconnect('Incorrect BeginString');
      return;
    }
    this.generateLogout('Incorrect BeginString');
    this.store.incrNextTargetMsgSeqNum();
  }

  private applicationError(view: FixView, e: unknown): void {
    if (e instanceof SessionReject) {
      this.generateReject(rejectRef(view), e.reason, e.refTagID, e.text);
    } else if (e instanceof BusinessReject) {
      this.generateBusinessReject(view, e.reason, e.refTagID, e.text);
    } else {
      // An application bug must not stall the sequence: the peer learns the message was not taken.
      this.event(`Application failed on MsgSeqNum ${view.get(34) ?? '?'}: ${e instanceof Error ? e.message : String(e)}`);
      if (this.isLoggedOn && !ADMIN_TYPES.has(view.msgType)) this.generateBusinessReject(view, 4, undefined, undefined);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Outbound

  private generateLogon(): void {
    const now = this.clock();
    if (this.settings.resetOnLogon) this.resetState(now);
    const logon = this.admin.clear('A').set(98, 0).set(108, this.heartBtIntMs / 1000);
    const reset = this.sendResetFlag || this.shouldSendReset();
    if (reset) logon.set(141, 'Y');
    // A Logon with 141=Y starts both numbers again: the peer's first message will be 1.
    if (this.settings.nextExpectedMsgSeqNum) logon.set(789, reset ? 1 : this.store.nextTargetMsgSeqNum);
    this.sendResetFlag = false;
    this.lastReceivedTime = now;
    this.testRequestCounter = 0;
    this.sentLogon = true;
    this.sendRaw(logon, 0, now);
  }

  private shouldSendReset(): boolean {
    const s = this.settings;
    return (
      (s.resetOnLogon || s.resetOnLogout || s.resetOnDisconnect) &&
      this.store.nextSenderMsgSeqNum === 1 &&
      this.store.nextTargetMsgSeqNum === 1
    );
  }

  private generateLogout(text?: string): void {
    const logout = this.admin.clear('5');
    if (text !== undefined && text.length > 0) logout.set(58, text);
    this.sendRaw(logout, 0, this.clock());
    this.sentLogout = true;
  }

  /** A session Reject (35=3); consumes the rejected MsgSeqNum when it was the expected one. */
  private generateReject(ref: RejectRef, reason: number, refTagID?: number, text?: string): void {
    if (!this.receivedLogon) {
      this.event('Not sending a Reject before Logon');
      return;
    }
    const reject = this.admin.clear('3');
    for (const [tag, value] of ref.route) reject.set(tag, value);
    if (ref.seq !== undefined) reject.set(45, ref.seq);
    const reasonText = text ?? sessionRejectText(reason);
    if (reasonText !== undefined) reject.set(58, reasonText);
    // QuickFIX names no field for an invalid MsgType; it names one (even 0) for an invalid tag.
    if ((refTagID !== undefined && reason !== 11) || reason === 0) reject.set(371, refTagID ?? 0);
    if (ref.msgType.length > 0) reject.set(372, ref.msgType);
    reject.set(373, reason);
    if (ref.msgType !== 'A' && ref.msgType !== '4' && ref.seq === this.store.nextTargetMsgSeqNum) {
      this.store.incrNextTargetMsgSeqNum();
    }
    this.event(`Message ${ref.seq ?? '?'} rejected: ${reasonText ?? reason}${refTagID !== undefined ? ` (${refTagID})` : ''}`);
    this.sendRaw(reject, 0, this.clock());
  }

  /** A BusinessMessageReject (35=j); consumes the rejected MsgSeqNum. */
  private generateBusinessReject(view: FixView, reason: number, refTagID: number | undefined, text: string | undefined): void {
    if (!this.receivedLogon) return;
    const seq = view.getInt(34);
    const reject = this.admin.clear('j');
    if (seq !== undefined) reject.set(45, seq);
    const base = text ?? businessRejectText(reason) ?? 'Rejected';
    reject.set(58, refTagID !== undefined ? `${base} (${refTagID})` : base);
    reject.set(372, view.msgType);
    reject.set(380, reason);
    if (seq === this.store.nextTargetMsgSeqNum) this.store.incrNextTargetMsgSeqNum();
    this.event(`Message ${seq ?? '?'} business-rejected: ${base}`);
    this.sendRaw(reject, 0, this.clock());
  }

  /**
   * Answers a ResendRequest from the store: application messages again with PossDupFlag=Y and
   * OrigSendingTime, administrative (and missing, or refused by allowResend) ones as GapFills.
   */
  private resend(begin: number, end: number): void {
    const now = this.clock();
    let gapStart = 0;
    let current = begin;
    this.store.forEachSent(begin, end, (seq, stored) => {
      if (gapStart === 0 && seq > current) gapStart = current;
      current = seq + 1;
      let view: FixView;
      try {
        view = this.storedView.reset(stored);
      } catch {
        if (gapStart === 0) gapStart = seq;
        return;
      }
      const msgType = view.msgType;
      if (ADMIN_TYPES.has(msgType) || this.app?.allowResend?.(view, this) === false) {
        if (gapStart === 0) gapStart = seq;
        return;
      }
      if (gapStart !== 0) this.sendGapFill(gapStart, seq, now);
      gapStart = 0;
      const again = FixMessage.fromView(view);
      const origSendingTime = view.get(52);
      this.sendRaw(again, seq, now, origSendingTime);
      this.event(`Resent message ${seq}`);
    });
    if (gapStart === 0 && current <= end) gapStart = current;
    if (gapStart !== 0) this.sendGapFill(gapStart, Math.min(end + 1, this.store.nextSenderMsgSeqNum), now);
  }

  private sendGapFill(seq: number, newSeqNo: number, now: number): void {
    const gapFill = this.admin.clear('4').set(36, newSeqNo).set(123, 'Y');
    this.sendRaw(gapFill, seq, now, utcTimestamp(now));
    this.event(`Sent SequenceReset-GapFill ${seq} to ${newSeqNo}`);
  }

  /**
   * Fills the header, encodes, stores and sends (QuickFIX's sendRaw). `resendSeq` non-zero
   * sends a resend or gap fill under that number: PossDupFlag=Y, not stored, number not used up.
   */
  private sendRaw(message: FixMessage, resendSeq: number, now: number, origSendingTime?: string): boolean {
    const msgType = message.msgType;
    const admin = ADMIN_TYPES.has(msgType);
    const header = this.header;
    header.msgSeqNum = resendSeq !== 0 ? resendSeq : this.store.nextSenderMsgSeqNum;
    header.sendingTime = utcTimestamp(now);
    header.possDupFlag = resendSeq !== 0;
    header.origSendingTime = resendSeq !== 0 ? origSendingTime : undefined;
    if (admin) {
      if (resendSeq === 0) this.app?.toAdmin?.(message, this);
      if (msgType === 'A' && !this.receivedReset) {
        const resetFlag = message.get(141) === 'Y';
        if (resetFlag) {
          this.resetState(now);
          header.msgSeqNum = this.store.nextSenderMsgSeqNum;
        }
        this.sentReset = resetFlag;
      }
    } else if (resendSeq === 0 && !this.isLoggedOn && this.shouldSendReset()) {
      // It would only be thrown away by the reset the next Logon brings.
      return false;
    }
    const frame = this.encoder.encode(header, message);
    if (msgType === 'A' && resendSeq === 0) this.logonSeq = header.msgSeqNum;
    if (resendSeq === 0) this.store.saveSent(header.msgSeqNum, frame);
    const t = this.transport;
    if (t !== null && (this.isLoggedOn || msgType === 'A' || msgType === '5' || msgType === '2' || msgType === '4')) {
      this.lastSentTime = now;
      this.log?.outgoing(frame);
      t.send(frame);
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Timers, resets, end of session

  private checkTimers(now: number): void {
    if (!this.receivedLogon) {
      const since = this.settings.initiator ? this.lastReceivedTime : this.connectedAt;
      if (now - since >= this.settings.logonTimeoutMs) {
        this.disconnect(this.settings.initiator ? 'Timed out waiting for Logon response' : 'Timed out waiting for Logon');
      }
      return;
    }
    if (this.sentLogout && now - this.lastSentTime >= this.settings.logoutTimeoutMs) {
      this.disconnect('Timed out waiting for Logout response');
      return;
    }
    const hb = this.heartBtIntMs;
    if (hb === 0) return;
    const sinceSent = now - this.lastSentTime;
    const sinceReceived = now - this.lastReceivedTime;
    if (sinceSent < hb && sinceReceived < hb) return;
    if (sinceReceived >= 2.4 * hb) {
      this.disconnect('Timed out waiting for heartbeat');
    } else if (sinceReceived >= 1.2 * (this.testRequestCounter + 1) * hb) {
      this.sendRaw(this.admin.clear('1').set(112, 'TEST'), 0, now);
      this.testRequestCounter++;
      this.event('Sent TestRequest TEST');
    } else if (sinceSent >= hb && this.testRequestCounter === 0) {
      this.sendRaw(this.admin.clear('0'), 0, now);
    }
  }

  /** A daily reset that came due: log out now; the numbers are reset when the session ends. */
  private checkSchedule(now: number): void {
    const schedule = this.settings.schedule;
    if (schedule === undefined || this.resetDue || now < this.scheduleCheckAt) return;
    // Not due now means not due before the next reset instant (creationTime only moves forward).
    this.scheduleCheckAt = schedule.nextResetAfter(now);
    if (!schedule.isDue(this.store.creationTime, now)) return;
    this.event('Daily session reset');
    if (this.transport === null || !this.receivedLogon) {
      this.resetState(now);
      this.sendResetFlag = true;
      return;
    }
    this.resetDue = true;
    if (!this.sentLogout) this.generateLogout('Daily session reset');
  }

  private endSession(reason: string): void {
    if (this.receivedLogon || this.sentLogon) {
      this.receivedLogon = false;
      this.sentLogon = false;
      this.app?.onLogout?.(this, reason);
    }
    this.sentLogout = false;
    this.receivedReset = false;
    this.sentReset = false;
    this.queue.clear();
    this.resendBegin = 0;
    this.resendEnd = 0;
    this.heartBtIntMs = this.settings.heartBtIntMs;
    if (this.settings.resetOnDisconnect) this.resetState(this.clock());
    if (this.resetDue) {
      this.resetDue = false;
      this.resetState(this.clock());
      this.sendResetFlag = true;
    }
  }

  private resetState(now: number): void {
    this.store.reset(now);
    this.event('Sequence numbers reset to 1');
  }

  private event(text: string): void {
    this.log?.event(text);
  }
}

/** Session-level header checks when no dictionary validates (MsgSeqNum and SendingTime). */
function checkHeader(view: FixView): ValidationFailure | null {
  if (!view.has(34)) return { sessionRejectReason: 1, refTagID: 34, text: 'Required tag missing' };
  if (view.getInt(34) === undefined) return { sessionRejectReason: 6, refTagID: 34, text: 'Incorrect data format for value' };
  if (!view.has(52)) return { sessionRejectReason: 1, refTagID: 52, text: 'Required tag missing' };
  return null;
}

function rejectRef(view: FixView): RejectRef {
  let route: [number, string][] | undefined;
  for (const [from, to] of REVERSE_ROUTE) {
    const value = view.get(from);
    if (value !== undefined && value.length > 0) (route ??= []).push([to, value]);
  }
  route?.sort((a, b) => a[0] - b[0]);
  return { seq: view.getInt(34), msgType: view.msgType, route: route ?? NO_ROUTE };
}

function containsLogonType(bytes: Uint8Array): boolean {
  outer: for (let i = 0; i + LOGON_TYPE_BYTES.length <= bytes.length; i++) {
    for (let j = 0; j < LOGON_TYPE_BYTES.length; j++) if (bytes[i + j] !== LOGON_TYPE_BYTES[j]) continue outer;
    return true;
  }
  return false;
}

/** The integer written as a tag at `offset` (e.g. "-1" in "-1=HI"), as QuickFIX reads it. */
function tagTextAt(frame: Uint8Array, offset: number): number | undefined {
  let end = offset;
  while (end < frame.length && frame[end] !== 0x3d && frame[end] !== 0x01) end++;
  const text = new TextDecoder().decode(frame.subarray(offset, end));
  return /^-?\d{1,9}$/.test(text) ? Number(text) : undefined;
}
