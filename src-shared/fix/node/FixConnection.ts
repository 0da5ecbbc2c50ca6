import type { Socket } from 'node:net';
import { FixFramer } from '../codec';
import type { FixSession, SessionTransport } from '../session';
import { BodyLengthResync } from './BodyLengthResync';

export interface FixConnectionOptions {
  /**
   * Acceptor side: the session is not known until the first message. Called with it; return
   * the session to attach, or the reason to drop the connection without a word. A promise
   * (e.g. a password check off the event loop) holds the input until it settles.
   */
  identify?: (frame: Uint8Array) => FixSession | string | Promise<FixSession | string>;
  /** Drop a connection that has not identified itself by then (ms). Default 10 s. */
  identifyTimeoutMs?: number;
  /** Called before the store is flushed, e.g. to flush an application journal first. */
  beforeFlush?: () => void;
  /** The session went from not logged on to logged on, or back. */
  onLogonChange?: (loggedOn: boolean) => void;
  onClose?: (reason: string) => void;
  /**
   * Most output that may wait for a peer that does not read (in the socket and here). Beyond
   * it the connection is dropped: every message sent is in the store, and the peer gets it
   * again by ResendRequest after reconnecting. Default 16 MiB.
   */
  maxBufferedBytes?: number;
}

const OUT_CHUNK = 64 * 1024;
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Binds one socket (TCP or TLS) to one session: frames the input, feeds the session, and
 * writes what it sends. Output of one turn of the event loop goes out in a single write, after
 * the store has made the messages it holds durable. Nagle is off. The session's timer is one
 * setTimeout at session.nextTimerAt().
 *
 * Backpressure: once the socket's buffer is full (write returns false) output waits here, in
 * order, until 'drain'; the session reports isWritable false meanwhile and tells the
 * application (onWritable) when it may send again. Output waiting beyond maxBufferedBytes
 * drops the connection rather than memory growing without bound; nothing is lost, as every
 * message sent is in the store and is resent on request after reconnecting.
 */
export class FixConnection implements SessionTransport {
  private session: FixSession | null;
  private readonly framer = new FixFramer();
  private readonly resync = new BodyLengthResync();
  private out = Buffer.allocUnsafe(OUT_CHUNK);
  private outStart = 0;
  private outEnd = 0;
  private inBatch = false;
  private flushQueued = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Infinity;
  private identifyTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** An asynchronous identify() is deciding: input waits in the framer. */
  private identifying = false;
  private loggedOn = false;
  private closeReason = 'Connection closed';
  /** The socket's buffer is full: output waits in `out` until 'drain'. */
  private blocked = false;
  /** More output than maxBufferedBytes waits: the connection is dropped at the end of the turn. */
  private overflowed = false;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly socket: Socket,
    session: FixSession | null,
    private readonly options: FixConnectionOptions = {},
  ) {
    this.session = session;
    this.maxBufferedBytes = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    socket.setNoDelay(true);
    socket.on('drain', () => this.onDrain());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => {
      this.closeReason = `Connection error: ${e.message}`;
    });
    socket.on('close', () => this.onClose());
    if (session !== null) {
      session.connect(this);
      this.afterTurn();
    } else {
      this.identifyTimer = setTimeout(() => this.drop('No Logon received'), options.identifyTimeoutMs ?? 10_000);
      this.identifyTimer.unref();
    }
  }

  /** The session this connection carries (null before the Logon identified it, and after). */
  get attachedSession(): FixSession | null {
    return this.session;
  }

  /** False while the socket's buffer is full and output waits for the peer to read. */
  get writable(): boolean {
    return !this.blocked && !this.closed;
  }

  /** Output not yet taken by the peer: in the socket's buffer and waiting here. */
  get bufferedBytes(): number {
    return this.socket.writableLength + (this.outEnd - this.outStart);
  }

  get remoteAddress(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  /** SessionTransport: queue a frame (copied now: the session reuses its buffer). */
  send(frame: Uint8Array): void {
    if (this.closed || this.overflowed) return;
    const n = frame.length;
    if (this.bufferedBytes + n > this.maxBufferedBytes) {
      // Stored already; the peer asks for it again after the reconnect this forces.
      this.overflowed = true;
      this.queueAfterTurn();
      return;
    }
    if (this.outEnd + n > this.out.length) this.makeRoom(n);
    this.out.set(frame, this.outEnd);
    this.outEnd += n;
    this.queueAfterTurn();
  }

  private queueAfterTurn(): void {
    if (!this.inBatch && !this.flushQueued) {
      this.flushQueued = true;
      process.nextTick(() => {
        this.flushQueued = false;
        this.afterTurn();
      });
    }
  }

  /** A fresh chunk for `n` more bytes, carrying over what waits for 'drain'. */
  private makeRoom(n: number): void {
    // The journals first, always: bytes that reach the peer must be recoverable after a crash.
    this.flush();
    // Bytes handed to the socket stay untouched until written: start a fresh chunk.
    const waiting = this.outEnd - this.outStart;
    const next = Buffer.allocUnsafe(Math.max(OUT_CHUNK, n, waiting > 0 ? 2 * (waiting + n) : 0));
    this.out.copy(next, 0, this.outStart, this.outEnd);
    this.out = next;
    this.outStart = 0;
    this.outEnd = waiting;
  }

  /** SessionTransport: the session is done with this connection. */
  disconnect(): void {
    this.flush();
    this.session = null;
    this.end();
  }

  /** Closes the connection without a word (acceptor: unknown or duplicate session). */
  drop(reason: string): void {
    this.closeReason = reason;
    if (this.session !== null) {
      const s = this.session;
      this.session = null;
      s.onDisconnected(reason);
    }
    this.end();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.framer.push(chunk);
    this.consume();
  }

  /** Feeds every whole frame the framer holds to the session (or to identify() first). */
  private consume(): void {
    if (this.identifying) return;
    this.inBatch = true;
    try {
      for (;;) {
        const result = this.framer.next();
        if (result === null) break;
        if (this.resync.swallow(result)) continue;
        const session = this.session;
        if (session === null) {
          if (result.kind !== 'frame' || this.options.identify === undefined) {
            this.drop('First message is not a valid FIX 4.4 Logon');
            break;
          }
          const found = this.options.identify(result.bytes);
          if (found instanceof Promise) {
            this.awaitIdentity(found, result.bytes.slice());
            break;
          }
          if (!this.attach(found, result.bytes)) break;
          continue;
        }
        if (result.kind === 'frame') session.onFrame(result.bytes);
        else session.onGarbled(result.reason, result.bytes);
        if (this.closed) break;
      }
    } catch (e) {
      // A fault in the engine or the application must cost this connection, never the process.
      this.inBatch = false;
      this.drop(`Internal error: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.inBatch = false;
    }
    this.afterTurn();
  }

  private awaitIdentity(decision: Promise<FixSession | string>, logon: Uint8Array): void {
    this.identifying = true;
    decision.then(
      (found) => {
        this.identifying = false;
        if (this.closed) return;
        this.inBatch = true;
        try {
          if (!this.attach(found, logon)) return;
        } finally {
          this.inBatch = false;
        }
        this.consume();
      },
      (e: unknown) => {
        this.identifying = false;
        this.drop(`Logon could not be decided: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }

  /** Attaches the identified session and gives it the Logon; false when the connection is dropped. */
  private attach(found: FixSession | string, logon: Uint8Array): boolean {
    if (typeof found === 'string') {
      this.drop(found);
      return false;
    }
    this.session = found;
    if (this.identifyTimer !== null) clearTimeout(this.identifyTimer);
    found.connect(this);
    found.onFrame(logon);
    return !this.closed;
  }

  /** Flush what the turn produced, report logon changes, and re-arm the session timer. */
  private afterTurn(): void {
    if (this.overflowed && !this.closed) {
      this.drop(`Peer is not reading: more than ${this.maxBufferedBytes} bytes of output waiting`);
      return;
    }
    this.flush();
    const session = this.session;
    if (session === null) return;
    if (session.isLoggedOn !== this.loggedOn) {
      this.loggedOn = session.isLoggedOn;
      this.options.onLogonChange?.(this.loggedOn);
    }
    const at = session.nextTimerAt();
    if (at < this.timerAt) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timerAt = at;
      this.timer = at === Infinity ? null : setTimeout(() => this.onTimer(), Math.max(0, at - Date.now()));
    }
  }

  private onTimer(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.closed || this.session === null) return;
    this.inBatch = true;
    try {
      this.session.onTimer();
    } finally {
      this.inBatch = false;
    }
    this.afterTurn();
  }

  /** Journals first (the application's, then the store's), then the socket: never the reverse. */
  private flush(): void {
    this.options.beforeFlush?.();
    this.session?.store.flush();
    this.writeOut();
  }

  private writeOut(): void {
    if (this.blocked || this.outEnd === this.outStart || this.socket.destroyed || this.socket.writableEnded) return;
    const room = this.socket.write(this.out.subarray(this.outStart, this.outEnd));
    this.outStart = this.outEnd;
    if (!room) this.blocked = true;
  }

  /** The socket took what it held: write what waited, and tell the application it may send. */
  private onDrain(): void {
    if (!this.blocked || this.closed) return;
    this.blocked = false;
    this.flush();
    if (!this.blocked && this.session !== null) {
      this.inBatch = true;
      try {
        this.session.onWritable();
      } finally {
        this.inBatch = false;
      }
    }
    this.afterTurn();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    this.socket.end();
    // A peer that never closes its side must not keep the socket forever.
    setTimeout(() => this.socket.destroy(), 2_000).unref();
  }

  private onClose(): void {
    this.closed = true;
    this.clearTimers();
    const session = this.session;
    this.session = null;
    if (session !== null) session.onDisconnected(this.closeReason);
    if (this.loggedOn) {
      this.loggedOn = false;
      this.options.onLogonChange?.(false);
    }
    this.options.onClose?.(this.closeReason);
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.identifyTimer !== null) clearTimeout(this.identifyTimer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}
