/**
 * A frame whose tag=value run cannot be read (a tag that is not a number, a field without '=',
 * a data field whose length runs past the frame, a header that does not start 8, 9, 35).
 *
 * What the session does with it (FIX 4.4 Vol. 2, "Reject"): when `msgSeqNum` is known the
 * message was received and gets a Reject (35=3) with `sessionRejectReason`/`refTagID`;
 * otherwise it is garbled and is ignored.
 */
export class FixParseError extends Error {
  override readonly name = 'FixParseError';

  constructor(
    message: string,
    /** FIX 373 SessionRejectReason that fits the fault. */
    readonly sessionRejectReason: number,
    /** FIX 371 RefTagID, when one field is at fault. */
    readonly refTagID: number | undefined,
    /** Byte offset in the frame where reading stopped. */
    readonly offset: number,
    /** MsgSeqNum (34) when it was read before the fault. */
    readonly msgSeqNum?: number,
    /** MsgType (35) when it was read before the fault. */
    readonly msgType?: string,
  ) {
    super(message);
  }
}

/** A message that cannot be put on the wire as asked (an SOH in a text value, an empty value). */
export class FixEncodeError extends Error {
  override readonly name = 'FixEncodeError';

  constructor(message: string, readonly tag: number) {
    super(message);
  }
}
