import { createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { TlsOptions } from 'node:tls';
import { FixView } from '../codec';
import type { FixSession } from '../session';
import { FixConnection } from './FixConnection';

export interface FixAcceptorOptions {
  /** Listen address; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** 0 picks a free port (see address after listen()). */
  port: number;
  /** TLS: key and certificate (PEM) at least. */
  tls?: TlsOptions;
  /**
   * The session for a Logon addressed to `ourCompID` (its 56) from `theirCompID` (its 49):
   * a configured one, one made on demand (a gateway hosting many), or a refusal reason.
   * The connection is dropped without a word when refused, as QuickFIX does. May answer with
   * a promise (an authentication that takes time); the view is valid only until it returns.
   */
  sessionFor: (ourCompID: string, theirCompID: string, logon: FixView) => FixSession | string | Promise<FixSession | string>;
  /** Drop connections that send no Logon within this many ms (default 10 s). */
  logonTimeoutMs?: number;
  /** Called before a session's store is flushed (flush an application journal first). */
  beforeFlush?: () => void;
  /** Connection-level events: refused, dropped, logged on, closed. */
  onEvent?: (text: string) => void;
  /** Output that may wait for a peer that does not read before the connection is dropped (FixConnection). */
  maxBufferedBytes?: number;
}

/**
 * The acceptor end: one listening socket, any number of sessions keyed by CompIDs. A Logon for
 * a session that already has a live connection is refused (the first keeps running).
 */
export class FixAcceptor {
  private server: Server | null = null;
  private readonly connections = new Set<TrackedConnection>();
  private readonly view = new FixView();

  constructor(private readonly options: FixAcceptorOptions) {}

  /** Starts listening; resolves with the address actually bound. */
  listen(): Promise<AddressInfo> {
    const server = this.options.tls !== undefined ? createTlsServer(this.options.tls, (s) => this.accept(s)) : createNetServer((s) => this.accept(s));
    this.server = server;
    if (this.options.tls !== undefined) {
      server.on('tlsClientError', (e) => this.options.onEvent?.(`TLS handshake failed: ${e.message}`));
    }
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        server.on('error', (e) => this.options.onEvent?.(`listener error: ${e.message}`));
        resolve(server.address() as AddressInfo);
      });
    });
  }

  /**
   * Logs out every logged-on session, waits for them to close (at most timeoutMs), drops the
   * rest and stops listening.
   */
  async close(text?: string, timeoutMs = 3000): Promise<void> {
    const server = this.server;
    this.server = null;
    const closing = new Promise<void>((resolve) => (server === null ? resolve() : server.close(() => resolve())));
    const waits = [...this.connections].map((c) => c.closed);
    for (const c of this.connections) c.logoutOrDrop(text);
    await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    for (const c of [...this.connections]) c.connection.drop('Acceptor closing');
    await closing;
  }

  private accept(socket: Socket): void {
    const tracked = new TrackedConnection();
    tracked.connection = new FixConnection(socket, null, {
      identify: (frame) => this.identify(frame),
      identifyTimeoutMs: this.options.logonTimeoutMs ?? 10_000,
      beforeFlush: this.options.beforeFlush,
      maxBufferedBytes: this.options.maxBufferedBytes,
      onLogonChange: (loggedOn) => {
        if (loggedOn) this.options.onEvent?.(`logged on from ${tracked.connection.remoteAddress}`);
      },
      onClose: (reason) => {
        this.connections.delete(tracked);
        tracked.resolveClosed();
        this.options.onEvent?.(`connection from ${tracked.connection.remoteAddress} closed: ${reason}`);
      },
    });
    this.connections.add(tracked);
  }

  private identify(frame: Uint8Array): FixSession | string | Promise<FixSession | string> {
    let view: FixView;
    try {
      view = this.view.reset(frame);
    } catch {
      return 'First message is not readable';
    }
    if (view.msgType !== 'A') return 'First message is not a Logon';
    const ours = view.get(56);
    const theirs = view.get(49);
    if (ours === undefined || theirs === undefined || ours.length === 0 || theirs.length === 0) return 'Logon without CompIDs';
    let found: FixSession | string | Promise<FixSession | string>;
    try {
      found = this.options.sessionFor(ours, theirs, view);
    } catch (e) {
      found = `session unavailable: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (found instanceof Promise) {
      return found.then(
        (decided) => this.checkFound(decided, ours, theirs),
        (e: unknown) => this.checkFound(`session unavailable: ${e instanceof Error ? e.message : String(e)}`, ours, theirs),
      );
    }
    return this.checkFound(found, ours, theirs);
  }

  private checkFound(found: FixSession | string, ours: string, theirs: string): FixSession | string {
    if (typeof found === 'string') {
      this.options.onEvent?.(`Logon from ${theirs} to ${ours} refused: ${found}`);
      return found;
    }
    if (found.isConnected) {
      this.options.onEvent?.(`Logon from ${theirs} to ${ours} refused: session already connected`);
      return 'Session already connected';
    }
    return found;
  }
}

/** A connection and a way to end it politely. */
class TrackedConnection {
  connection!: FixConnection;
  resolveClosed: () => void = () => undefined;
  readonly closed = new Promise<void>((resolve) => {
    this.resolveClosed = resolve;
  });

  logoutOrDrop(text?: string): void {
    const session = this.connection.attachedSession;
    if (session !== null && session.isLoggedOn) session.logout(text);
    else this.connection.drop('Acceptor closing');
  }
}
