import type { FixMessage, FixView } from '../codec';
import type { FixSession } from './FixSession';

/**
 * What the application sees of a session (QuickFIX's Application, in our words). Views passed
 * in are only valid during the call: copy what you keep (FixMessage.fromView, view.get).
 *
 * fromApp/fromAdmin may throw SessionReject or BusinessReject to have the session answer with a
 * Reject (35=3) or BusinessMessageReject (35=j); the inbound MsgSeqNum is then consumed.
 */
export interface FixApplication {
  /** Both Logons exchanged: the session is live. */
  onLogon?(session: FixSession): void;
  /** The session ended: peer Logout, our Logout answered, timeout or a dropped connection. */
  onLogout?(session: FixSession, reason: string): void;
  /** An administrative message is about to be stored and sent: add 553/554/91 to a Logon here. */
  toAdmin?(message: FixMessage, session: FixSession): void;
  /** An administrative message passed the session checks. */
  fromAdmin?(view: FixView, session: FixSession): void;
  /** An application message passed the session checks, in sequence, exactly once per MsgSeqNum. */
  fromApp(view: FixView, session: FixSession): void;
  /**
   * Acceptor only: decide on a Logon that passed the session checks. Return a text to refuse
   * it (the session answers with Logout carrying that text and disconnects), or nothing.
   */
  authorizeLogon?(logon: FixView, session: FixSession): string | undefined;
  /**
   * The connection takes output again after its buffer was full (session.isWritable was false):
   * a bulk sender resumes here. Messages sent meanwhile were kept, in order, not lost.
   */
  onWritable?(session: FixSession): void;
  /** Whether a stored application message may be resent (PossDupFlag=Y); false gap-fills it. */
  allowResend?(stored: FixView, session: FixSession): boolean;
}

/** Thrown by fromApp/fromAdmin: answer with a session Reject (35=3). */
export class SessionReject extends Error {
  override readonly name = 'SessionReject';

  constructor(
    /** FIX 373 SessionRejectReason. */
    readonly reason: number,
    /** FIX 371 RefTagID. */
    readonly refTagID?: number,
    /** Text (58); QuickFIX's text for the reason when omitted. */
    readonly text?: string,
  ) {
    super(text ?? `session reject ${reason}`);
  }
}

/** Thrown by fromApp: answer with a BusinessMessageReject (35=j). */
export class BusinessReject extends Error {
  override readonly name = 'BusinessReject';

  constructor(
    /** FIX 380 BusinessRejectReason. */
    readonly reason: number,
    /** The field at fault; QuickFIX appends it to the text as " (tag)". */
    readonly refTagID?: number,
    /** Text (58); QuickFIX's text for the reason when omitted. */
    readonly text?: string,
  ) {
    super(text ?? `business reject ${reason}`);
  }
}
