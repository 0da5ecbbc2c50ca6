import { SentIndex } from './SentIndex';

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

const SLAB = 1 << 20;

/**
 * A store that lives as long as the process: for tests and sessions that need no recovery.
 * Frames are copied into 1 MiB slabs, so storing one allocates nothing per message.
 */
export class MemoryStore implements MessageStore {
  private sender = 1;
  private target = 1;
  private created: number;
  private slabs: Uint8Array[] = [];
  private slabUsed = SLAB;
  /** Location = slab number × SLAB + offset in the slab. */
  private readonly index = new SentIndex();

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
    const n = frame.length;
    if (n > SLAB) {
      // An outsize message gets a slab of its own, numbered like the others.
      this.slabs.push(frame.slice());
      this.index.set(seqNum, (this.slabs.length - 1) * SLAB, n);
      this.slabUsed = SLAB;
    } else {
      if (this.slabUsed + n > SLAB) {
        this.slabs.push(new Uint8Array(SLAB));
        this.slabUsed = 0;
      }
      this.slabs[this.slabs.length - 1]!.set(frame, this.slabUsed);
      this.index.set(seqNum, (this.slabs.length - 1) * SLAB + this.slabUsed, n);
      this.slabUsed += n;
    }
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
    this.index.forEach(begin, end, (seq, location, length) => {
      const slab = Math.floor(location / SLAB);
      const offset = location - slab * SLAB;
      fn(seq, this.slabs[slab]!.subarray(offset, offset + length));
    });
  }

  reset(now: number): void {
    this.sender = 1;
    this.target = 1;
    this.created = now;
    this.slabs = [];
    this.slabUsed = SLAB;
    this.index.clear();
  }

  flush(): void {
    // Nothing to make durable.
  }

  close(): void {
    this.reset(this.created);
  }
}
