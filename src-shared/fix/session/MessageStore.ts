/**
 * Where a session keeps its sequence numbers and the messages it sent (for resends). All calls
 * are synchronous so the session stays a plain state machine; a durable store buffers writes
 * and makes them durable in flush(), which the transport calls before the bytes of those
 * messages leave the process.
 */
export interface MessageStore {
  readonly nextSenderMsgSeqNum: number;
  readonly nextTargetMsgSeqNum: number;
  /** When the current sequence started (epoch ms): set by reset(). */
  readonly creationTime: number;
  /**
   * Records a sent message and advances the next sender number to seqNum + 1 in one step, so a
   * crash can never leave a stored message with its number still unused. The frame is copied
   * (or written) before returning: callers may reuse its buffer.
   */
  saveSent(seqNum: number, frame: Uint8Array): void;
  setNextSenderMsgSeqNum(value: number): void;
  setNextTargetMsgSeqNum(value: number): void;
  incrNextTargetMsgSeqNum(): void;
  /** Calls fn for each stored message with begin <= seq <= end, in ascending order. */
  forEachSent(begin: number, end: number, fn: (seqNum: number, frame: Uint8Array) => void): void;
  /** Starts a new sequence: both numbers back to 1, messages dropped, creationTime = now. */
  reset(now: number): void;
  /** Makes everything recorded so far durable (per the store's fsync policy). */
  flush(): void;
  close(): void;
}

/** A store that lives as long as the process: for tests and sessions that need no recovery. */
export class MemoryStore implements MessageStore {
  private sender = 1;
  private target = 1;
  private created: number;
  /** Sent frames indexed by MsgSeqNum (holes where nothing was stored). */
  private messages: (Uint8Array | undefined)[] = [];

  constructor(now = Date.now()) {
    this.created = now;
  }

  get nextSenderMsgSeqNum(): number {
    return this.sender;
  }

  get nextTargetMsgSeqNum(): number {
    return this.target;
  }

  get creationTime(): number {
    return this.created;
  }

  saveSent(seqNum: number, frame: Uint8Array): void {
    this.messages[seqNum] = frame.slice();
    this.sender = seqNum + 1;
  }

  setNextSenderMsgSeqNum(value: number): void {
    this.sender = value;
  }

  setNextTargetMsgSeqNum(value: number): void {
    this.target = value;
  }

  incrNextTargetMsgSeqNum(): void {
    this.target++;
  }

  forEachSent(begin: number, end: number, fn: (seqNum: number, frame: Uint8Array) => void): void {
    const last = Math.min(end, this.messages.length - 1);
    for (let seq = Math.max(begin, 1); seq <= last; seq++) {
      const frame = this.messages[seq];
      if (frame !== undefined) fn(seq, frame);
    }
  }

  reset(now: number): void {
    this.sender = 1;
    this.target = 1;
    this.created = now;
    this.messages = [];
  }

  flush(): void {
    // Nothing to make durable.
  }

  close(): void {
    this.messages = [];
  }
}
