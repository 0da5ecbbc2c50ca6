import { createServer, connect, type Server, type Socket } from 'node:net';
import { FrameScanner, isAdminMsgType, readMessage, type WireMessage } from './fixWire';

// A TCP proxy between a FIX initiator and acceptor that sees every message and can lose or
// alter the n-th application message in either direction. Losing one is how a test forces a
// real sequence gap: the receiver sees a higher MsgSeqNum, asks for a resend, and the sender
// must replay the stored message with PossDupFlag=Y. Listens on 127.0.0.1 only.

export type Direction = 'toAcceptor' | 'toInitiator';

export interface ProxiedMessage extends WireMessage {
  readonly direction: Direction;
  /** 1 for the first TCP connection through the proxy, 2 after a reconnect, … */
  readonly connection: number;
  readonly dropped: boolean;
  readonly rewritten: boolean;
}

type Fault = { kind: 'drop' } | { kind: 'rewrite'; rewrite: (frame: Buffer) => Buffer };

export class FixFaultProxy {
  readonly messages: ProxiedMessage[] = [];
  private readonly faults = new Map<string, Fault>();
  private readonly applicationCounts: Record<Direction, number> = { toAcceptor: 0, toInitiator: 0 };
  private readonly listeners = new Set<(message: ProxiedMessage) => void>();
  private readonly sockets = new Set<Socket>();
  private connections = 0;

  private constructor(
    private readonly server: Server,
    public upstreamPort: number,
  ) {}

  static async listen(upstreamPort: number): Promise<FixFaultProxy> {
    const server = createServer();
    const proxy = new FixFaultProxy(server, upstreamPort);
    server.on('connection', (downstream) => proxy.accept(downstream));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy is not listening');
    return address.port;
  }

  /** Loses the n-th (1-based, counted over the proxy's life) application message in a direction. */
  dropApplicationMessage(direction: Direction, nth: number): void {
    this.faults.set(`${direction}:${nth}`, { kind: 'drop' });
  }

  /** Replaces the n-th application message in a direction with rewrite(frame). */
  rewriteApplicationMessage(direction: Direction, nth: number, rewrite: (frame: Buffer) => Buffer): void {
    this.faults.set(`${direction}:${nth}`, { kind: 'rewrite', rewrite });
  }

  /** Called synchronously for every message as it passes, before it is forwarded. */
  onMessage(listener: (message: ProxiedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async waitFor(what: string, predicate: (message: ProxiedMessage) => boolean, timeoutMs: number): Promise<ProxiedMessage> {
    const seen = this.messages.find(predicate);
    if (seen !== undefined) return seen;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`proxy: no ${what} within ${timeoutMs} ms (${this.messages.length} messages passed)`));
      }, timeoutMs);
      const unsubscribe = this.onMessage((message) => {
        if (!predicate(message)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(message);
      });
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(downstream: Socket): void {
    const connection = ++this.connections;
    const upstream = connect({ host: '127.0.0.1', port: this.upstreamPort });
    for (const socket of [downstream, upstream]) {
      this.sockets.add(socket);
      socket.setNoDelay(true);
      // Either side going away takes the other with it, as a broken network path would.
      socket.on('close', () => {
        this.sockets.delete(socket);
        downstream.destroy();
        upstream.destroy();
      });
      socket.on('error', () => socket.destroy());
    }
    this.pipe(downstream, upstream, 'toAcceptor', connection);
    this.pipe(upstream, downstream, 'toInitiator', connection);
  }

  private pipe(from: Socket, to: Socket, direction: Direction, connection: number): void {
    const scanner = new FrameScanner();
    from.on('data', (chunk: Buffer) => {
      for (const piece of scanner.push(chunk)) {
        if (piece.kind === 'garbage') {
          to.write(piece.bytes);
          continue;
        }
        const forwarded = this.pass(piece.bytes, direction, connection);
        if (forwarded !== null && !to.destroyed) to.write(forwarded);
      }
    });
  }

  private pass(frame: Buffer, direction: Direction, connection: number): Buffer | null {
    const message = readMessage(Buffer.from(frame));
    let fault: Fault | undefined;
    if (!isAdminMsgType(message.msgType)) {
      const nth = ++this.applicationCounts[direction];
      fault = this.faults.get(`${direction}:${nth}`);
    }
    const out = fault?.kind === 'rewrite' ? fault.rewrite(message.raw) : fault?.kind === 'drop' ? null : message.raw;
    const passed: ProxiedMessage = {
      ...(out === null || out === message.raw ? message : readMessage(out)),
      direction,
      connection,
      dropped: out === null,
      rewritten: fault?.kind === 'rewrite',
    };
    this.messages.push(passed);
    for (const listener of this.listeners) listener(passed);
    return out;
  }
}
