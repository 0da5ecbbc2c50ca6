import type { DailyResetSchedule } from './DailyResetSchedule';

/** How one FIX 4.4 session behaves; every time is in seconds, as in QuickFIX's settings. */
export interface SessionSettings {
  senderCompID: string;
  targetCompID: string;
  /** The initiator sends the first Logon; the acceptor answers one. */
  role: 'initiator' | 'acceptor';
  /** HeartBtInt the initiator proposes; an acceptor takes the one in the peer's Logon. */
  heartBtInt?: number;
  /** Start both sequence numbers at 1 on every Logon (and ask the peer to, with 141=Y). */
  resetOnLogon?: boolean;
  resetOnLogout?: boolean;
  resetOnDisconnect?: boolean;
  /** Reject messages whose SendingTime is further than maxLatency seconds from our clock. */
  checkLatency?: boolean;
  /** Default 120 s, as QuickFIX's MaxLatency. */
  maxLatency?: number;
  /** Reject messages whose CompIDs do not match the session (default true). */
  checkCompID?: boolean;
  /** How long to wait for the Logon answer (initiator) or the first Logon (acceptor). Default 10. */
  logonTimeout?: number;
  /** How long to wait for the Logout answer before disconnecting. Default 2. */
  logoutTimeout?: number;
  /** Daily reset: log out, start both sequences at 1, log on again. */
  schedule?: DailyResetSchedule;
  /**
   * NextExpectedMsgSeqNum (789) on Logon, as QuickFIX/J's EnableNextExpectedMsgSeqNum (default
   * false): our Logon says which MsgSeqNum we expect next; the peer's 789 makes us replay what it
   * missed before its Logon (or log out when it expects a number we never sent), and a gap the
   * peer's Logon shows is left to the peer to fill from our 789, without a ResendRequest.
   * Only for peers that do the same: one that ignores 789 would leave such a gap open.
   */
  enableNextExpectedMsgSeqNum?: boolean;
}

/** Settings with every default applied, times in ms. */
export interface ResolvedSettings {
  readonly senderCompID: string;
  readonly targetCompID: string;
  readonly initiator: boolean;
  readonly heartBtIntMs: number;
  readonly resetOnLogon: boolean;
  readonly resetOnLogout: boolean;
  readonly resetOnDisconnect: boolean;
  readonly checkLatency: boolean;
  readonly maxLatencyMs: number;
  readonly checkCompID: boolean;
  readonly logonTimeoutMs: number;
  readonly logoutTimeoutMs: number;
  readonly schedule: DailyResetSchedule | undefined;
  readonly nextExpectedMsgSeqNum: boolean;
}

export function resolveSettings(s: SessionSettings): ResolvedSettings {
  if (s.senderCompID.length === 0 || s.targetCompID.length === 0) {
    throw new RangeError('a session needs a SenderCompID and a TargetCompID');
  }
  const heartBtInt = s.heartBtInt ?? 30;
  if (!Number.isInteger(heartBtInt) || heartBtInt < 0) {
    throw new RangeError(`HeartBtInt must be a whole number of seconds >= 0, got ${heartBtInt}`);
  }
  return {
    senderCompID: s.senderCompID,
    targetCompID: s.targetCompID,
    initiator: s.role === 'initiator',
    heartBtIntMs: heartBtInt * 1000,
    resetOnLogon: s.resetOnLogon ?? false,
    resetOnLogout: s.resetOnLogout ?? false,
    resetOnDisconnect: s.resetOnDisconnect ?? false,
    checkLatency: s.checkLatency ?? true,
    maxLatencyMs: (s.maxLatency ?? 120) * 1000,
    checkCompID: s.checkCompID ?? true,
    logonTimeoutMs: (s.logonTimeout ?? 10) * 1000,
    logoutTimeoutMs: (s.logoutTimeout ?? 2) * 1000,
    schedule: s.schedule,
    nextExpectedMsgSeqNum: s.enableNextExpectedMsgSeqNum ?? false,
  };
}
